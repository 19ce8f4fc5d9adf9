"""A worker's memory, stage by stage, as the service starts: resident set size (RSS, from /proc) after each.

Stages: the interpreter; `import app.main` (the libraries); the lexicon and rules loaded and indexed; the
service's warm-up; the goods reading aid built; the company-name matcher; then `--items` distinct goods lines
of the pipeline benchmark's corpus screened with the item memory on (ITEM_CACHE_SIZE); with `--tariff N`,
then N tariff lines of the nomenclatures (Chinese and Russian in turn) screened as items: text the caches have
not seen, as a worker meets it over days. Each stage's growth is what it keeps plus what the allocator did not
give back. Issue 20's goal is a worker under 250 MB.

    python bench/memory.py [--items 4096] [--tariff 20000]
"""

import argparse
import gc
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=4096)
    parser.add_argument("--tariff", type=int, default=0, help="then this many tariff lines screened as items")
    args = parser.parse_args()
    rows: list[tuple[str, float, float]] = []
    last = [time.perf_counter()]

    def stage(name: str) -> None:
        gc.collect()
        now = time.perf_counter()
        rows.append((name, rss_mb(), now - last[0]))
        last[0] = now

    stage("interpreter")
    import app.main  # noqa: F401  (the service's imports, as a worker makes them)

    stage("import app.main")
    from app.core.types import Declaration, Item
    from app.screening.pipeline import load_resources, screen

    res = load_resources(cache_dir=ROOT / "var" / "cache")
    stage("lexicon and rules loaded")
    screen(Declaration(items=(Item("醋酸酐 200升 塑料桶"), Item("acetonne solvant"))), res)
    stage("warm-up screening")
    assert res.goods_aid is not None
    stage("goods reading aid")
    assert res.parties is not None
    stage("company-name matcher")
    from bench.pipeline import corpus

    texts = list(dict.fromkeys(corpus()))[: args.items]
    for text in texts:
        screen(Declaration(items=(Item(text),)), res)
    stage(f"{len(texts)} distinct items screened")
    if args.tariff:
        nomenclature = res.lexicon.nomenclature()
        assert nomenclature is not None
        pairs = zip(nomenclature.zh, nomenclature.ru, strict=False)  # the shorter one's length in each
        lines = [line.text for pair in pairs for line in pair][: args.tariff]
        for done, text in enumerate(lines, 1):
            screen(Declaration(items=(Item(text),)), res)
            if done % 5000 == 0 or done == len(lines):
                stage(f"{done} tariff lines screened")
    print(f"{'stage':<32}{'RSS MB':>8}{'+MB':>8}{'s':>7}")
    previous = rows[0][1]
    for name, rss, seconds in rows:
        print(f"{name:<32}{rss:>8.0f}{rss - previous:>8.0f}{seconds:>7.2f}")
        previous = rss


if __name__ == "__main__":
    main()
