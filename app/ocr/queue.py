"""Photos are read one at a time on a thread of their own, outside the event loop, with a bounded number
waiting: a flood of photos makes photos wait (and then refuses them with 503 and Retry-After), never the
screenings, which go on on the loop and the other core while a photo is read (onnxruntime releases the GIL,
and the engine runs on one thread)."""

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from app.errors import ApiError

T = TypeVar("T")


class PhotoQueue:
    def __init__(self, waiting: int, retry_after_s: int = 5) -> None:
        self.limit = waiting + 1  # the one being read, and those waiting
        self.retry_after_s = retry_after_s
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ocr")
        self._count = 0
        self._lock = threading.Lock()
        self.refused = 0

    @property
    def in_queue(self) -> int:
        return self._count

    async def run(self, fn: Callable[[], T]) -> T:
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
            return await asyncio.get_running_loop().run_in_executor(self._pool, fn)
        finally:
            with self._lock:
                self._count -= 1

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
