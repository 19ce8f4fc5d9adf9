"""Batch benchmark: declarations per second of `python -m app screen` over a large JSON Lines file.

    python bench/batch.py [--declarations 100000] [--workers 1 2]

Writes the file once (declarations of 1-3 items from the evaluation corpus, each a new reference), then runs
the command once per worker count with --out only (the screening and writing, not the database), and prints
wall time, declarations per second and the speed-up.
"""

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--declarations", type=int, default=100_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    from tests.evaluation import load_cases

    texts = [c.text for c in load_cases()]
    rng = random.Random(3)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "declarations.jsonl"
        with source.open("w", encoding="utf-8") as f:
            for i in range(args.declarations):
                items = [{"description": rng.choice(texts)} for _ in range(rng.choice((1, 1, 2, 3)))]
                f.write(json.dumps({"reference": f"BATCH-{i}", "items": items}, ensure_ascii=False) + "\n")
        for workers in args.workers:
            out = Path(tmp) / f"out-{workers}.jsonl"
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "app",
                    "screen",
                    str(source),
                    "--out",
                    str(out),
                    "--workers",
                    str(workers),
                ],
                cwd=ROOT,
                check=True,
                stderr=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
            seconds = time.perf_counter() - started
            lines = sum(1 for _ in out.open(encoding="utf-8"))
            rows.append((workers, seconds, lines))
            print(
                json.dumps(
                    {
                        "workers": workers,
                        "seconds": round(seconds, 1),
                        "declarations": lines,
                        "per_second": round(lines / seconds),
                    }
                ),
                flush=True,
            )
    base = rows[0][2] / rows[0][1]
    for workers, seconds, lines in rows:
        print(f"{workers} worker(s): {lines / seconds:,.0f} declarations/s ({lines / seconds / base:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
