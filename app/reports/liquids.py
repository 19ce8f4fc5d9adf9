"""GET /v1/reports/liquids as a plain function: liquids declared per crossing and goods category, how many
of those declarations were flagged and what their inspections found."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.db.models import OUTCOMES
from app.reports.data import LiquidItem, ReportedDeclaration
from app.screening.facts import PACKING_ORDER

LIQUID_PACKING = tuple(c for c in PACKING_ORDER if c.startswith("liquid"))


def is_liquid(facts: dict[str, Any], liquid_categories: frozenset[str]) -> bool:
    """A volume was declared, the packaging is for liquids, or the goods named first are normally liquid."""
    if facts.get("litres"):
        return True
    if facts.get("packing_class") in LIQUID_PACKING:
        return True
    categories = facts.get("categories") or []
    return bool(categories) and categories[0] in liquid_categories


@dataclass
class LiquidRow:
    crossing: str | None
    category: str | None  # None: no goods category named (a chemical name alone, vague wording)
    declarations: set[str] = field(default_factory=set)
    items: int = 0
    litres: float = 0.0
    net_kg: float = 0.0
    authorised_litres: float = 0.0  # of items whose substance matched a valid authorisation
    authorised_kg: float = 0.0
    flagged: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def tonnes(self) -> float:
        return round(self.net_kg / 1000, 3)

    @property
    def authorised_tonnes(self) -> float:
        return round(self.authorised_kg / 1000, 3)

    @property
    def inspections(self) -> dict[str, int]:
        return {o: self.outcomes[o] for o in OUTCOMES}


def liquids_report(decls: Iterable[ReportedDeclaration], items: Iterable[LiquidItem]) -> list[LiquidRow]:
    """One row per (crossing, category); a declaration with liquids of two categories counts in both."""
    by_id = {d.id: d for d in decls}
    rows: dict[tuple[str | None, str | None], LiquidRow] = {}
    for item in items:
        d = by_id.get(item.screening_id)
        if d is None:
            continue
        row = rows.setdefault((d.crossing, item.category), LiquidRow(d.crossing, item.category))
        row.items += 1
        row.litres += item.litres or 0.0
        row.net_kg += item.net_kg or 0.0
        if item.authorised:
            row.authorised_litres += item.litres or 0.0
            row.authorised_kg += item.net_kg or 0.0
        if d.id not in row.declarations:
            row.declarations.add(d.id)
            row.flagged += d.flagged
            if d.outcome is not None:
                row.outcomes[d.outcome] += 1
    return sorted(
        rows.values(),
        key=lambda r: (r.crossing is None, r.crossing or "", r.category is None, r.category or ""),
    )
