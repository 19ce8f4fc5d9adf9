"""The reports as the API and the dashboard ask for them: read, filter by crossing, aggregate."""

from collections.abc import Sequence
from dataclasses import replace

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
    lists = substance_lists(res)
    return [replace(d, lists=frozenset(x for s in d.substances for x in lists.get(s, ()))) for d in decls]


def substance_lists(res: Resources) -> dict[str, tuple[str, ...]]:
    """Substance id -> the lists that control it: its 1988 Table ("table_i", "table_ii") and the further
    precursor lists in force."""
    out: dict[str, tuple[str, ...]] = {}
    for s in res.lexicon.substances.values():
        table = (f"table_{s.table.lower()}",) if s.table is not None else ()
        out[s.id] = table + tuple(m.list_id for m in res.lexicon.memberships.get(s.id, ()))
    return out


def flag_statistics(
    session: Session, res: Resources, period: Period, crossing: str | None, group_by: Sequence[str]
) -> Stats:
    return statistics(read_declarations(session, res, period, crossing), group_by)


def liquids(session: Session, res: Resources, period: Period, crossing: str | None) -> list[LiquidRow]:
    decls = read_declarations(session, res, period, crossing)
    liquid = frozenset(c.id for c in res.lexicon.categories.values() if c.liquid)
    items = data.liquid_items(session, period, lambda facts: is_liquid(facts, liquid))
    return liquids_report(decls, items)
