"""GET /v1/stats as a plain function: declarations in, counts per group and per rule out."""

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, get_args

from app.db.models import OUTCOMES
from app.reports.data import ReportedDeclaration

GroupBy = Literal[
    "day",
    "week",
    "month",
    "crossing",
    "substance",
    "list",
    "rule",
    "risk_level",
    "origin_country",
    "destination_country",
]
GROUP_BY: tuple[str, ...] = get_args(GroupBy)
# A declaration sits in every substance, list and rule group it has; one without any in the group None.
MULTI_VALUED = ("substance", "list", "rule")


@dataclass
class Tally:
    screenings: int = 0
    flagged: int = 0
    authorised: int = 0  # with a matching authorisation of the register
    flagged_authorised: int = 0  # flagged all the same (another reason, the quantity exceeded...)
    outcomes: Counter[str] = field(default_factory=Counter)

    def add(self, d: ReportedDeclaration) -> None:
        self.screenings += 1
        self.flagged += d.flagged
        self.authorised += d.authorised
        self.flagged_authorised += d.flagged and d.authorised
        if d.outcome is not None:
            self.outcomes[d.outcome] += 1

    @property
    def flagged_unauthorised(self) -> int:
        return self.flagged - self.flagged_authorised

    @property
    def flagged_share(self) -> float | None:
        return round(self.flagged / self.screenings, 4) if self.screenings else None

    @property
    def reviews(self) -> dict[str, int]:
        return {o: self.outcomes[o] for o in OUTCOMES}

    @property
    def hit_rate(self) -> float | None:
        """Confirmed precursors over confirmed plus false alarms; None before any of either."""
        confirmed, false = self.outcomes["confirmed_precursor"], self.outcomes["false_alarm"]
        return round(confirmed / (confirmed + false), 4) if confirmed + false else None


@dataclass(frozen=True)
class Stats:
    group_by: tuple[str, ...]
    totals: Tally
    groups: list[tuple[tuple[str | None, ...], Tally]]
    rules: list[tuple[str, Tally]]


TIME_UNITS = ("day", "week", "month")


def time_key(day: date, unit: str) -> str:
    """The day ("2026-11-23"), ISO week ("2026-W48") or month ("2026-11") a date falls in."""
    if unit == "day":
        return day.isoformat()
    if unit == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{day:%Y-%m}"


def group_keys(d: ReportedDeclaration, dimension: str) -> list[str | None]:
    match dimension:
        case "day" | "week" | "month":
            return [time_key(d.screened_at.date(), dimension)]
        case "substance":
            return list(sorted(d.substances)) or [None]
        case "list":
            return list(sorted(d.lists)) or [None]
        case "rule":
            return list(sorted(d.codes)) or [None]
        case _:
            value: str | None = getattr(d, dimension)
            return [value]


def _order(key: tuple[str | None, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((part is None, part or "") for part in key)


def statistics(decls: Iterable[ReportedDeclaration], group_by: Sequence[str]) -> Stats:
    unknown = [g for g in group_by if g not in GROUP_BY]
    if unknown:
        raise ValueError(f"unknown group_by {unknown}")
    totals = Tally()
    groups: dict[tuple[str | None, ...], Tally] = {}
    rules: dict[str, Tally] = {}
    for d in decls:
        totals.add(d)
        if group_by:
            for key in itertools.product(*(group_keys(d, g) for g in group_by)):
                groups.setdefault(key, Tally()).add(d)
        for code in d.codes:
            rules.setdefault(code, Tally()).add(d)
    return Stats(
        group_by=tuple(group_by),
        totals=totals,
        groups=sorted(groups.items(), key=lambda kv: _order(kv[0])),
        rules=sorted(rules.items()),
    )
