"""Photos of declarations and drum labels read into text: checked and decoded (images.py), recognised
(engine.py; Russian lines again by cyrillic.py), put in reading order (order.py), in a process of their own
(worker.py), one at a time with a bounded queue (queue.py)."""

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass

from app.ocr import worker
from app.ocr.engine import Reading, Recogniser
from app.ocr.images import Limits
from app.ocr.preview import preview
from app.ocr.queue import PhotoQueue


def reading_process(threads: int) -> Executor:
    """One process that reads photos, started (fresh, not forked from the service's threads) on the first."""
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker.start,
        initargs=(threads,),
    )


@dataclass
class PhotoReader:
    """What the API and the pages share: the limits and the queue photos wait in for the reading process."""

    limits: Limits
    queue: PhotoQueue

    async def read(self, data: bytes) -> Reading:
        """The photo checked, decoded and read (ApiError 413/415/422, or 503 when too many photos wait)."""
        reading, _ = await self.queue.run(worker.read_photo, data, self.limits, False)
        return reading

    async def read_with_preview(self, data: bytes) -> tuple[Reading, bytes]:
        """read(), and the photo as a small JPEG to show beside the text, the page upright."""
        reading, shown = await self.queue.run(worker.read_photo, data, self.limits, True)
        assert shown is not None
        return reading, shown


__all__ = ["Limits", "PhotoQueue", "PhotoReader", "Reading", "Recogniser", "preview", "reading_process"]
