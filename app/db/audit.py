"""The append-only audit log: who did what to which record. Only inserts and reads live here; the
database refuses updates and deletes of audit_events (migration 0005)."""

import getpass
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
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
    "key.use",
    "authorisation.create",
    "authorisation.revoke",
    "notification.create",
    "notification.revoke",
    "watch.create",
    "watch.end",
    "login.failed",  # a wrong password for an account, or a name no account has (the web login)
    "login.locked",  # the failure that locked the account for a while
)
# One entry per request made with an API key: far more than all the others together, so listings leave them
# out unless asked for by name.
KEY_USE = "key.use"
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


@dataclass
class KeyUse:
    """A request made with an API key, to be written to the log before its answer leaves."""

    key_id: str
    key_name: str
    method: str
    path: str  # with the query string, cut to 500 characters
    request_id: str | None
    at: datetime = field(default_factory=utcnow)
    status: int | None = None
    target_kind: str | None = None
    target_id: str | None = None
    recorded: bool = False

    def row(self) -> dict[str, Any]:
        return {
            "at": self.at,
            "actor_kind": "api_key",
            "actor_id": self.key_id,
            "actor_name": self.key_name,
            "action": KEY_USE,
            "target_kind": self.target_kind,
            "target_id": self.target_id,
            "details": {
                "method": self.method,
                "path": self.path,
                "status": self.status,
                "request_id": self.request_id,
            },
        }


_INSERT_EVENT = insert(AuditEvent.metadata.tables["audit_events"])


def record_uses(session: Session, uses: Sequence[KeyUse]) -> None:
    """Write key uses, many in one statement (Core: the caller claims the writer first)."""
    if uses:
        session.connection().execute(_INSERT_EVENT, [u.row() for u in uses])


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
    """Newest first, with the number of entries matching the filter; key uses only when asked for."""
    conditions = []
    if flt.action is not None:
        conditions.append(AuditEvent.action == flt.action)
    else:
        conditions.append(AuditEvent.action != KEY_USE)
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
