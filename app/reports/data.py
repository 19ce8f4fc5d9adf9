"""Reading what the reports count. Each declaration counts once: by its latest version (a screening no later
amendment replaces), with the latest inspection recorded on any of its versions."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import Session, aliased

from app.db.models import Review, Screening, ScreeningItem, ScreeningReason
from app.reports.period import Period

CrossingKey = Callable[[str | None], str | None]
AUTHORISED = "authorisation_matched"  # the register's reason for licit trade (app/rules/register.yaml)


@dataclass(frozen=True)
class ReportedDeclaration:
    """A declaration as the reports count it: its latest version, with the latest inspection's outcome.
    (The declaration the pipeline screens is app.core.types.Declaration.)"""

    id: str
    reference: str
    screened_at: datetime
    risk_level: str
    crossing: str | None  # a crossing id, or the name as declared when no crossing has that name
    origin_country: str | None
    destination_country: str | None
    codes: frozenset[str]  # reason codes (the rules that fired)
    substances: frozenset[str]
    outcome: str | None  # the latest inspection's outcome, None when none was recorded
    # the lists that control its substances: "table_i", "table_ii" (1988 Convention) and the further lists in
    # force (cn_precursors…), as the lexicon in use says
    lists: frozenset[str] = frozenset()

    @property
    def flagged(self) -> bool:
        return self.risk_level in ("medium", "high")

    @property
    def authorised(self) -> bool:
        """A controlled substance of it matched a valid authorisation of the register (licit trade)."""
        return AUTHORISED in self.codes


@dataclass(frozen=True)
class LiquidItem:
    screening_id: str
    category: str | None  # the first goods category the description names
    litres: float | None
    net_kg: float | None
    authorised: bool = False  # a substance of this item matched a valid authorisation


def current_screenings(period: Period) -> Select[Any]:
    """Screenings of the period that no amendment replaces."""
    later = aliased(Screening)
    return select(Screening).where(
        Screening.screened_at >= period.start,
        Screening.screened_at < period.end,
        ~exists().where(later.amends_id == Screening.id),
    )


def declarations(session: Session, period: Period, crossing_key: CrossingKey) -> list[ReportedDeclaration]:
    current = current_screenings(period).subquery()
    codes: dict[str, set[str]] = {}
    substances: dict[str, set[str]] = {}
    reasons = select(ScreeningReason.screening_id, ScreeningReason.code, ScreeningReason.substance_id).where(
        ScreeningReason.screening_id.in_(select(current.c.id))
    )
    for screening_id, code, substance_id in session.execute(reasons):
        codes.setdefault(screening_id, set()).add(code)
        if substance_id:
            substances.setdefault(screening_id, set()).add(substance_id)
    outcomes = latest_outcomes(session, select(current.c.reference))
    rows = session.execute(
        select(
            current.c.id,
            current.c.reference,
            current.c.screened_at,
            current.c.risk_level,
            current.c.crossing,
            current.c.origin_country,
            current.c.destination_country,
        )
    )
    return [
        ReportedDeclaration(
            id=r.id,
            reference=r.reference,
            screened_at=r.screened_at,
            risk_level=r.risk_level,
            crossing=crossing_key(r.crossing),
            origin_country=r.origin_country,
            destination_country=r.destination_country,
            codes=frozenset(codes.get(r.id, ())),
            substances=frozenset(substances.get(r.id, ())),
            outcome=outcomes.get(r.reference),
        )
        for r in rows
    ]


def latest_outcomes(session: Session, references: Select[Any]) -> dict[str, str]:
    """reference -> the outcome of the latest review of any version of that declaration."""
    stmt = (
        select(Screening.reference, Review.outcome)
        .join(Screening, Review.screening_id == Screening.id)
        .where(Screening.reference.in_(references))
        .order_by(Review.created_at, Review.id)
    )
    return {reference: outcome for reference, outcome in session.execute(stmt)}  # later rows overwrite


def liquid_items(
    session: Session, period: Period, is_liquid: Callable[[dict[str, Any]], bool]
) -> list[LiquidItem]:
    """Items of current declarations whose facts say liquid (see liquids.is_liquid)."""
    current = current_screenings(period).subquery()
    ids = select(current.c.id)
    authorised = {
        (screening_id, item_index)
        for screening_id, item_index in session.execute(
            select(ScreeningReason.screening_id, ScreeningReason.item_index).where(
                ScreeningReason.screening_id.in_(ids), ScreeningReason.code == AUTHORISED
            )
        )
    }
    stmt = select(ScreeningItem.screening_id, ScreeningItem.item_index, ScreeningItem.facts).where(
        ScreeningItem.screening_id.in_(ids)
    )
    items = []
    for screening_id, item_index, facts in session.execute(stmt):
        if not facts or not is_liquid(facts):
            continue
        categories = facts.get("categories") or []
        items.append(
            LiquidItem(
                screening_id,
                categories[0] if categories else None,
                facts.get("litres"),
                facts.get("net_kg"),
                (screening_id, item_index) in authorised,
            )
        )
    return items
