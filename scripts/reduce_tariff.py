"""Reduce the two tariff nomenclatures in shared/reference/trade/ to the columns the tests need.

    python scripts/reduce_tariff.py ../shared/reference/trade [--out tests/data/tariff]

Reads tnved_ru.tsv and hs_cn_zh.tsv (UTF-8 TSV, one header row, no quoting) and writes tnved_ru.tsv.gz
(code, description, heading) and hs_cn_zh.tsv.gz (code, name): same format, rows in source order, field
text unchanged, gzip level 9 with mtime 0 and no file name, so running it again gives identical bytes.
"""

import argparse
import gzip
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEEP: dict[str, tuple[str, ...]] = {
    "tnved_ru.tsv": ("code", "description", "heading"),
    "hs_cn_zh.tsv": ("code", "name"),
}


def read_tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of an unquoted TSV; every row must have as many fields as the header."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = lines[0].split("\t")
    rows = [line.split("\t") for line in lines[1:]]
    for number, row in enumerate(rows, start=2):
        if len(row) != len(header):
            raise ValueError(f"{path}:{number}: {len(row)} fields, header has {len(header)}")
    return header, rows


def reduce(header: list[str], rows: list[list[str]], keep: tuple[str, ...]) -> bytes:
    """The kept columns as UTF-8 TSV text ending in a newline."""
    index = [header.index(column) for column in keep]
    lines = ["\t".join(keep)] + ["\t".join(row[i] for i in index) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def compress(data: bytes) -> bytes:
    """gzip with a fixed header (mtime 0, no file name), so equal input gives equal bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Reduce the tariff nomenclatures to the columns the tests need."
    )
    parser.add_argument("source", type=Path, help="folder holding tnved_ru.tsv and hs_cn_zh.tsv")
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "tariff", help="output folder")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, keep in KEEP.items():
        source = args.source / name
        header, rows = read_tsv(source)
        data = reduce(header, rows, keep)
        packed = compress(data)
        target = args.out / f"{name}.gz"
        target.write_bytes(packed)
        print(
            f"{target.name}: {len(rows)} rows, columns {','.join(keep)}; source {source.stat().st_size} B, "
            f"reduced {len(data)} B, gzip {len(packed)} B, sha256 {hashlib.sha256(packed).hexdigest()}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
