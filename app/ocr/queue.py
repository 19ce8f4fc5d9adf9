"""Photos are read one at a time by an executor of their own (the service gives it a process:
app/ocr/__init__.reading_process), outside the event loop, with a bounded number waiting: a flood of photos
makes photos wait (and then refuses them with 503 and Retry-After), never the screenings. A photo not read
within `wait_s` of being queued (the reading process runs at idle priority, and a machine busy screening
may leave it no processor) is given up with 503 and Retry-After too, not left hanging: if its reading had
not started it never will, and its place in the queue is free once the reading process lets go of it."""

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from app.errors import ApiError
from app.ocr.pause import ReaderPause

T = TypeVar("T")


class PhotoQueue:
    """`pause` (pause.py): the reader is stopped while other requests are in flight."""

    def __init__(
        self,
        waiting: int,
        executor: Executor,
        retry_after_s: int = 5,
        wait_s: float = 30,
        pause: ReaderPause | None = None,
    ) -> None:
        self.limit = waiting + 1  # the one being read, and those waiting
        self.retry_after_s = retry_after_s
        self.wait_s = wait_s
        self._pool = executor
        self._count = 0
        self._lock = threading.Lock()
        self.refused = 0
        self.timed_out = 0
        self.pause = pause
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def in_queue(self) -> int:
        return self._count

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self._count >= self.limit:
                self.refused += 1
                raise self._busy("ocr_busy", "too many photos are being read: try again in a few seconds")
            self._count += 1
        self._loop = asyncio.get_running_loop()
        try:
            await self._attach_pause()
            self._tell_pause()
            future = self._pool.submit(fn, *args)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(self._release)  # when read, failed, or cancelled before it started
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.wait_s)
        except TimeoutError:
            self.timed_out += 1
            raise self._busy(
                "ocr_timeout",
                f"the photo was not read within {self.wait_s:g} s: the service is busy, try again",
            ) from None

    async def _attach_pause(self) -> None:
        """The reading process's group asked of it once (the question also starts the process)."""
        pause = self.pause
        if pause is None or pause.locate is None or not pause.enabled or pause.attached:
            return
        group = await asyncio.wrap_future(self._pool.submit(pause.locate))
        pause.attach(group)

    def _tell_pause(self) -> None:
        if self.pause is not None:
            self.pause.photos_waiting(self._count)

    def _release(self, _: object = None) -> None:
        with self._lock:
            self._count -= 1
        if self.pause is not None and self._loop is not None:  # called in the executor's thread
            with contextlib.suppress(RuntimeError):  # the loop has closed: nothing left to hold
                self._loop.call_soon_threadsafe(self._tell_pause)

    def _busy(self, code: str, message: str) -> ApiError:
        return ApiError(503, code, message, headers={"Retry-After": str(self.retry_after_s)})

    def shutdown(self) -> None:
        if self.pause is not None:
            self.pause.release()
        self._pool.shutdown(wait=False, cancel_futures=True)
