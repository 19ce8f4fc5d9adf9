"""Queries of the deployment's data versions (models DataVersion, ActiveData): which lexicon and rules every
worker screens with. Functions take the caller's session and never commit."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models import ActiveData, DataVersion, utcnow

_ROW = 1  # active_data holds one row


@dataclass(frozen=True)
class Active:
    version: str
    serial: int  # rises with every activation
    effective_at: datetime  # `version` in force from then on
    previous: str | None  # in force until then

    def in_force(self, now: datetime) -> str | None:
        return self.version if now >= self.effective_at else self.previous


_ACTIVE = select(ActiveData.version, ActiveData.serial, ActiveData.effective_at, ActiveData.previous).where(
    ActiveData.id == _ROW
)


def active(session: Session) -> Active | None:
    """The version every worker should screen with (one primary-key read); None before the first start."""
    row = session.execute(_ACTIVE).first()
    return Active(row.version, row.serial, row.effective_at, row.previous) if row else None


def known(session: Session, version: str) -> bool:
    return session.scalar(select(DataVersion.version).where(DataVersion.version == version)) is not None


def archive(session: Session, version: str) -> bytes | None:
    return session.scalar(select(DataVersion.archive).where(DataVersion.version == version))


def record(
    session: Session, version: str, lexicon_version: str, rules_version: str, packed: bytes, by: str
) -> bool:
    """Keep a version's archive; False when it was kept already (also by a worker starting at the same
    time: the primary key decides)."""
    row = {
        "version": version,
        "lexicon_version": lexicon_version,
        "rules_version": rules_version,
        "archive": packed,
        "recorded_at": utcnow(),
        "recorded_by": by,
    }
    try:
        with session.begin_nested():
            session.execute(insert(DataVersion).values(**row))
    except IntegrityError:
        return False
    return True


def activate(session: Session, version: str, by: str, effective_at: datetime | None = None) -> int:
    """Make a recorded version the active one, in force from `effective_at` (default, and for the deployment's
    first version, now); its new serial."""
    now = utcnow()
    before = active(session)
    values = {
        "version": version,
        "activated_at": now,
        "activated_by": by,
        "effective_at": effective_at if effective_at and before else now,  # the first: at once
        "previous": before.in_force(now) if before else None,
    }
    raised: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        update(ActiveData).where(ActiveData.id == _ROW).values(serial=ActiveData.serial + 1, **values)
    )
    if raised.rowcount == 0:  # the first start of the deployment (or two at once: one of them inserts)
        try:
            with session.begin_nested():
                session.execute(insert(ActiveData).values(id=_ROW, serial=1, **values))
        except IntegrityError:
            session.execute(
                update(ActiveData).where(ActiveData.id == _ROW).values(serial=ActiveData.serial + 1, **values)
            )
    found = active(session)
    assert found is not None
    return found.serial
