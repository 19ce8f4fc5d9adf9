#!/usr/bin/env python3
"""Every Chinese name the matcher indexes for look-alike reading (two or more Chinese characters), one per
line: the `--names` input of scripts/build_zh_confusables.py.

    python scripts/dump_zh_names.py > zh_names.txt
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core.normalise import is_han
from app.screening.pipeline import load_resources


def main() -> int:
    index = load_resources().index
    names = sorted({k for k in index.chinese_names if sum(1 for c in k if is_han(c)) >= 2})
    sys.stdout.write("".join(f"{n}\n" for n in names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
