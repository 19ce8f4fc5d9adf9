"""The write path of POST /v1/screenings: group commit through one writer.

Requests hand their writes to the writer as jobs (a function of a session). It takes every job waiting (up to
`max_group`), runs them in one transaction, commits once and only then answers each: a request is still
answered only after its own write committed.

Why: SQLite has one writer at a time, and request threads fighting over its lock make p99 explode; on
PostgreSQL every commit waits for a WAL flush, which a group shares. And under CPython's GIL every hand-over
between threads costs up to the 5 ms switch interval while another thread computes, so the fewer hand-overs a
request makes, the better:

- `inline` (SQLite): the group runs on the event loop itself, in a callback scheduled when the first job of a
  group arrives; every request that reaches the writer before that callback runs joins the group. SQLite
  statements on a local file take microseconds (WAL, synchronous=NORMAL: no fsync at commit), less than one
  thread hand-over.
- thread (PostgreSQL): one dedicated thread, so that network round trips and the commit's WAL flush never
  hold up the event loop.

A job that raises undoes its whole group, so the group is then run again one job per transaction: the others
still land and the failing one gets its own error. Errors that mean "the database is unreachable" are not
retried: every job of the group gets them (the API answers 503).
"""

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from app.db.session import Database

log = logging.getLogger("app.writer")
T = TypeVar("T")
Job = Callable[[Session], Any]
_UNREACHABLE = (OperationalError, InterfaceError)


class WriterClosed(RuntimeError):
    """A job was handed to a writer that has stopped (the service is shutting down)."""


@dataclass
class _Pending:
    job: Job
    loop: asyncio.AbstractEventLoop
    future: "asyncio.Future[Any]"
    outcome: tuple[bool, Any] = field(default=(False, None))  # (ok, result or exception)


class Writer:
    def __init__(self, db: Database, *, inline: bool, max_group: int = 64) -> None:
        self.db = db
        self.inline = inline
        self.max_group = max_group
        self._waiting: list[_Pending] = []  # inline: jobs of the next group
        self._flush_scheduled = False
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()  # thread mode
        self._thread: threading.Thread | None = None
        self._closed = False
        self.groups = 0  # transactions run (the tests and benchmarks read these)
        self.jobs = 0

    def start(self) -> None:
        if not self.inline:
            self._thread = threading.Thread(target=self._serve, name="db-writer", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Refuse new jobs, run those already handed in, then end the thread."""
        self._closed = True
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    async def run(self, job: Callable[[Session], T]) -> T:
        """Run `job(session)` in the writer's transaction; returns its result once the transaction committed
        (or raises what the job or the commit raised)."""
        if self._closed:
            raise WriterClosed("the service is shutting down")
        loop = asyncio.get_running_loop()
        pending = _Pending(job, loop, loop.create_future())
        if self.inline:
            self._waiting.append(pending)
            if not self._flush_scheduled:
                self._flush_scheduled = True
                loop.call_soon(self._flush)
        else:
            self._queue.put(pending)
        result: T = await pending.future
        return result

    def _flush(self) -> None:
        self._flush_scheduled = False
        while self._waiting:
            group = self._waiting[: self.max_group]
            del self._waiting[: self.max_group]
            self._run_group(group)
            _settle(group)

    def _serve(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            group = [first]
            stopping = False
            while len(group) < self.max_group:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stopping = True
                    break
                group.append(nxt)
            self._run_group(group)
            _deliver(group)
            if stopping:
                return

    def _run_group(self, group: list[_Pending]) -> None:
        try:
            self._transaction(group)
        except _UNREACHABLE as exc:
            for p in group:
                p.outcome = (False, exc)
        except Exception as exc:
            if len(group) == 1:
                group[0].outcome = (False, exc)
            else:  # someone's job failed: each alone, so that the others still land
                for p in group:
                    try:
                        self._transaction([p])
                    except Exception as alone:
                        p.outcome = (False, alone)
        except BaseException as exc:  # never let the writer die with requests waiting on it
            for p in group:
                p.outcome = (False, exc)
        self.groups += 1
        self.jobs += len(group)

    def _transaction(self, group: list[_Pending]) -> None:
        with self.db.sessions() as session:
            try:
                self.db.claim_writer(session)
                results = [p.job(session) for p in group]
                session.commit()
            except BaseException:
                session.rollback()
                raise
        for p, result in zip(group, results, strict=True):
            p.outcome = (True, result)


def _deliver(group: list[_Pending]) -> None:
    """From the writer thread: answer the waiting requests, one wake-up per event loop rather than per job."""
    by_loop: dict[asyncio.AbstractEventLoop, list[_Pending]] = {}
    for p in group:
        by_loop.setdefault(p.loop, []).append(p)
    for loop, pendings in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle, pendings)
        except RuntimeError:  # the loop has closed: nobody is waiting any more
            log.warning("%d write results had nobody to answer", len(pendings))


def _settle(pendings: list[_Pending]) -> None:
    for p in pendings:
        if p.future.done():  # the request was cancelled meanwhile
            continue
        ok, value = p.outcome
        if ok:
            p.future.set_result(value)
        else:
            p.future.set_exception(value)
