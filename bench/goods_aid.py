"""The goods reading aid measured (issue 17): China's tariff lines held out from its index, each read back.

    python bench/goods_aid.py [--every 40]

Every 40th line of China's tariff (300 of 12,030) is taken out of the index; each held-out line's text is
given to the aid, and its first suggestion is compared with the line's own code: right to six digits (the HS
subheading, what TN VED shares) and to four (the heading). Prints the shares and the time per description,
and the index's build time.
"""

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from app.lexicon.loader import LEXICON_DIR
    from app.lexicon.nomenclature import load_nomenclature
    from app.screening.goods_aid import GoodsAid

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=40)
    args = parser.parse_args()
    nomenclature = load_nomenclature(LEXICON_DIR)
    assert nomenclature is not None
    held = nomenclature.zh[args.every // 2 :: args.every][:300]
    kept = tuple(line for line in nomenclature.zh if line not in set(held))
    started = time.perf_counter()
    aid = GoodsAid(replace(nomenclature, zh=kept))
    built = time.perf_counter() - started
    six = four = top3 = 0
    times = []
    misses = []
    for line in held:
        t0 = time.perf_counter()
        found = aid.suggest(line.text)
        times.append(time.perf_counter() - t0)
        first = found[0].subheading if found else ""
        six += first == line.code[:6]
        four += first[:4] == line.code[:4]
        top3 += any(s.subheading == line.code[:6] for s in found)
        if first[:4] != line.code[:4]:
            misses.append(f"{line.code} {line.text} -> {first} {found[0].line.text if found else ''}")
    n = len(held)
    print(
        f"held-out lines: {n} (every {args.every}th of {len(nomenclature.zh)}); index built in {built:.2f} s"
    )
    print(
        f"first suggestion right to 6 digits: {six}/{n} = {six / n:.3f}; "
        f"to 4 digits: {four}/{n} = {four / n:.3f}"
    )
    print(f"right subheading among the first three: {top3}/{n} = {top3 / n:.3f}")
    print(
        f"time per description: median {statistics.median(times) * 1e3:.2f} ms, max {max(times) * 1e3:.2f} ms"
    )
    for m in misses[:15]:
        print("  4-digit miss:", m)


if __name__ == "__main__":
    main()
