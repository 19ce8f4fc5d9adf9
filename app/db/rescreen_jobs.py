"""Queries of rescreen jobs (model RescreenJob, app/rescreen.py): opened, claimed by one worker at a time,
advanced chunk by chunk, finished. Every change of state is one conditional UPDATE, so two workers can never
both hold a job. Functions take the caller's session and never commit."""

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Select, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.db.models import Rescreening, RescreenJob, Screening, utcnow
from app.db.repository import Author

OPEN = 1  # open_slot while queued or running


def open_job(session: Session, since: datetime, until: datetime, author: Author) -> RescreenJob | None:
    """A new queued job; None when the deployment has an unfinished one (open_slot is unique)."""
    job = RescreenJob(
        since=since,
        until=until,
        state="queued",
        open_slot=OPEN,
        created_by=author.name,
        created_by_kind=author.kind,
        created_by_id=author.id,
        examined=0,
        rescreened=0,
        current_already=0,
        rose=0,
        fell=0,
        claims=0,
    )
    try:
        with session.begin_nested():
            session.add(job)
            session.flush()
    except IntegrityError:
        return None
    return job


def unfinished(session: Session) -> RescreenJob | None:
    return session.scalars(select(RescreenJob).where(RescreenJob.open_slot == OPEN)).one_or_none()


def get(session: Session, job_id: int) -> RescreenJob | None:
    return session.get(RescreenJob, job_id, populate_existing=True)


def recent(session: Session, limit: int = 50) -> list[RescreenJob]:
    return list(session.scalars(select(RescreenJob).order_by(RescreenJob.id.desc()).limit(limit)))


def _changed(session: Session, statement: Any) -> bool:
    result: CursorResult[Any] = session.execute(statement)  # type: ignore[assignment]
    return result.rowcount == 1


def claim(session: Session, job_id: int, worker: str, stale_before: datetime) -> bool:
    """Take a queued job, or a running one whose worker has been quiet since before `stale_before`."""
    now = utcnow()
    return _changed(
        session,
        update(RescreenJob)
        .where(
            RescreenJob.id == job_id,
            RescreenJob.open_slot == OPEN,
            or_(RescreenJob.state == "queued", RescreenJob.heartbeat_at < stale_before),
        )
        .values(
            state="running",
            claimed_by=worker,
            heartbeat_at=now,
            started_at=func.coalesce(RescreenJob.started_at, now),
            claims=RescreenJob.claims + 1,
        ),
    )


def advance(session: Session, job_id: int, worker: str, **values: Any) -> bool:
    """Record progress (counts, cursor, versions) and the heartbeat; False when the job is no longer this
    worker's (taken over, or finished)."""
    return _changed(
        session,
        update(RescreenJob)
        .where(RescreenJob.id == job_id, RescreenJob.claimed_by == worker, RescreenJob.state == "running")
        .values(heartbeat_at=utcnow(), **values),
    )


def finish(session: Session, job_id: int, worker: str, state: str, error: str | None = None) -> bool:
    return advance(session, job_id, worker, state=state, open_slot=None, finished_at=utcnow(), error=error)


def next_ids(session: Session, screenings: Select[Any], after: str | None, limit: int) -> list[str]:
    """The next `limit` screening ids (in id order) of those a statement selects, after `after`."""
    stmt = screenings.with_only_columns(Screening.id).order_by(Screening.id).limit(limit)
    if after is not None:
        stmt = stmt.where(Screening.id > after)
    return list(session.scalars(stmt))


def count(session: Session, screenings: Select[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(screenings.subquery())) or 0)


def risers(session: Session, job_id: int, limit: int) -> list[Rescreening]:
    """The declarations whose risk the job raised, in the order it found them."""
    stmt = (
        select(Rescreening)
        .where(Rescreening.job_id == job_id, Rescreening.rose.is_(True))
        .order_by(Rescreening.id)
        .limit(limit)
        .options(selectinload(Rescreening.screening))
    )
    return list(session.scalars(stmt))
