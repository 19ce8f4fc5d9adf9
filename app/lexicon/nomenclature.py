"""Load and check the goods nomenclatures behind the officers' goods reading aid (nomenclature/*.tsv).

China's tariff lines (Chinese), the TN VED EAEU lines (Russian) and the HS 2022 headings and subheadings
(English) share the first six digits of every code; built by scripts/build_nomenclature.py from the sources
its docstring and nomenclature/SOURCES.md name. A TN VED line is read with its parents: "- - - прочие" alone
says nothing, "Лошади, ослы, мулы и лошаки живые: прочие" does.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.errors import DataError

NOMENCLATURE_SUBDIR = "nomenclature"
FILES = ("cn_lines.tsv", "tnved_lines.tsv", "hs_en.tsv")


@dataclass(frozen=True)
class TariffLine:
    code: str  # 10 digits
    text: str  # the line as its nomenclature reads it (a TN VED line with its heading and parents)


@dataclass(frozen=True)
class Nomenclature:
    zh: tuple[TariffLine, ...]  # China's tariff
    ru: tuple[TariffLine, ...]  # TN VED EAEU
    en: dict[str, str]  # HS heading (4 digits) or subheading (6) -> English description
    ru_headings: dict[str, str]  # heading or subheading -> its Russian reading

    def describe(self, code: str, lang: str) -> str | None:
        """A subheading's (or heading's) text in `lang` ("ru", "en"); None where the source lacks it."""
        table = self.en if lang == "en" else self.ru_headings if lang == "ru" else {}
        return table.get(code) or table.get(code[:4])


def nomenclature_files(directory: Path) -> list[Path]:
    """The data files, for the lexicon's version (those that exist)."""
    return [p for p in (directory / NOMENCLATURE_SUBDIR / f for f in FILES) if p.exists()]


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != columns:
            raise DataError(f"{path.name}: columns {reader.fieldnames}, expected {list(columns)}")
        for n, row in enumerate(reader, 2):
            if any(not row.get(c) for c in columns):
                raise DataError(f"{path.name} line {n}: an empty field")
            yield n, row


def _code(path: Path, n: int, code: str, lengths: tuple[int, ...]) -> str:
    if not code.isdigit() or len(code) not in lengths:
        raise DataError(f"{path.name} line {n}: code {code!r} is not {' or '.join(map(str, lengths))} digits")
    return code


def _significant(code: str) -> str:
    """A TN VED code without the zeros that only fill it to ten digits (its place in the tree)."""
    return code.rstrip("0") or code[:1]


def load_nomenclature(directory: Path) -> Nomenclature | None:
    """The nomenclatures, or None when the directory holds none (a lexicon made for a test)."""
    folder = directory / NOMENCLATURE_SUBDIR
    if not folder.is_dir():
        return None
    zh_path, ru_path, en_path = (folder / f for f in FILES)
    zh = tuple(
        TariffLine(_code(zh_path, n, r["code"], (10,)), r["name"])
        for n, r in _rows(zh_path, ("code", "name"))
    )
    ru: list[TariffLine] = []
    ru_headings: dict[str, str] = {}
    heading, parents = "", list[tuple[int, str, str]]()
    for n, r in _rows(ru_path, ("code", "depth", "text")):
        code, depth_text = r["code"], r["depth"]
        if not depth_text.isdigit():
            raise DataError(f"{ru_path.name} line {n}: depth {depth_text!r} is not a number")
        depth = int(depth_text)
        if depth == 0:
            heading, parents = _code(ru_path, n, code, (4,)), []
            ru_headings[heading] = r["text"]
            continue
        if not heading or not _code(ru_path, n, code, (10,)).startswith(heading):
            raise DataError(f"{ru_path.name} line {n}: code {code} outside heading {heading or '(none)'}")
        parents = [p for p in parents if p[0] < depth and code.startswith(_significant(p[1]))]
        reading = ": ".join([ru_headings[heading], *(t for _, _, t in parents), r["text"]])
        parents.append((depth, code, r["text"]))
        ru.append(TariffLine(code, reading))
        if code.endswith(
            "0000"
        ):  # the subheading's own line (the source lacks some: their heading stands in)
            ru_headings[code[:6]] = reading
    en = {_code(en_path, n, r["code"], (4, 6)): r["text"] for n, r in _rows(en_path, ("code", "text"))}
    return Nomenclature(zh, tuple(ru), en, ru_headings)
