"""GET /v1/stats (flag statistics) and GET /v1/reports/liquids: supervisors' figures, as JSON or CSV."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query
from pydantic import BaseModel, Field

from app.api.deps import DbSession, PipelineResources, Principal, require
from app.api.responses import csv_response
from app.api.schemas import ErrorBody
from app.reports.csv import liquids_csv, stats_csv
from app.reports.period import Period, make_period
from app.reports.service import flag_statistics, liquids
from app.reports.stats import GroupBy, Tally

router = APIRouter(tags=["reports"])
Supervisor = Annotated[Principal, Depends(require("supervisor", "admin"))]
_CSV = {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "JSON, or CSV when asked for"}
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    422: {"model": ErrorBody, "description": "A bad period or group_by"},
}
From = Annotated[
    date | datetime | None,
    Query(
        alias="from", description="First day (YYYY-MM-DD, UTC) or a date-time; default: 30 days before `to`"
    ),
]
To = Annotated[
    date | datetime | None,
    Query(description="Last day, included (YYYY-MM-DD, UTC), or a date-time, excluded; default: now"),
]
Crossing = Annotated[
    str | None,
    Query(max_length=100, description="A crossing's id or any of its names (Dostuk, Достык, 阿拉山口)"),
]
Format = Annotated[Literal["json", "csv"] | None, Query(description="csv, or send Accept: text/csv")]


class Counts(BaseModel):
    screenings: int
    flagged: int = Field(description="Screenings of medium or high risk")
    flagged_share: float | None
    authorised: int = Field(
        description="Screenings with a matching authorisation of the register (licit trade)"
    )
    flagged_authorised: int = Field(description="Flagged screenings with a matching authorisation")
    flagged_unauthorised: int = Field(description="Flagged screenings without one")
    reviews: dict[str, int] = Field(description="Declarations by the outcome of their latest inspection")
    hit_rate: float | None = Field(description="confirmed_precursor / (confirmed_precursor + false_alarm)")


class GroupOut(Counts):
    key: dict[str, str | None]


class RuleOut(Counts):
    rule: str


class StatsOut(BaseModel):
    period_from: datetime = Field(serialization_alias="from")
    period_to: datetime = Field(serialization_alias="to")
    crossing: str | None
    group_by: list[str]
    totals: Counts
    groups: list[GroupOut]
    rules: list[RuleOut]


class LiquidOut(BaseModel):
    crossing: str | None
    category: str | None = Field(description="Goods category id; null when the item names none")
    declarations: int
    items: int
    litres: float
    tonnes: float = Field(description="Net tonnes declared")
    authorised_litres: float = Field(
        description="Of the litres, those of items under a matching authorisation"
    )
    authorised_tonnes: float
    unauthorised_litres: float
    unauthorised_tonnes: float
    flagged: int
    inspections: dict[str, int]


class LiquidsOut(BaseModel):
    period_from: datetime = Field(serialization_alias="from")
    period_to: datetime = Field(serialization_alias="to")
    crossing: str | None
    rows: list[LiquidOut]


def wants_csv(fmt: str | None, accept: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    return "text/csv" in (accept or "")


@dataclass(frozen=True)
class ReportQuery:
    """What both reports are asked: a period, a crossing, and JSON or CSV."""

    period: Period
    crossing: str | None
    csv: bool


def report_query(
    raw_from: From = None,
    to: To = None,
    crossing: Crossing = None,
    format: Format = None,
    accept: Annotated[str | None, Header()] = None,
) -> ReportQuery:
    return ReportQuery(make_period(raw_from, to), crossing, wants_csv(format, accept))


ReportParams = Annotated[ReportQuery, Depends(report_query)]


def counts(t: Tally) -> dict[str, Any]:
    return {
        "screenings": t.screenings,
        "flagged": t.flagged,
        "flagged_share": t.flagged_share,
        "authorised": t.authorised,
        "flagged_authorised": t.flagged_authorised,
        "flagged_unauthorised": t.flagged_unauthorised,
        "reviews": t.reviews,
        "hit_rate": t.hit_rate,
    }


@router.get("/v1/stats", response_model=StatsOut, responses={200: _CSV, **_ERRORS})
def stats(
    session: DbSession,
    res: PipelineResources,
    _: Supervisor,
    q: ReportParams,
    group_by: Annotated[
        list[GroupBy], Query(max_length=3, description="Up to 3, repeated: group_by=month&group_by=crossing")
    ] = [],  # noqa: B006
) -> Any:
    """Screenings, flagged share, inspection outcomes and hit rates, per group and per rule. Each declaration
    counts once, by its latest version; its latest inspection counts."""
    result = flag_statistics(session, res, q.period, q.crossing, list(dict.fromkeys(group_by)))
    if q.csv:
        return csv_response(stats_csv(result), "stats", q.period)
    return StatsOut(
        period_from=q.period.start,
        period_to=q.period.end,
        crossing=q.crossing,
        group_by=list(result.group_by),
        totals=Counts(**counts(result.totals)),
        groups=[
            GroupOut(key=dict(zip(result.group_by, key, strict=True)), **counts(t))
            for key, t in result.groups
        ],
        rules=[RuleOut(rule=code, **counts(t)) for code, t in result.rules],
    )


@router.get("/v1/reports/liquids", response_model=LiquidsOut, responses={200: _CSV, **_ERRORS})
def liquids_report(session: DbSession, res: PipelineResources, _: Supervisor, q: ReportParams) -> Any:
    """Liquids declared per crossing and goods category: declarations, litres, net tonnes, how many were
    flagged and what their inspections found."""
    rows = liquids(session, res, q.period, q.crossing)
    if q.csv:
        return csv_response(liquids_csv(rows), "liquids", q.period)
    return LiquidsOut(
        period_from=q.period.start,
        period_to=q.period.end,
        crossing=q.crossing,
        rows=[
            LiquidOut(
                crossing=r.crossing,
                category=r.category,
                declarations=len(r.declarations),
                items=r.items,
                litres=round(r.litres, 3),
                tonnes=r.tonnes,
                authorised_litres=round(r.authorised_litres, 3),
                authorised_tonnes=r.authorised_tonnes,
                unauthorised_litres=round(r.litres - r.authorised_litres, 3),
                unauthorised_tonnes=round(r.tonnes - r.authorised_tonnes, 3),
                flagged=r.flagged,
                inspections=r.inspections,
            )
            for r in rows
        ],
    )
