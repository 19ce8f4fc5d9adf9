"""The supervisors' dashboard: the flag statistics and the liquids report of a period and crossing, drawn as
SVG bar charts, the latest high-risk screenings, and CSV downloads. Same services as GET /v1/stats and
GET /v1/reports/liquids."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from app.api.deps import DbSession, PipelineResources
from app.api.responses import csv_response
from app.db.models import utcnow
from app.db.rescreening import latest_risers
from app.reports.data import ReportedDeclaration
from app.reports.period import Period, make_period
from app.reports.service import liquids, read_declarations
from app.reports.stats import Tally, statistics, time_key
from app.screening.pipeline import Resources
from app.web.charts import Bar, Chart, horizontal, tick_labels, vertical
from app.web.downloads import Dialect, Sheet, liquids_sheet, stats_sheet
from app.web.i18n import Translator
from app.web.render import language, render
from app.web.security import WebUser, page_role

router = APIRouter(include_in_schema=False)
Supervisor = Annotated[WebUser, page_role("supervisor", "admin")]
DownloadGroup = Literal["day", "week", "month", "crossing", "substance", "list", "rule", "risk_level"]
DOWNLOAD_GROUPS = ("day", "crossing", "substance", "list", "rule", "risk_level")  # the page's CSV links
TOP = 12  # bars per ranking chart
LATEST = 15  # rows of the latest high-risk table


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # included
    crossing: str | None
    error: bool  # a date could not be read: the defaults were used

    @property
    def period(self) -> Period:
        return make_period(self.start, self.end)


def read_filters(raw_from: str | None, raw_to: str | None, crossing: str | None) -> Filters:
    today = utcnow().date()
    error = False

    def parse(raw: str | None, default: date) -> date:
        nonlocal error
        if not raw:
            return default
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            error = True
            return default

    end = parse(raw_to, today)
    start = parse(raw_from, end - timedelta(days=29))
    if start > end:
        start, end, error = end - timedelta(days=29), end, True
    return Filters(start, end, crossing or None, error)


def filters(
    raw_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    to: Annotated[str | None, Query(max_length=40)] = None,
    crossing: Annotated[str | None, Query(max_length=100)] = None,
) -> Filters:
    """The period and crossing the dashboard and its downloads share (query parameters from, to, crossing)."""
    return read_filters(raw_from, to, crossing)


PageFilters = Annotated[Filters, Depends(filters)]


def granularity(f: Filters) -> str:
    days = (f.end - f.start).days + 1
    return "day" if days <= 62 else ("week" if days <= 730 else "month")


def _time_keys(f: Filters, unit: str) -> list[str]:
    """Every day, week or month of the period, so that empty ones show as gaps."""
    days = (f.start + timedelta(days=n) for n in range((f.end - f.start).days + 1))
    return list(dict.fromkeys(time_key(day, unit) for day in days))


def _crossing_name(res: Resources, key: str | None, lang: str, unknown: str) -> str:
    if key is None:
        return unknown
    for c in res.rules.routes.crossings:
        if c.id == key:
            return (getattr(c.names, lang) or c.names.en)[0]
    return key


def _substance_name(res: Resources, key: str, lang: str) -> str:
    s = res.lexicon.substances.get(key)
    return (getattr(s.names, lang) or s.names.en)[0] if s else key


def _rule_title(res: Resources, code: str, lang: str) -> str:
    for rule in res.rules.rules:
        if rule.code == code:
            return str(getattr(rule.title, lang) or rule.title.en)
    return code


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def charts(
    res: Resources, lang: str, f: Filters, decls: list[ReportedDeclaration], t_unknown: str
) -> dict[str, Chart]:
    unit = granularity(f)
    by_time = dict(statistics(decls, [unit]).groups)
    over_time = [
        Bar(key, t.screenings, t.flagged, f"{t.flagged}/{t.screenings}")
        for key in _time_keys(f, unit)
        for t in [by_time.get((key,)) or Tally()]
    ]
    all_crossings = sorted(statistics(decls, ["crossing"]).groups, key=lambda kv: -kv[1].screenings)
    all_substances = sorted(
        ((k, t) for k, t in statistics(decls, ["substance"]).groups if k[0] is not None),
        key=lambda kv: -kv[1].screenings,
    )
    by_crossing, by_substance = all_crossings[:TOP], all_substances[:TOP]
    rules = sorted(statistics(decls, []).rules, key=lambda kv: (kv[1].hit_rate is None, kv[1].hit_rate or 0))
    return {
        "time": vertical(over_time),
        "crossing": horizontal(
            [
                Bar(
                    _crossing_name(res, k[0], lang, t_unknown),
                    t.screenings,
                    t.flagged,
                    f"{t.flagged}/{t.screenings}",
                )
                for k, t in by_crossing
            ],
            of=len(all_crossings),
        ),
        "substance": horizontal(
            [
                Bar(_substance_name(res, k[0] or "", lang), t.screenings, t.flagged, str(t.screenings))
                for k, t in by_substance
            ],
            of=len(all_substances),
        ),
        "rules": horizontal(
            [
                Bar(
                    _rule_title(res, code, lang),
                    1.0,
                    t.hit_rate or 0.0,
                    f"{_pct(t.hit_rate)} ({t.outcomes['confirmed_precursor']}/"
                    f"{t.outcomes['confirmed_precursor'] + t.outcomes['false_alarm']})",
                )
                for code, t in rules
            ],
        ),
    }


def liquids_chart(res: Resources, session: Session, lang: str, f: Filters, t_unknown: str) -> Chart:
    litres: dict[str | None, float] = defaultdict(float)
    tonnes: dict[str | None, float] = defaultdict(float)
    authorised: dict[str | None, float] = defaultdict(float)
    for row in liquids(session, res, f.period, f.crossing):
        litres[row.crossing] += row.litres
        tonnes[row.crossing] += row.tonnes
        authorised[row.crossing] += row.authorised_litres
    everything = sorted(litres, key=lambda k: -litres[k])
    t = Translator(lang)
    under, m3, tonne = t("dash_liquids_authorised"), t("unit_m3"), t("unit_t")

    def label(k: str | None) -> str:
        text = f"{litres[k] / 1000:,.1f} {m3} · {tonnes[k]:,.1f} {tonne}"
        if authorised[k]:
            text += f" ({authorised[k] / 1000:,.1f} {m3} {under})"
        return text.replace(",", " ")

    bars = [Bar(_crossing_name(res, k, lang, t_unknown), litres[k], 0, label(k)) for k in everything[:TOP]]
    return horizontal(bars, of=len(everything))


@router.get("/dashboard")
def dashboard(
    request: Request,
    session: DbSession,
    res: PipelineResources,
    user: Supervisor,
    f: PageFilters,
) -> Response:
    lang = language(request)
    decls = read_declarations(session, res, f.period, f.crossing)
    unknown = Translator(lang)("dash_no_crossing")
    totals = statistics(decls, []).totals
    latest = sorted((d for d in decls if d.risk_level == "high"), key=lambda d: d.screened_at, reverse=True)
    return render(
        request,
        "dashboard.html",
        user=user,
        filters=f,
        totals=totals,
        charts=charts(res, lang, f, decls, unknown),
        liquids=liquids_chart(res, session, lang, f, unknown),
        ticks=tick_labels,
        latest=[
            (
                d,
                _crossing_name(res, d.crossing, lang, unknown),
                [_rule_title(res, c, lang) for c in sorted(d.codes)],
            )
            for d in latest[:LATEST]
        ],
        risers=[
            (r, [_rule_title(res, c, lang) for c in dict.fromkeys(x["code"] for x in r.reasons)])
            for r in latest_risers(session, f.period.start, f.period.end, LATEST)
        ],
        crossings=[(c.id, (getattr(c.names, lang) or c.names.en)[0]) for c in res.rules.routes.crossings],
        pct=_pct,
        download_groups=DOWNLOAD_GROUPS,
    )


def _sheet(res: Resources, lang: str, dialect: Dialect) -> Sheet:
    """A download for this supervisor: keys named in the page's language, a blank key said in words."""
    t = Translator(lang)

    def name_of(dimension: str, key: str | None) -> str:
        if key is None:
            return t("csv_no_" + dimension)
        match dimension:
            case "crossing":
                return _crossing_name(res, key, lang, key)
            case "substance":
                return _substance_name(res, key, lang)
            case "rule":
                return _rule_title(res, key, lang)
            case "risk_level":
                return t("severity_" + key)
            case "list":
                if key in ("table_i", "table_ii"):
                    return t("table_" + key[len("table_") :].upper())
                found = res.lexicon.lists.get(key)
                return str(getattr(found.info.title, lang)) if found else key
            case "category":
                category = res.lexicon.categories.get(key)
                return ((getattr(category.names, lang) or category.names.en)[0]) if category else key
        return key

    return Sheet(t, name_of, dialect)


@router.get("/dashboard/stats.csv")
def stats_download(
    request: Request,
    session: DbSession,
    res: PipelineResources,
    _: Supervisor,
    f: PageFilters,
    group_by: DownloadGroup = "day",
    dialect: Dialect = "comma",
) -> Response:
    """The statistics of the period as a spreadsheet (dialect "semicolon": as Russian Excel reads CSV)."""
    result = statistics(read_declarations(session, res, f.period, f.crossing), [group_by])
    text = stats_sheet(result, _sheet(res, language(request), dialect))
    return csv_response(text, f"stats-by-{group_by}", f.period, last_day=f.end)


@router.get("/dashboard/liquids.csv")
def liquids_download(
    request: Request,
    session: DbSession,
    res: PipelineResources,
    _: Supervisor,
    f: PageFilters,
    dialect: Dialect = "comma",
) -> Response:
    text = liquids_sheet(liquids(session, res, f.period, f.crossing), _sheet(res, language(request), dialect))
    return csv_response(text, "liquids", f.period, last_day=f.end)
