"""Where a warm item's time goes: the pipeline's stages timed apart over the pipeline benchmark's corpus.

    python bench/stages.py [--rounds 3]

Each item of bench/pipeline.py's corpus goes through normalise (with the abbreviations), segment, facts, match
and the item rules, each stage timed on its own; one unmeasured pass first fills the caches, as the pipeline
benchmark's warm rounds do. Prints items per second and microseconds per item and stage for each round.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = ("normalise", "segment", "facts", "match", "rules")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from app.core.types import Item
    from app.screening import pipeline as p
    from bench.pipeline import corpus

    res = p.load_resources(None, cache_dir=ROOT / "var" / "cache")
    items = [Item(t) for t in corpus()]

    def one_round() -> tuple[float, dict[str, float]]:
        spent = dict.fromkeys(STAGES, 0.0)
        started = time.perf_counter()
        for item in items:
            t0 = time.perf_counter()
            expanded = res.abbreviations.expand(res.lexicon.normalise(item.description))
            norm = expanded.norm
            t1 = time.perf_counter()
            tokens = p.segment(norm, res.segmenter)
            t2 = time.perf_counter()
            facts = p.extract_facts(item, norm, tokens, res.facts, res.segmenter)
            t3 = time.perf_counter()
            found = p.find_matches(item, norm, tokens, res.index, res.segmenter, expanded.spans, None)
            t4 = time.perf_counter()
            spans = {cid: norm.to_original(s, e) for cid, s, e in facts.category_spans}
            p.evaluate_item(res.env, p.item_context(0, item.description, item.hs_code, found, facts, spans))
            t5 = time.perf_counter()
            for stage, spent_now in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
                spent[stage] += spent_now
        return time.perf_counter() - started, spent

    one_round()
    print(f"{'round':>5}{'items/s':>9}" + "".join(f"{s + ' µs':>13}" for s in STAGES))
    for r in range(1, args.rounds + 1):
        total, spent = one_round()
        row = "".join(f"{spent[s] / len(items) * 1e6:>13.0f}" for s in STAGES)
        print(f"{r:>5}{len(items) / total:>9.0f}{row}")


if __name__ == "__main__":
    main()
