"""Retrospective screening: stored declarations screened again under the lexicon and rules in use now.

A disguise learned today was shipped last month too. Each declaration of the period (its latest version) whose
latest result was made under other lexicon or rules versions is rebuilt from its stored items and fields
(so it works after the raw body was removed), screened, and the new result stored beside the old in
`rescreenings`; the report lists every declaration whose risk level rose, with its new reasons. Declarations
already screened under the current versions are left alone, so running it twice does nothing the second time.

A rescreen is one job of the deployment (`rescreen_jobs`, app/db/rescreen_jobs.py): opened by the admin API
or the command line (one unfinished job at a time), claimed by one worker through the database (the API's
workers look for one every RESCREEN_CHECK_SECONDS), worked through in chunks of CHUNK declarations in id
order, each chunk's results committed with the job's progress and cursor. A worker quiet for
RESCREEN_STALE_SECONDS loses the job to the next that looks: it goes on after the last committed chunk.
"""

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from app.core.types import Declaration, Item, Severity
from app.db import audit, rescreen_jobs, rescreening
from app.db.models import RescreenJob, Screening, utcnow
from app.db.repository import Author
from app.db.session import Database
from app.reports.data import current_screenings
from app.reports.period import Period
from app.screening.pipeline import Resources, screen

CHUNK = 200  # declarations per transaction
RISERS_SHOWN = 1000  # at most this many risers in a job's report
log = logging.getLogger(__name__)


def worker_name() -> str:
    """Who holds a job: this process on this machine."""
    return f"{socket.gethostname()}:{os.getpid()}"


class RescreenBusy(Exception):
    """The deployment has an unfinished rescreen: one at a time."""

    def __init__(self, job_id: int, state: str) -> None:
        super().__init__(f"rescreen job {job_id} is {state}")
        self.job_id, self.state = job_id, state


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
    job_id: int = 0
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


def open_rescreen(session: Session, period: Period, author: Author) -> RescreenJob:
    """A queued job for the period; RescreenBusy when one is unfinished."""
    job = rescreen_jobs.open_job(session, period.start, period.end, author)
    if job is None:
        busy = rescreen_jobs.unfinished(session)
        raise RescreenBusy(busy.id, busy.state) if busy else RescreenBusy(0, "finishing")
    return job


def run_next(
    db: Database, resources: Callable[[], Resources], worker: str, stale_seconds: float
) -> int | None:
    """Claim the deployment's unfinished job, if it is waiting or its worker has gone quiet, and work it
    through; the job's id, or None when there was none to take."""
    stale_before = utcnow() - timedelta(seconds=stale_seconds)
    with db.transaction() as session:
        job = rescreen_jobs.unfinished(session)
        if job is None or (job.state == "running" and (job.heartbeat_at or stale_before) > stale_before):
            return None
        db.claim_writer(session)
        if not rescreen_jobs.claim(session, job.id, worker, stale_before):
            return None
    work(db, resources, job.id, worker)
    return job.id


def work(db: Database, resources: Callable[[], Resources], job_id: int, worker: str) -> str:
    """Work a claimed job through, chunk by chunk (each with the data in use when it starts); its last state:
    done, failed, or lost (another worker took it over)."""
    try:
        while True:
            res = resources()
            with db.transaction() as session:
                db.claim_writer(session)
                job = rescreen_jobs.get(session, job_id)
                if job is None or job.claimed_by != worker or job.state != "running":
                    return "lost"
                if _chunk(session, res, job, worker):
                    continue
                if not rescreen_jobs.finish(session, job.id, worker, "done"):
                    return "lost"
                audit.record(session, _author(job), "rescreen.run", details=_summary(job))
                return "done"
    except _Lost:
        return "lost"
    except Exception as exc:
        log.exception("rescreen job %d failed", job_id)
        with db.transaction() as session:
            rescreen_jobs.finish(session, job_id, worker, "failed", f"{type(exc).__name__}: {exc}")
        return "failed"


def _chunk(session: Session, res: Resources, job: RescreenJob, worker: str) -> bool:
    """Screen the job's next chunk and record its progress (one transaction); False when none is left."""
    period = Period(job.since, job.until)
    screenings = current_screenings(period)
    total = job.total if job.total is not None else rescreen_jobs.count(session, screenings)
    ids = rescreen_jobs.next_ids(session, screenings, job.cursor, CHUNK)
    if not ids:
        if job.total is None:
            rescreen_jobs.advance(session, job.id, worker, total=total)
        return False
    report = RescreenReport(res.lexicon.version, res.rules.version, job.id)
    now = utcnow()
    latest = rescreening.latest_rescreenings(session, ids)
    for row in rescreening.screenings_with_items(session, ids):
        last = latest.get(row.id)
        versions = (last or row).lexicon_version, (last or row).rules_version
        if versions == (report.lexicon_version, report.rules_version):
            report.current_already += 1
            continue
        _rescreen_one(session, res, row, last.risk_level if last else row.risk_level, now, report)
    if not rescreen_jobs.advance(
        session,
        job.id,
        worker,
        total=total,
        cursor=ids[-1],
        examined=job.examined + len(ids),
        rescreened=job.rescreened + report.rescreened,
        current_already=job.current_already + report.current_already,
        rose=job.rose + len(report.rose),
        fell=job.fell + report.fell,
        lexicon_version=report.lexicon_version,
        rules_version=report.rules_version,
    ):
        raise _Lost
    return True


class _Lost(Exception):
    """The job was taken over while this worker screened a chunk: the chunk is rolled back."""


def report(session: Session, job: RescreenJob) -> RescreenReport:
    """What a job found so far: its counts and the declarations whose risk it raised."""
    out = RescreenReport(
        job.lexicon_version or "",
        job.rules_version or "",
        job.id,
        examined=job.examined,
        rescreened=job.rescreened,
        current_already=job.current_already,
        fell=job.fell,
    )
    for r in rescreen_jobs.risers(session, job.id, RISERS_SHOWN):
        s = r.screening
        rose = Riser(s.id, s.reference, s.screened_at, r.previous_risk_level, r.risk_level, r.reasons)
        out.rose.append(rose)
    return out


def rescreen(db: Database, res: Resources, period: Period, author: Author) -> RescreenReport:
    """Open a job for the period and work it through in this process (the command line, tests)."""
    worker = worker_name()
    with db.transaction() as session:
        db.claim_writer(session)
        job = open_rescreen(session, period, author)
        rescreen_jobs.claim(session, job.id, worker, utcnow())
        job_id = job.id
    state = work(db, lambda: res, job_id, worker)
    with db.transaction() as session:
        done = rescreen_jobs.get(session, job_id)
        assert done is not None
        if state != "done":
            why = done.error or "taken over by another worker"
            raise RuntimeError(f"rescreen job {job_id} {state}: {why}")
        out = report(session, done)
    if not out.lexicon_version:  # nothing in the period to screen
        out.lexicon_version, out.rules_version = res.lexicon.version, res.rules.version
    return out


def _author(job: RescreenJob) -> Author:
    return Author(job.created_by_kind, job.created_by_id, job.created_by)


def _summary(job: RescreenJob) -> dict[str, Any]:
    return {
        "job": job.id,
        "from": job.since.isoformat(),
        "to": job.until.isoformat(),
        "lexicon_version": job.lexicon_version,
        "rules_version": job.rules_version,
        "examined": job.examined,
        "rescreened": job.rescreened,
        "rose": job.rose,
    }


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
        job_id=report.job_id or None,
    )
    report.rescreened += 1
    if rose:
        report.rose.append(Riser(row.id, row.reference, row.screened_at, previous, level.name, reasons))
    elif level < Severity.parse(previous):
        report.fell += 1
