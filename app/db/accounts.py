"""Queries for web users and their sessions. Functions take a session and never commit: the caller owns it."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.models import User, WebSession, utcnow

# The longest an account waits between login attempts, however many failures it has collected.
MAX_LOCK = timedelta(minutes=15)


def add_user(session: Session, *, username: str, display_name: str, role: str, password_hash: str) -> User:
    user = User(username=username, display_name=display_name, role=role, password_hash=password_hash)
    session.add(user)
    session.flush()
    return user


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).one_or_none()


def list_users(session: Session) -> Sequence[User]:
    return session.scalars(select(User).order_by(User.username)).all()


def set_disabled(session: Session, user: User, disabled: bool) -> None:
    user.disabled_at = utcnow() if disabled else None
    if disabled:  # a disabled account's open sessions end now
        session.execute(
            update(WebSession)
            .where(WebSession.user_id == user.id, WebSession.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
    session.flush()


def record_failed_login(session: Session, user: User, *, max_failures: int, lock_seconds: int) -> None:
    """Count a failure; from the max_failures-th on, lock the account for lock_seconds, doubling each time."""
    user.failed_logins += 1
    over = user.failed_logins - max_failures
    if over >= 0:
        wait = min(timedelta(seconds=lock_seconds * 2**over), MAX_LOCK)
        user.locked_until = utcnow() + wait
    session.flush()


def record_successful_login(session: Session, user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None
    session.flush()


def open_session(session: Session, user: User, token_hash: str, lifetime: timedelta) -> WebSession:
    row = WebSession(token_hash=token_hash, user_id=user.id, expires_at=utcnow() + lifetime)
    session.add(row)
    session.flush()
    return row


def find_live_session(session: Session, token_hash: str, now: datetime | None = None) -> WebSession | None:
    """The open, unexpired session of an enabled user with this token, else None."""
    now = now or utcnow()
    row = session.get(WebSession, token_hash)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if row.user.disabled_at is not None:
        return None
    return row


def close_session(session: Session, token_hash: str) -> None:
    session.execute(
        update(WebSession)
        .where(WebSession.token_hash == token_hash, WebSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
