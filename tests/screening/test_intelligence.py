"""The judge of watched parties and targeting profiles (app/intelligence.py), without a database: entries
out of force are never compared, whatever the reader passes in."""

from datetime import date, timedelta

import pytest

from app.core.types import Declaration, Item
from app.intelligence import Situation, WatchRecord, watch_reasons
from app.screening.pipeline import Resources, screen

DAY = date(2026, 12, 5)


def same_name(a: str, b: str) -> tuple[bool, float]:
    return a.casefold() == b.casefold(), 100.0


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (WatchRecord(1, "party", "high", name="Acme"), ["watched_party"]),
        (WatchRecord(2, "party", "high", name="Acme", ended=True), []),
        (WatchRecord(3, "party", "high", name="Acme", valid_to=DAY - timedelta(days=1)), []),
        (WatchRecord(4, "party", "low", name="Acme", valid_to=DAY), ["watched_party"]),
        (WatchRecord(5, "profile", "medium", origin="CN"), ["targeting_profile"]),
        (WatchRecord(6, "profile", "medium", origin="CN", ended=True), []),
        (WatchRecord(7, "profile", "medium", origin="UZ"), []),
    ],
)
def test_only_entries_in_force_and_matching_give_reasons(
    resources: Resources, entry: WatchRecord, expected: list[str]
) -> None:
    declaration = Declaration(items=(Item("cotton shirts"),), origin_country="CN")
    situation = Situation(declaration, (("ACME", None),), None, DAY)
    result = screen(declaration, resources)
    found = watch_reasons(result, situation, [entry], resources.rules, resources.lexicon, same_name)
    assert [r.code for r in found] == expected
    assert all(r.severity.name == entry.severity for r in found)
