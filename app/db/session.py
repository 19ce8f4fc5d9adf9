"""Engine and sessions. One request is one transaction, owned by the caller of `transaction()`.

SQLite has one writer at a time: threads that fight over its write lock make latency explode, so on SQLite
every write transaction is funnelled through one process-wide lock (PostgreSQL uses its normal pool).
"""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

import app.db.stamped  # noqa: F401  (its flush hook raises the data stamps for every session)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, pool_size: int = 10) -> Engine:
    """`pool_size`: connections kept; a few more may open for work outside requests (start-up, retention)."""
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=pool_size,
            max_overflow=4,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_size=pool_size, max_overflow=4, pool_pre_ping=True)


class Database:
    def __init__(self, url: str, pool_size: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._claim: Callable[[Session, bool], bool] = lambda session, wait: True
        if is_sqlite(url):
            self._claim = _funnel_writes(self.sessions, threading.Lock())

    def claim_writer(self, session: Session, wait: bool = True) -> bool:
        """Take the write funnel now, before the transaction reads anything it will then write on: on SQLite a
        read snapshot taken before another writer commits cannot be upgraded to a write. With `wait` false,
        return False at once if another transaction holds it (the event loop must never wait for a thread
        that may itself be waiting for the loop). No-op (True) elsewhere."""
        return self._claim(session, wait)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends normally and rolled back otherwise."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def _funnel_writes(factory: sessionmaker[Session], lock: threading.Lock) -> Callable[[Session, bool], bool]:
    """Hold `lock` from a session's first write until its transaction ends: one SQLite writer at a time,
    while reads and the screening work itself run in parallel."""

    def acquire(session: Session, wait: bool = True) -> bool:
        if session.info.get("write_lock"):
            return True
        if not session.in_transaction():
            session.begin()  # so that the transaction's end, whatever happens, releases the lock
        if not lock.acquire(blocking=wait):
            return False
        session.info["write_lock"] = True
        return True

    @event.listens_for(factory, "before_flush")
    def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
        acquire(session)

    @event.listens_for(factory, "do_orm_execute")
    def _on_execute(state: Any) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            acquire(state.session)

    @event.listens_for(factory, "after_transaction_end")
    def _release(session: Session, transaction: Any) -> None:
        if transaction.parent is None and session.info.pop("write_lock", False):
            lock.release()

    return acquire
