"""Cost per declaration as it grows: 1, 10 and 100 items, in one process, warm.

    python bench/items.py [--rounds 5]

Each declaration's items are descriptions of the evaluation corpus; prints the median time per declaration
and per item for each size (a linear pipeline keeps the per-item time flat).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    args = parser.parse_args()
    from app.core.types import Declaration, Item
    from app.screening.pipeline import load_resources, screen
    from tests.evaluation import load_cases

    texts = [c.text for c in load_cases()]
    res = load_resources()
    rng = random.Random(5)
    for text in texts:  # warm the caches once, as a running service has them
        screen(Declaration(items=(Item(text),)), res)
    print(f"{'items':>6}{'ms per declaration':>20}{'us per item':>14}")
    for size in args.sizes:
        times = []
        for _ in range(args.rounds):
            batch = [
                Declaration(items=tuple(Item(rng.choice(texts)) for _ in range(size))) for _ in range(50)
            ]
            started = time.perf_counter()
            for d in batch:
                screen(d, res)
            times.append((time.perf_counter() - started) / len(batch))
        median = statistics.median(times)
        print(f"{size:>6}{median * 1000:>20.2f}{median / size * 1e6:>14.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
