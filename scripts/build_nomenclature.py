"""Build the goods nomenclature data of the officers' goods reading aid (app/lexicon/nomenclature/).

    python scripts/build_nomenclature.py SHARED_TRADE_DIR HS_CSV

SHARED_TRADE_DIR is shared/reference/trade (China's 2026 tariff `hs_cn_zh.tsv`, the TN VED EAEU extract
`tnved_ru.tsv`; their sources in its SOURCES.md). HS_CSV is `data/harmonized-system.csv` of the public dataset
github.com/datasets/harmonized-system (HS 2022 descriptions in English from UN Comtrade, ODC PDDL), read at
commit 905e5a0fa29f5700d62cb3cc1265f21bc8a92329.

Writes, each a UTF-8 TSV with one header row:
- cn_lines.tsv: code (10 digits), name: every line of China's tariff as written;
- tnved_lines.tsv: code, depth, text: every TN VED line as written without its dashes (depth = their number),
  each heading's name first (4 digits, depth 0); the loader reads a line with its parents;
- hs_en.tsv: code (4 or 6 digits), text: the HS 2022 heading's or subheading's description in English.
"""

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "app" / "lexicon" / "nomenclature"


def _depth(text: str) -> tuple[int, str]:
    n = 0
    rest = text.strip()
    while rest.startswith("-"):
        n += 1
        rest = rest[1:].lstrip()
    return n, rest.rstrip(" :")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def _heading_name(name: str) -> str:
    name = name.strip().rstrip(":").lower()
    return name[:1].upper() + name[1:]


def tnved(path: Path) -> list[tuple[str, str, str]]:
    """(code, depth, text) per line, each heading first as (4 digits, "0", its name); the loader puts a line's
    parents before it (the source drops lines without a code of their own, so a parent is the nearest line
    above that is less indented and whose code, without its trailing zeros, begins this one's)."""
    out: list[tuple[str, str, str]] = []
    heading = ""
    for row in _rows(path):
        if row["heading"] != heading:
            heading = row["heading"]
            out.append((heading, "0", _heading_name(row["heading_name"])))
        depth, text = _depth(row["description"])
        out.append((row["code"], str(max(depth, 1)), text))
    return out


def main() -> None:
    trade, hs_csv = Path(sys.argv[1]), Path(sys.argv[2])
    OUT.mkdir(parents=True, exist_ok=True)
    cn = [(r["code"], r["name"].strip()) for r in _rows(trade / "hs_cn_zh.tsv") if r["name"].strip()]
    ru_lines = tnved(trade / "tnved_ru.tsv")
    with hs_csv.open(encoding="utf-8", newline="") as f:
        en = {r["hscode"]: r["description"].strip() for r in csv.DictReader(f) if r["level"] in ("4", "6")}
    for name, header, rows in (
        ("cn_lines.tsv", ("code", "name"), cn),
        ("tnved_lines.tsv", ("code", "depth", "text"), ru_lines),
        ("hs_en.tsv", ("code", "text"), sorted(en.items())),
    ):
        with (OUT / name).open("w", encoding="utf-8", newline="") as f:
            f.write("\t".join(header) + "\n")
            for row in rows:
                f.write("\t".join(v.replace("\t", " ") for v in row) + "\n")
        print(name, len(rows))


if __name__ == "__main__":
    main()
