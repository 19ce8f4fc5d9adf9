"""Held-out chemicals of the further precursor lists (tests/data/heldout/listed.jsonl): named ones must be
found, their twins left clean. Cases name the chemicals by CAS number (their writer never saw the lexicon's
ids): a named case is found when every expected CAS number belongs to a substance the screening reported; a
twin is clean when no substance, listed chemical or drug was reported at all."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.types import Declaration, Item
from app.screening.pipeline import Resources, screen

HELDOUT = Path(__file__).resolve().parent / "data" / "heldout"
LISTED_FILES = (
    "listed.jsonl",
    "listed_2.jsonl",
    "listed_3.jsonl",
    "listed_4.jsonl",
    "listed_5.jsonl",
    "listed_6.jsonl",
    "listed_7.jsonl",
    "listed_8.jsonl",
    "listed_9.jsonl",
    "listed_10.jsonl",
    "listed_11.jsonl",
    "listed_12.jsonl",
    "listed_13.jsonl",
    "listed_14.jsonl",
    "listed_15.jsonl",
    "listed_16.jsonl",
    "listed_17.jsonl",
    "listed_18.jsonl",
    "listed_19.jsonl",
    "listed_20.jsonl",
    "listed_21.jsonl",
    "listed_22.jsonl",
    "listed_23.jsonl",
    "listed_24.jsonl",
    "listed_25.jsonl",
    "listed_26.jsonl",
)
FLAGGING_CODES = frozenset({"substance_named", "listed_chemical", "controlled_drug_named"})


@dataclass(frozen=True)
class ListedOutcome:
    case: dict[str, Any]
    found_cas: frozenset[str]  # CAS numbers of every substance reported
    flagged: bool  # any substance, listed chemical or drug reported

    @property
    def right(self) -> bool:
        if self.case["category"] == "listed_named":
            return set(self.case["expected"]) <= self.found_cas
        return not self.flagged


def read_heldout(files: Iterable[str]) -> list[dict[str, Any]]:
    """The cases of these held-out files (those that exist), each with the file it comes from (`file`)."""
    out = []
    for name in files:
        path = HELDOUT / name
        if path.exists():
            lines = path.read_text(encoding="utf-8").splitlines()
            out += [json.loads(line) | {"file": name} for line in lines if line.strip()]
    return out


def listed_cases(files: tuple[str, ...] = LISTED_FILES) -> list[dict[str, Any]]:
    return read_heldout(files)


def listed_outcomes(res: Resources, files: tuple[str, ...] = LISTED_FILES) -> list[ListedOutcome]:
    out = []
    for case in listed_cases(files):
        code = "".join(c for c in case["hs_code"] if c.isdigit()) if case.get("hs_code") else None
        result = screen(Declaration(items=(Item(description=case["text"], hs_code=code),)), res)
        cas: set[str] = set()
        for r in result.reasons:
            if r.substance_id and r.substance_id in res.lexicon.substances:
                cas.update(res.lexicon.substances[r.substance_id].cas)
        flagged = any(r.code in FLAGGING_CODES for r in result.reasons)
        out.append(ListedOutcome(case, frozenset(cas), flagged))
    return out


def listed_report(outcomes: list[ListedOutcome]) -> str:
    lines = [f"{'category/lang':<20}{'items':>6}{'right':>7}{'share':>8}"]
    for category in ("listed_named", "listed_twin"):
        for lang in ("en", "ru", "zh"):
            part = [o for o in outcomes if o.case["category"] == category and o.case["lang"] == lang]
            if part:
                right = sum(o.right for o in part)
                lines.append(f"{category + '/' + lang:<20}{len(part):>6}{right:>7}{right / len(part):>8.1%}")
    return "\n".join(lines)
