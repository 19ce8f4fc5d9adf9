"""Queries of watched parties and targeting profiles (model WatchEntry). Functions take the caller's session
and never commit."""

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import WatchEntry, utcnow
from app.db.stamped import Stamp, read_stamp
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


def stamp(session: Session) -> Stamp:
    """What changes whenever an entry is added or ended: the watch list's counter (app/db/stamped.py), so that
    the entries themselves are read again only when they changed."""
    return read_stamp(session, "watchlist")


def not_ended(session: Session) -> list[WatchRecord]:
    """Every entry not ended, as the judge's records (plain rows, oldest first)."""
    w = WatchEntry
    columns = [w.id, w.kind, w.severity, w.name, w.aliases, w.country, w.crossing_id, w.origin]
    columns += [w.destination, w.transit, w.hs_prefix, w.category, w.valid_to]
    rows = session.execute(select(*columns).where(w.ended_at.is_(None)).order_by(w.id)).all()
    return [
        WatchRecord(
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
        )
        for r in rows
    ]
