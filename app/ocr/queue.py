"""Photos are read one at a time by an executor of their own (the service gives it a process:
app/ocr/__init__.reading_process), outside the event loop, with a bounded number waiting: a flood of photos
makes photos wait (and then refuses them with 503 and Retry-After), never the screenings."""

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

from app.errors import ApiError

T = TypeVar("T")


class PhotoQueue:
    def __init__(self, waiting: int, executor: Executor, retry_after_s: int = 5) -> None:
        self.limit = waiting + 1  # the one being read, and those waiting
        self.retry_after_s = retry_after_s
        self._pool = executor
        self._count = 0
        self._lock = threading.Lock()
        self.refused = 0

    @property
    def in_queue(self) -> int:
        return self._count

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self._count >= self.limit:
                self.refused += 1
                raise ApiError(
                    503,
                    "ocr_busy",
                    "too many photos are being read: try again in a few seconds",
                    headers={"Retry-After": str(self.retry_after_s)},
                )
            self._count += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, fn, *args)
        finally:
            with self._lock:
                self._count -= 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
