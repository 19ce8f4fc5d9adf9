"""Data the service reads for every declaration it stores but that changes rarely (the register's documents,
the watched parties): kept in the process and read again only when its stamp, one cheap aggregate row,
changes. Kept per database (the tests run two at once)."""

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")
Stamp = tuple[object, ...]


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
