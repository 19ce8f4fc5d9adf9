"""The supervisors' reports as CSV text: the same columns for the API and the dashboard downloads."""

from app.db.models import OUTCOMES
from app.reports.liquids import LiquidRow
from app.reports.stats import Stats, Tally
from app.reports.table import to_csv

COUNT_COLUMNS = [
    "screenings",
    "flagged",
    "flagged_share",
    "authorised",
    "flagged_authorised",
    "flagged_unauthorised",
    *(f"reviews_{o}" for o in OUTCOMES),
    "hit_rate",
]


def count_cells(t: Tally) -> list[object]:
    return [
        t.screenings,
        t.flagged,
        t.flagged_share,
        t.authorised,
        t.flagged_authorised,
        t.flagged_unauthorised,
        *t.reviews.values(),
        t.hit_rate,
    ]


def stats_csv(stats: Stats) -> str:
    if not stats.group_by:
        return to_csv(COUNT_COLUMNS, [count_cells(stats.totals)])
    return to_csv([*stats.group_by, *COUNT_COLUMNS], ([*key, *count_cells(t)] for key, t in stats.groups))


LIQUID_COLUMNS = [
    "crossing",
    "category",
    "declarations",
    "items",
    "litres",
    "tonnes",
    "authorised_litres",
    "authorised_tonnes",
    "unauthorised_litres",
    "unauthorised_tonnes",
    "flagged",
]


def liquid_cells(r: LiquidRow) -> list[object]:
    return [
        r.crossing,
        r.category,
        len(r.declarations),
        r.items,
        round(r.litres, 3),
        r.tonnes,
        round(r.authorised_litres, 3),
        r.authorised_tonnes,
        round(r.litres - r.authorised_litres, 3),
        round(r.tonnes - r.authorised_tonnes, 3),
        r.flagged,
    ]


def liquids_csv(rows: list[LiquidRow]) -> str:
    header = [*LIQUID_COLUMNS, *(f"inspections_{o}" for o in OUTCOMES)]
    return to_csv(header, ([*liquid_cells(r), *r.inspections.values()] for r in rows))
