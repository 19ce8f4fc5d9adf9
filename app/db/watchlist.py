"""Queries of watched parties and targeting profiles (model WatchEntry). Functions take the caller's session
and never commit."""

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.db.models import WatchEntry, utcnow
from app.intelligence import WatchRecord


def add(session: Session, row: WatchEntry) -> None:
    session.add(row)
    session.flush()


def get(session: Session, kind: str, entry_id: int) -> WatchEntry | None:
    row = session.get(WatchEntry, entry_id)
    return row if row is not None and row.kind == kind else None


def entries(
    session: Session, kind: str, include_ended: bool = True, limit: int = 100, offset: int = 0
) -> Sequence[WatchEntry]:
    q = select(WatchEntry).where(WatchEntry.kind == kind).order_by(WatchEntry.id.desc())
    if not include_ended:
        q = q.where(WatchEntry.ended_at.is_(None))
    return session.scalars(q.limit(limit).offset(offset)).all()


def end(session: Session, row: WatchEntry, by: str, at: datetime | None = None) -> None:
    row.ended_at = at or utcnow()
    row.ended_by = by
    session.flush()


def watch_in_use(session: Session) -> bool:
    """Any entry not ended (one cheap query per batch stored; none: no comparison at all)."""
    return session.scalar(select(WatchEntry.id).where(WatchEntry.ended_at.is_(None)).limit(1)) is not None


def in_force(session: Session, day: date) -> list[WatchRecord]:
    """Every entry not ended and valid on `day`, as the judge's records (one query; none: an empty list)."""
    w = WatchEntry
    rows = session.scalars(
        select(w).where(w.ended_at.is_(None), or_(w.valid_to.is_(None), w.valid_to >= day)).order_by(w.id)
    ).all()
    return [record(r) for r in rows]


def record(r: WatchEntry) -> WatchRecord:
    return WatchRecord(
        id=r.id,
        kind="party" if r.kind == "party" else "profile",
        severity=r.severity,
        name=r.name,
        aliases=tuple(r.aliases or ()),
        country=r.country,
        crossing_id=r.crossing_id,
        origin=r.origin,
        destination=r.destination,
        transit=r.transit,
        hs_prefix=r.hs_prefix,
        category=r.category,
        valid_to=r.valid_to,
        ended=r.ended_at is not None,
    )
