"""Worst-case inputs: how long one 4,000-character description takes through the whole pipeline.

    python bench/hostile.py [--rounds 5]

Shapes that trip up regular expressions, segmenters and fuzzy matchers: one repeated character, random
CJK, mixed scripts, nested brackets, digits and separators, a name repeated without spaces, random
look-alike letters. Prints the median and worst of `--rounds` runs per shape, and the worst overall. The
test suite screens the same shapes for correctness (tests/screening/test_hostile_input.py); timing lives here.
"""

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LENGTH = 4000


def shapes(seed: int = 1) -> dict[str, str]:
    rng = random.Random(seed)
    cjk = "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(LENGTH))
    scripts = "醋酸酐aceticангидрид0123-,.()（）×升кг "
    mixed = "".join(rng.choice(scripts) for _ in range(LENGTH))
    lookalike = "".join(rng.choice("аеорсухАВЕКМНОРСТХaeopcyxABEKMHOPCTX ") for _ in range(LENGTH))
    return {
        "one character": "a" * LENGTH,
        "one CJK character": "酸" * LENGTH,
        "random CJK": cjk,
        "mixed scripts": mixed,
        "nested brackets": ("(" * (LENGTH // 2) + ")" * (LENGTH // 2)),
        "digits and separators": ("1,000.5 × 200 L / " * LENGTH)[:LENGTH],
        "a name, no spaces": ("aceticanhydride" * LENGTH)[:LENGTH],
        "look-alike letters": lookalike,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from app.core.types import Declaration, Item
    from app.main import warm_up
    from app.screening.pipeline import load_resources, screen

    res = load_resources(item_cache_size=0)  # the pipeline itself, every round
    # as the service starts: lazy loads paid before the first request, the reading aid's index built beside
    # it, and what was loaded frozen out of the collector's sight (app/main.py)
    warm_up(res)
    assert res.goods_aid is not None
    gc.collect()
    gc.freeze()
    worst = ("", 0.0)
    print(f"{'shape':<24}{'median ms':>10}{'worst ms':>10}  risk")
    for name, text in shapes().items():
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            result = screen(Declaration(items=(Item(text),)), res)
            times.append((time.perf_counter() - started) * 1000)
        print(f"{name:<24}{statistics.median(times):>10.1f}{max(times):>10.1f}  {result.risk_level.name}")
        if max(times) > worst[1]:
            worst = (name, max(times))
    print(f"worst case: {worst[0]}, {worst[1]:.1f} ms for {LENGTH} characters")


if __name__ == "__main__":
    main()
