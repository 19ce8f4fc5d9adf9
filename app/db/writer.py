"""The write path of POST /v1/screenings: group commit through one writer.

Requests hand their writes to the writer as items for its `batch` function (a function of a session and a
list of items, returning one result per item). It takes every item waiting (up to `max_group`), passes them
to `batch` in one transaction, commits once and only then answers each: a request is still answered only
after its own write committed. `batch` writes the lot with a few multi-row statements.

Why: SQLite has one writer at a time, and request threads fighting over its lock make p99 explode; on
PostgreSQL every commit waits for a WAL flush, which a group shares. And under CPython's GIL every hand-over
between threads costs up to the 5 ms switch interval while another thread computes, so the fewer hand-overs a
request makes, the better:

- `inline` (SQLite): the group runs on the event loop itself, in a callback scheduled when the first item of
  a group arrives; every request that reaches the writer before that callback runs joins the group. SQLite
  statements on a local file take microseconds (WAL, synchronous=NORMAL: no fsync at commit), less than one
  thread hand-over. The loop never waits for SQLite's write funnel (app/db/session.py): a thread holding it
  may need the loop to finish its transaction, so when it is taken the flush tries again 2 ms later.
- thread (PostgreSQL): one dedicated thread, so that network round trips and the commit's WAL flush never
  hold up the event loop.

A group that fails is written again one item per transaction: the others still land and the failing one gets
its own error. Errors that mean "the database is unreachable" are not retried: every item of the group gets
them (the API answers 503).
"""

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from app.db.session import Database

log = logging.getLogger("app.writer")
Batch = Callable[[Session, list[Any]], list[Any]]
_UNREACHABLE = (OperationalError, InterfaceError)
_BUSY_RETRY_SECONDS = 0.002


class WriterClosed(RuntimeError):
    """An item was handed to a writer that has stopped (the service is shutting down)."""


@dataclass
class _Pending:
    item: Any
    loop: asyncio.AbstractEventLoop
    future: "asyncio.Future[Any]"
    outcome: tuple[bool, Any] = field(default=(False, None))  # (ok, result or exception)
    solo: bool = False  # its group failed: written again in a transaction of its own


class Writer:
    def __init__(
        self,
        db: Database,
        batch: Batch,
        *,
        inline: bool,
        max_group: int = 64,
        on_group: Callable[[int], None] | None = None,
    ) -> None:
        self.db = db
        self.batch = batch
        self.on_group = on_group  # told each group's size (the metrics)
        self.inline = inline
        self.max_group = max_group
        self._waiting: list[_Pending] = []  # inline: items of the next group
        self._flush_scheduled = False
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()  # thread mode
        self._thread: threading.Thread | None = None
        self._closed = False
        self.groups = 0  # transactions run (the tests and benchmarks read these)
        self.items = 0

    def start(self) -> None:
        if not self.inline:
            self._thread = threading.Thread(target=self._serve, name="db-writer", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Refuse new items, write those already handed in, then end the thread."""
        self._closed = True
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    async def run(self, item: Any) -> Any:
        """Write `item` in the writer's next group; returns its result once the transaction committed (or
        raises what writing it or the commit raised)."""
        if self._closed:
            raise WriterClosed("the service is shutting down")
        loop = asyncio.get_running_loop()
        pending = _Pending(item, loop, loop.create_future())
        if self.inline:
            self._waiting.append(pending)
            if not self._flush_scheduled:
                self._flush_scheduled = True
                loop.call_soon(self._flush)
        else:
            self._queue.put(pending)
        return await pending.future

    def _flush(self) -> None:
        """Inline mode: write what is waiting, group by group, on the event loop."""
        self._flush_scheduled = False
        while self._waiting:
            group = self._next_group()
            outcome = self._attempt(group, wait=False)
            if outcome == "busy":  # a thread's transaction holds SQLite's write funnel: try again shortly
                self._flush_scheduled = True
                asyncio.get_running_loop().call_later(_BUSY_RETRY_SECONDS, self._flush)
                return
            if outcome == "failed":  # again one by one, each in a flush of its own
                for p in group:
                    p.solo = True
                continue
            del self._waiting[: len(group)]
            _settle(group)

    def _next_group(self) -> list[_Pending]:
        if self._waiting[0].solo:
            return self._waiting[:1]
        group = []
        for p in self._waiting[: self.max_group]:
            if p.solo:
                break
            group.append(p)
        return group

    def _serve(self) -> None:
        """Thread mode: wait for items, write every one waiting as a group, answer, repeat."""
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
            if self._attempt(group, wait=True) == "failed":
                for p in group:
                    self._attempt([p], wait=True)
            _deliver(group)
            if stopping:
                return

    def _attempt(self, group: list[_Pending], wait: bool) -> str:
        """Write a group in one transaction: "done" (every item has its outcome, a result or an error),
        "failed" (an item of several failed: nothing was written, nobody has an outcome yet), or "busy" (the
        write funnel was taken and `wait` was false: nothing happened)."""
        try:
            with self.db.sessions() as session:
                try:
                    if not self.db.claim_writer(session, wait):
                        return "busy"
                    results = self.batch(session, [p.item for p in group])
                    session.commit()
                except BaseException:
                    session.rollback()
                    raise
            for p, result in zip(group, results, strict=True):
                p.outcome = (True, result)
        except _UNREACHABLE as exc:
            for p in group:
                p.outcome = (False, exc)
        except Exception as exc:
            if len(group) > 1:
                return "failed"
            group[0].outcome = (False, exc)
        except BaseException as exc:  # never let the writer die with requests waiting on it
            for p in group:
                p.outcome = (False, exc)
        self.groups += 1
        self.items += len(group)
        if self.on_group is not None:
            self.on_group(len(group))
        return "done"


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
