"""Screenings first: the process that reads photos is stopped while the service answers other requests.

The reading process already runs at idle priority (worker.py), so it never takes a core a screening is waiting
for. On a small machine that is not enough: a photo being read on the other core still slows the screening
beside it (they share the processor's cache and memory), and a screening's latency rose by a quarter while
photos were read. So while a request other than a photo is in flight the reading process is stopped (SIGSTOP
to its process group: the recogniser and a Tesseract it runs), and it goes on (SIGCONT) as soon as none is.

A photo must not wait for ever behind a steady stream of screenings: while photos are waiting to be read, the
reader is held for at most `hold_s` in all; past that it reads beside the screenings, at idle priority, until
the photos waiting have been read. The count starts again with the next photo after that.

Each service process pauses its own reading process only. If the service dies while the reader is stopped, the
kernel continues the reader and the reader ends (worker.py: it asks for SIGCONT when the service goes, and
watches its parent)."""

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable


class ReaderPause:
    def __init__(
        self,
        hold_s: float,
        clock: Callable[[], float] = time.monotonic,
        on_held: Callable[[float], object] | None = None,
        locate: Callable[[], int] | None = None,
    ) -> None:
        """`on_held` is told how long the reader was stopped, each time it goes on; `locate`, run in the
        reading process, answers its group (worker.process_group) for the queue to attach()."""
        self.hold_s = hold_s
        self.locate = locate
        self._on_held = on_held
        self._clock = clock
        self._lock = threading.Lock()
        self._group: int | None = None
        self._asked = False  # the reading process asked for its group (it may have none of its own)
        self._requests = 0  # requests in flight other than photos
        self._photos = 0  # photos being read or waiting
        self._stopped_at: float | None = None
        self._held = 0.0  # stopped this long since photos began to wait
        self._timer: asyncio.TimerHandle | None = None
        self.pauses = 0  # times the reader was stopped

    @property
    def enabled(self) -> bool:
        return self.hold_s > 0 and hasattr(signal, "SIGSTOP")

    @property
    def attached(self) -> bool:
        return self._asked

    @property
    def group(self) -> int | None:
        """The reading process's group, once known (None: not known, or not one that may be stopped)."""
        return self._group

    @property
    def stopped(self) -> bool:
        return self._stopped_at is not None

    def attach(self, group: int) -> None:
        """The reading process's group is known (it is its own group's leader: worker.start). 0, or the
        service's own group, is never stopped."""
        with self._lock:
            self._asked = True
            self._group = group if group > 0 and group != os.getpgrp() else None
            self._settle()

    def request_started(self) -> None:
        with self._lock:
            self._requests += 1
            self._settle()

    def request_finished(self) -> None:
        with self._lock:
            self._requests -= 1
            self._settle()

    def photos_waiting(self, count: int) -> None:
        """Photos being read or waiting to be: the reader is held only while it has work."""
        with self._lock:
            self._photos = count
            self._settle()

    def release(self) -> None:
        """The reader let go for good (the service is stopping): a stopped process would never end."""
        with self._lock:
            self.hold_s = 0.0
            self._settle()

    def _settle(self) -> None:
        if self._stopped_at is None and not self._photos:  # nothing to read: nothing to hold (most requests)
            self._held = 0.0
            return
        now = self._clock()
        held = self._held + (now - self._stopped_at if self._stopped_at is not None else 0.0)
        hold = (
            self.enabled
            and self._group is not None
            and self._requests > 0
            and self._photos > 0
            and held < self.hold_s
        )
        if hold and self._stopped_at is None:
            if self._signal(signal.SIGSTOP):
                self._stopped_at = now
                self.pauses += 1
                self._expire_after(self.hold_s - held)
        elif not hold and self._stopped_at is not None:
            self._signal(signal.SIGCONT)
            if self._on_held is not None:
                self._on_held(now - self._stopped_at)
            self._held = held
            self._stopped_at = None
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        if self._photos == 0 and self._stopped_at is None:
            self._held = 0.0  # the next photo gets the whole hold again

    def _expire_after(self, seconds: float) -> None:
        """A single long request (a large batch) must not hold the reader past `hold_s` either."""
        with contextlib.suppress(RuntimeError):  # no event loop in this thread: the next request settles it
            loop = asyncio.get_running_loop()
            self._timer = loop.call_later(seconds, self._expired)

    def _expired(self) -> None:
        with self._lock:
            self._timer = None
            self._settle()

    def _signal(self, sig: signal.Signals) -> bool:
        assert self._group is not None
        try:
            os.killpg(self._group, sig)
        except (ProcessLookupError, PermissionError):  # the reading process has ended: nothing to hold
            self._group = None
            return False
        return True
