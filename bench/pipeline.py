"""Pipeline benchmark: start-up time and items per second in one process, and growth with lexicon size.

    python bench/pipeline.py [--scale 1 10] [--rounds 3]

The corpus is every description of the labelled evaluation corpus (Chinese, Russian, English and mixed, about
40 characters each) plus variants of them with numbers changed, so caches see realistic but not identical
text. "cold" is the first pass over the corpus in a fresh process (every cache empty); "warm" is the median of
the later passes and "best" the fastest of them: the pipeline itself, with no memory of items screened before.
"mix" is traffic as clearance systems send it: the corpus in a random order with about a third of the items
repeating goods sent earlier in the stream (issue 20's mix), screened with the item cache on (ITEM_CACHE_SIZE,
app/screening/item_cache.py), emptied before each round; the median of the rounds. "loop s" is the machine's
speed at the time (machine_loop_seconds): items per second follow it.
For --scale N > 1 the lexicon is grown to N times its substances with synthetic names in three languages.
Each configuration runs in a fresh subprocess so start-up is measured honestly.
"""

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HAN = "甲乙丙丁戊己庚辛壬癸氧氢氮碳硫磷氯溴碘钠钾钙镁铝铁铜锌锰铬镍钴酸碱醇醚酮醛酯胺腈苯萘吡啶"
CYR = "абвгдежзиклмнопрстуфхцчшэюя"
LAT = "abcdefghiklmnoprstuvxyz"
TEXTS = {"en": "synthetic", "ru": "синтетика", "zh": "合成"}


def corpus() -> list[str]:
    from tests.evaluation import load_cases

    rng = random.Random(7)
    texts = [c.text for c in load_cases()]
    variants = []
    for t in texts:
        variants.append("".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in t))
    return texts + variants


def mix(texts: list[str], repeat_share: float = 1 / 3, seed: int = 11) -> list[str]:
    """The texts in a random order, with about `repeat_share` of the stream repeating a text sent earlier."""
    rng = random.Random(seed)
    fresh = list(texts)
    rng.shuffle(fresh)
    stream: list[str] = []
    odds = repeat_share / (1 - repeat_share)  # repeats per fresh text
    for text in fresh:
        stream.append(text)
        if rng.random() < odds:
            stream.append(rng.choice(stream))
    return stream


def synthetic_lexicon(scale: int, target: Path) -> None:
    """Copy the real lexicon and add (scale - 1) x its substance count of synthetic substances."""
    from app.lexicon.loader import LEXICON_DIR

    shutil.copytree(
        LEXICON_DIR, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    real = sum(
        len(yaml.safe_load(p.read_text(encoding="utf-8"))["substances"])
        for p in LEXICON_DIR.glob("substances_*.yaml")
    )
    rng = random.Random(scale)

    used: set[str] = set()

    def word(alphabet: str, lo: int, hi: int) -> str:
        """A random word no other synthetic name has used (at 100x, short Chinese words would collide)."""
        while True:
            w = "".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi)))
            if w not in used:
                used.add(w)
                return w

    entries = []
    for i in range(real * (scale - 1)):
        entries.append(
            {
                "id": f"synthetic_{i}",
                "table": rng.choice(["I", "II"]),
                "cas": [],
                "hs": [],
                "names": {
                    "en": [f"{word(LAT, 6, 10)} {word(LAT, 5, 9)}", f"zz{word(LAT, 7, 11)}"],
                    "zh": [word(HAN, 4, 6), word(HAN, 4, 6)],
                    "ru": [f"{word(CYR, 6, 10)}ный {word(CYR, 5, 8)}ид", f"зз{word(CYR, 7, 10)}"],
                },
                "form": "liquid",
                "appearance": TEXTS,
                "licit_uses": TEXTS,
                "illicit_use": TEXTS,
                "checks": TEXTS,
                "sources": ["synthetic benchmark data"],
            }
        )
    (target / "substances_synthetic.yaml").write_text(
        yaml.safe_dump({"substances": entries}, allow_unicode=True), encoding="utf-8"
    )


def machine_loop_seconds(additions: int = 5_000_000) -> float:
    """This machine's speed now, in the unit RESULTS.md quotes it in: seconds for ten million additions in a
    Python loop (0.55 to 1.5 s seen on the VMs here, with the same code). Items per second are only comparable
    between runs whose loop took about as long."""
    code = compile(f"total = 0\nfor i in range({additions}):\n    total += i\n", "<loop>", "exec")
    started = time.perf_counter()
    exec(code, {})  # at module level, as `python3 -c` runs it (globals, not a function's locals)
    return (time.perf_counter() - started) * 10_000_000 / additions


def measure(lexicon_dir: str | None, rounds: int) -> dict[str, float]:
    """Runs inside the child process."""
    loop_before = machine_loop_seconds()
    started = time.perf_counter()
    from app.config import get_settings
    from app.core.types import Declaration, Item
    from app.screening.item_cache import ItemCache
    from app.screening.pipeline import load_resources, screen

    res = load_resources(
        Path(lexicon_dir) if lexicon_dir else None, cache_dir=ROOT / "var" / "cache", item_cache_size=0
    )
    startup = time.perf_counter() - started
    texts = corpus()
    declarations = [Declaration(items=(Item(t),)) for t in texts]
    t0 = time.perf_counter()
    for d in declarations:
        screen(d, res)
    cold = time.perf_counter() - t0
    warm_runs = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for d in declarations:
            screen(d, res)
        warm_runs.append(time.perf_counter() - t0)
    warm = statistics.median(warm_runs)
    best = min(warm_runs)
    stream = [Declaration(items=(Item(t),)) for t in mix(texts[: len(texts) // 2])]
    cached = replace(res, item_cache=ItemCache(get_settings().item_cache_size))
    mix_runs = []
    for _ in range(rounds):
        cached.item_cache.clear()
        t0 = time.perf_counter()
        for d in stream:
            screen(d, cached)
        mix_runs.append(time.perf_counter() - t0)
    loop = (loop_before + machine_loop_seconds()) / 2  # before and after: the VM drifts
    return {
        "loop_s": loop,
        "substances": len(res.lexicon.substances),
        "items": len(texts),
        "mean_chars": statistics.mean(len(t) for t in texts),
        "startup_s": startup,
        "load_s": res.load_seconds,
        "cold_items_per_s": len(texts) / cold,
        "warm_items_per_s": len(texts) / warm,
        "best_items_per_s": len(texts) / best,
        "warm_us_per_item": warm / len(texts) * 1e6,
        "mix_items_per_s": len(stream) / statistics.median(mix_runs),
        "mix_repeats": 1 - len(set(d.items[0].description for d in stream)) / len(stream),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        print(json.dumps(measure(args.child or None, args.rounds)))
        return
    rows = []
    for scale in args.scale:
        with tempfile.TemporaryDirectory() as tmp:
            lexicon_arg = ""
            if scale > 1:
                synthetic_lexicon(scale, Path(tmp))
                lexicon_arg = tmp
            out = subprocess.run(
                [sys.executable, __file__, "--child", lexicon_arg, "--rounds", str(args.rounds)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            rows.append((scale, json.loads(out.stdout.strip().splitlines()[-1])))
    print(f"{'lexicon':>8}{'substances':>11}{'items':>7}{'chars':>6}{'start s':>9}{'cold it/s':>11}"
          f"{'warm it/s':>11}{'best it/s':>11}{'us/item':>9}{'mix it/s':>10}{'repeats':>9}"
          f"{'loop s':>8}")  # fmt: skip
    for scale, r in rows:
        print(
            f"{str(scale) + 'x':>8}{r['substances']:>11}{r['items']:>7}{r['mean_chars']:>6.0f}"
            f"{r['startup_s']:>9.2f}{r['cold_items_per_s']:>11.0f}{r['warm_items_per_s']:>11.0f}"
            f"{r['best_items_per_s']:>11.0f}"
            f"{r['warm_us_per_item']:>9.0f}"
            f"{r['mix_items_per_s']:>10.0f}"
            f"{r['mix_repeats']:>9.0%}"
            f"{r['loop_s']:>8.2f}"
        )
    if len(rows) > 1:
        base = rows[0][1]["warm_us_per_item"]
        for scale, r in rows[1:]:
            print(f"time per item at {scale}x lexicon: {r['warm_us_per_item'] / base:.2f}x the 1x figure")


if __name__ == "__main__":
    main()
