"""Administration that leaves a trace: API keys, web users, raw-body retention. The CLI and the admin API
call these; each writes its audit entry in the caller's transaction (functions never commit)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.db import accounts, audit, repository
from app.db.models import ApiKey, User, utcnow
from app.db.repository import Author
from app.security.keys import display_prefix, generate_key, hash_key


@dataclass(frozen=True)
class NewKey:
    row: ApiKey
    secret: str  # shown once, never stored


def create_key(session: Session, author: Author, *, name: str, role: str, expires_days: int | None) -> NewKey:
    secret = generate_key()
    expires = utcnow() + timedelta(days=expires_days) if expires_days else None
    row = repository.add_api_key(
        session,
        name=name,
        role=role,
        prefix=display_prefix(secret),
        key_hash=hash_key(secret),
        expires_at=expires,
    )
    audit.record(
        session,
        author,
        "key.create",
        target_kind="api_key",
        target_id=row.id,
        details={"name": name, "role": role, "prefix": row.prefix, "expires_at": _iso(expires)},
    )
    return NewKey(row, secret)


def revoke_key(session: Session, author: Author, key_id: str) -> ApiKey | None:
    """None if there is no such key; revoking a revoked key changes nothing and logs nothing."""
    key = repository.get_api_key(session, key_id)
    if key is None:
        return None
    if key.revoked_at is None:
        repository.revoke_api_key(session, key_id)
        audit.record(
            session, author, "key.revoke", target_kind="api_key", target_id=key.id, details={"name": key.name}
        )
    return key


def create_user(
    session: Session, author: Author, *, username: str, display_name: str, role: str, password_hash: str
) -> User:
    user = accounts.add_user(
        session, username=username, display_name=display_name, role=role, password_hash=password_hash
    )
    audit.record(
        session,
        author,
        "user.create",
        target_kind="user",
        target_id=user.id,
        details={"username": username, "role": role},
    )
    return user


def set_user_disabled(session: Session, author: Author, user: User, disabled: bool) -> None:
    accounts.set_disabled(session, user, disabled)
    action = "user.disable" if disabled else "user.enable"
    audit.record(
        session, author, action, target_kind="user", target_id=user.id, details={"username": user.username}
    )


def set_user_password(session: Session, author: Author, user: User, password_hash: str) -> None:
    user.password_hash = password_hash
    accounts.record_successful_login(session, user)  # a reset also lifts a lock
    audit.record(
        session,
        author,
        "user.password",
        target_kind="user",
        target_id=user.id,
        details={"username": user.username},
    )


def purge_request_bodies(
    session: Session, author: Author, retention_days: int, now: datetime | None = None
) -> int:
    """Remove the raw bodies of screenings older than the retention period; results stay. Returns how many."""
    if retention_days <= 0:
        return 0
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    purged = repository.remove_request_bodies(session, screened_before=cutoff, now=now)
    if purged:
        audit.record(
            session,
            author,
            "retention.purge",
            details={
                "screenings": purged,
                "screened_before": cutoff.isoformat(),
                "retention_days": retention_days,
            },
        )
    return purged


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
