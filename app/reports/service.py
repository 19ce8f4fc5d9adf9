"""The reports as the API and the dashboard ask for them: read, filter by crossing, aggregate."""

from collections.abc import Sequence

from sqlalchemy.orm import Session

from app.lexicon.loader import name_key
from app.reports import data
from app.reports.data import CrossingKey, ReportedDeclaration
from app.reports.liquids import LiquidRow, is_liquid, liquids_report
from app.reports.period import Period
from app.reports.stats import Stats, statistics
from app.screening.pipeline import Resources


def crossing_key(res: Resources) -> CrossingKey:
    """A declared crossing name -> the crossing's id ("Достык", "阿拉山口", "Dostyk" -> "dostuk"); a name no
    crossing has is kept as written, trimmed."""
    by_name = res.rules.crossing_by_name

    def key(name: str | None) -> str | None:
        if name is None or not name.strip():
            return None
        crossing = by_name.get(name_key(name))
        return crossing.id if crossing is not None else name.strip()

    return key


def read_declarations(
    session: Session, res: Resources, period: Period, crossing: str | None
) -> list[ReportedDeclaration]:
    key = crossing_key(res)
    decls = data.declarations(session, period, key)
    if crossing is not None:
        wanted = key(crossing)
        decls = [d for d in decls if d.crossing == wanted]
    return decls


def flag_statistics(
    session: Session, res: Resources, period: Period, crossing: str | None, group_by: Sequence[str]
) -> Stats:
    return statistics(read_declarations(session, res, period, crossing), group_by)


def liquids(session: Session, res: Resources, period: Period, crossing: str | None) -> list[LiquidRow]:
    decls = read_declarations(session, res, period, crossing)
    liquid = frozenset(c.id for c in res.lexicon.categories.values() if c.liquid)
    items = data.liquid_items(session, period, lambda facts: is_liquid(facts, liquid))
    return liquids_report(decls, items)
