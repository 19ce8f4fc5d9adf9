"""The append-only audit log: who did what to which record. Only inserts and reads live here; the
database refuses updates and deletes of audit_events (migration 0005)."""

import getpass
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import AuditEvent, utcnow
from app.db.repository import Author

# Every action the log knows, so that readers can filter on a closed list.
ACTIONS = (
    "review.create",
    "key.create",
    "key.revoke",
    "user.create",
    "user.disable",
    "user.enable",
    "user.password",
    "data.reload",
    "retention.purge",
    "rescreen.run",
)
SERVICE = Author("system", "", "service")  # the service acting on its own (retention)


def cli_author() -> Author:
    """Commands run at the server's terminal are attributed to the operating-system account."""
    try:
        name = getpass.getuser()
    except Exception:  # no login name in some containers
        name = "unknown"
    return Author("cli", "", name)


def record(
    session: Session,
    author: Author,
    action: str,
    *,
    target_kind: str | None = None,
    target_id: str | None = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        at=at or utcnow(),
        actor_kind=author.kind,
        actor_id=author.id or None,
        actor_name=author.name,
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        details=details or {},
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class AuditFilter:
    action: str | None = None
    actor_name: str | None = None
    target_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def list_events(
    session: Session, flt: AuditFilter, *, limit: int, offset: int
) -> tuple[int, Sequence[AuditEvent]]:
    """Newest first, with the number of entries matching the filter."""
    conditions = []
    if flt.action is not None:
        conditions.append(AuditEvent.action == flt.action)
    if flt.actor_name is not None:
        conditions.append(AuditEvent.actor_name == flt.actor_name)
    if flt.target_id is not None:
        conditions.append(AuditEvent.target_id == flt.target_id)
    if flt.since is not None:
        conditions.append(AuditEvent.at >= flt.since)
    if flt.until is not None:
        conditions.append(AuditEvent.at < flt.until)
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions)) or 0
    stmt = select(AuditEvent).where(*conditions).order_by(AuditEvent.id.desc()).limit(limit).offset(offset)
    return total, session.scalars(stmt).all()
