"""Retrospective screening: stored declarations screened again under the lexicon and rules in use now.

A disguise learned today was shipped last month too. Each declaration of the period (its latest version) whose
latest result was made under other lexicon or rules versions is rebuilt from its stored items and fields
(so it works after the raw body was removed), screened, and the new result stored beside the old in
`rescreenings`; the report lists every declaration whose risk level rose, with its new reasons. Declarations
already screened under the current versions are left alone, so running it twice does nothing the second time.
"""

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from app.core.types import Declaration, Item, Severity
from app.db import audit, rescreening
from app.db.models import Screening, utcnow
from app.db.repository import Author
from app.db.session import Database
from app.reports.data import current_screenings
from app.reports.period import Period
from app.screening.pipeline import Resources, screen

CHUNK = 200  # declarations per transaction


@dataclass(frozen=True)
class Riser:
    screening_id: str
    reference: str
    screened_at: datetime
    previous_risk_level: str
    risk_level: str
    reasons: list[dict[str, Any]]


@dataclass
class RescreenReport:
    lexicon_version: str
    rules_version: str
    examined: int = 0
    rescreened: int = 0
    current_already: int = 0  # screened under the current versions before: left alone
    rose: list[Riser] = field(default_factory=list)
    fell: int = 0


def declaration_of(row: Screening) -> Declaration:
    """The declaration as stored: items and fields, without the raw body (which may have been removed)."""
    return Declaration(
        # The item columns are named as Item's fields (store_screening writes them with asdict).
        items=tuple(Item(**{f.name: getattr(i, f.name) for f in fields(Item)}) for i in row.items),
        language=row.language_hint,  # type: ignore[arg-type]
        direction=row.direction,
        crossing=row.crossing,
        origin_country=row.origin_country,
        destination_country=row.destination_country,
        transit_countries=tuple(row.transit_countries or ()),
    )


def rescreen(
    db: Database, res: Resources, period: Period, author: Author, now: datetime | None = None
) -> RescreenReport:
    now = now or utcnow()
    lexicon, rules = res.lexicon.version, res.rules.version
    report = RescreenReport(lexicon, rules)
    with db.transaction() as session:
        ids = rescreening.screening_ids(session, current_screenings(period))
    report.examined = len(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with db.transaction() as session:
            db.claim_writer(session)
            latest = rescreening.latest_rescreenings(session, chunk)
            for row in rescreening.screenings_with_items(session, chunk):
                last = latest.get(row.id)
                versions = (
                    (last.lexicon_version, last.rules_version)
                    if last
                    else (row.lexicon_version, row.rules_version)
                )
                if versions == (lexicon, rules):
                    report.current_already += 1
                    continue
                _rescreen_one(session, res, row, last.risk_level if last else row.risk_level, now, report)
    with db.transaction() as session:
        audit.record(
            session,
            author,
            "rescreen.run",
            details={
                "from": period.start.isoformat(),
                "to": period.end.isoformat(),
                "lexicon_version": lexicon,
                "rules_version": rules,
                "examined": report.examined,
                "rescreened": report.rescreened,
                "rose": len(report.rose),
            },
        )
    return report


def _rescreen_one(
    session: Session, res: Resources, row: Screening, previous: str, now: datetime, report: RescreenReport
) -> None:
    result = screen(declaration_of(row), res)
    reasons = [
        {
            "code": r.code,
            "severity": r.severity.name,
            "item_index": r.item_index,
            "substance_id": r.substance_id,
            "messages": r.messages,
        }
        for r in result.reasons
    ]
    level = result.risk_level
    rose = level > Severity.parse(previous)
    rescreening.add_rescreening(
        session,
        screening_id=row.id,
        rescreened_at=now,
        lexicon_version=result.lexicon_version,
        rules_version=result.rules_version,
        previous_risk_level=previous,
        risk_level=level.name,
        rose=rose,
        reasons=reasons,
    )
    report.rescreened += 1
    if rose:
        report.rose.append(Riser(row.id, row.reference, row.screened_at, previous, level.name, reasons))
    elif level < Severity.parse(previous):
        report.fell += 1
