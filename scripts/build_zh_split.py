#!/usr/bin/env python3
"""Derive the table of split characters (a character written as its two halves: 酉昔 for 醋) for the
lexicon's Chinese names.

    python scripts/dump_zh_names.py > zh_names.txt
    python scripts/build_zh_split.py --ids ids.txt --commit <commit> --names zh_names.txt \
        > app/lexicon/zh_split.yaml

`ids.txt` is the CHISE-derived Ideographic Description Sequences of the cjkvi-ids repository
(https://github.com/cjkvi/cjkvi-ids, file ids.txt: "U+918B<TAB>醋<TAB>⿰酉昔"). A character of a name whose
description is left-right (⿰) of two characters that are themselves encoded CJK ideographs gets its split
form; a scanner that misreads the gap, or a writer who types the halves, leaves exactly that.
"""

import argparse
import hashlib
import re
import sys
from pathlib import Path

_LEFT_RIGHT = re.compile(r"^⿰(.)(.)(?:\[[A-Z]+\])?$")


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def splits(ids_lines: list[str], characters: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in ids_lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3 or parts[1] not in characters:
            continue
        for ids in parts[2:]:
            m = _LEFT_RIGHT.match(ids)
            if m and is_han(m.group(1)) and is_han(m.group(2)):
                out.setdefault(m.group(1) + m.group(2), parts[1])
                break  # the first (the G source's) description
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ids", type=Path, required=True)
    parser.add_argument("--commit", required=True, help="the cjkvi-ids commit the file was read at")
    parser.add_argument("--names", type=Path, required=True)
    args = parser.parse_args()
    ids_text = args.ids.read_text(encoding="utf-8")
    names = [n for n in args.names.read_text(encoding="utf-8").split() if n]
    characters = {c for n in names for c in n if is_han(c)}
    table = splits(ids_text.splitlines(), characters)
    digest = hashlib.sha256(ids_text.encode("utf-8")).hexdigest()
    out = [
        "# Chinese characters written as their two halves (酉昔 for 醋), for the characters of the",
        "# lexicon's Chinese names. Derived by scripts/build_zh_split.py from the left-right (⿰)",
        "# Ideographic Description Sequences of cjkvi-ids ids.txt (CHISE IDS; GPL-2.0 data: only which",
        "# halves make which character is taken).",
        "# Not edited by hand: re-run the script when names change.",
        "source:",
        f'  ids: "cjkvi/cjkvi-ids ids.txt at {args.commit}, sha256 {digest}"',
        f'  names: "{len(names)} names, {len(characters)} characters, {len(table)} split"',
        "split:",
        *(f"  {halves}: {ch}" for halves, ch in sorted(table.items())),
    ]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
