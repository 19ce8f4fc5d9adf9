"""Data the service reads for every declaration it stores but that changes rarely (the register's documents,
the watched parties): kept in the process and read again only when its stamp changes. Kept per database (the
tests run two at once).

A stamp is a counter in `data_stamps`, one row per kind of data, raised by any flush that adds, changes or
deletes a row of that data, in the same transaction: reading it is one primary-key lookup, whatever the size
of the data, and every process and machine sees a change when its transaction commits."""

import threading
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from app.db.models import Authorisation, DataStamp, Notification, WatchEntry

T = TypeVar("T")
Stamp = tuple[object, ...]

# which stamp a change to each model raises
STAMPED: dict[type[Any], str] = {Authorisation: "register", Notification: "register", WatchEntry: "watchlist"}
_READ = select(DataStamp.name, DataStamp.version)
_SEEN = "data_stamps"  # session.info: (transaction, {name: version}) as that transaction read them


def read_stamp(session: Session, name: str) -> Stamp:
    """The stamp of one kind of data, as the session's transaction sees it: every stamp is read in one query
    the first time a transaction asks for one (a stored declaration asks for two), and again after it raised
    one."""
    transaction = session.get_transaction()
    seen = session.info.get(_SEEN)
    if seen is None or seen[0] is not transaction:
        seen = (transaction, {row.name: row.version for row in session.execute(_READ)})
        session.info[_SEEN] = seen
    return (seen[1].get(name),)


def _changed(objects: Iterable[object]) -> set[str]:
    return {STAMPED[type(o)] for o in objects if type(o) in STAMPED}


@event.listens_for(Session, "before_flush")
def _raise_stamps(session: Session, _context: object, _instances: object) -> None:
    """Whatever adds, edits or deletes stamped rows through a session raises their stamp in that flush."""
    names = _changed(session.new) | _changed(session.dirty) | _changed(session.deleted)
    if names:
        session.info.pop(_SEEN, None)
    for name in sorted(names):  # one order: two writers never wait on each other's rows crosswise
        connection = session.connection()  # a plain statement: no flush inside the flush
        raised = connection.execute(
            update(DataStamp).where(DataStamp.name == name).values(version=DataStamp.version + 1)
        )
        if raised.rowcount == 0:  # its row was never written (migration 0011 writes both)
            connection.execute(insert(DataStamp).values(name=name, version=1))


class Stamped(Generic[T]):
    def __init__(self, stamp: Callable[[Session], Stamp], load: Callable[[Session], T]) -> None:
        self._stamp = stamp
        self._load = load
        self._by_database: dict[str, tuple[Stamp, T]] = {}
        self._lock = threading.Lock()

    def get(self, session: Session) -> T:
        """The value as the session's transaction sees the stamp (one query; two when it changed)."""
        key = str(session.get_bind().engine.url)
        current = self._stamp(session)
        with self._lock:
            cached = self._by_database.get(key)
        if cached is not None and cached[0] == current:
            return cached[1]
        value = self._load(session)
        with self._lock:
            self._by_database[key] = (current, value)
        return value
