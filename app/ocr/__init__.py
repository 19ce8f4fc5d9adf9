"""Photos of declarations and drum labels read into text: checked and decoded (images.py), recognised
(engine.py; Russian lines again by cyrillic.py), put in reading order (order.py), in a process of their own
(worker.py), one at a time with a bounded queue (queue.py)."""

import hashlib
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from app.ocr import worker
from app.ocr.engine import Reading, Recogniser
from app.ocr.images import Limits, check, kind_of
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
    keep_dir: Path | None = None  # PHOTO_DIR: where photos read are kept; None: not kept

    async def read(self, data: bytes) -> tuple[Reading, str | None]:
        """The photo checked, decoded and read (ApiError 413/415/422, or 503 when too many photos wait), and
        the name it is kept under (None when photos are not kept)."""
        check(data, self.limits)  # a wrong file refused at once, not after the photos waiting
        reading, _ = await self.queue.run(worker.read_photo, data, self.limits, False)
        return reading, self.keep(data)

    async def read_with_preview(self, data: bytes) -> tuple[Reading, bytes, str | None]:
        """read(), and the photo as a small JPEG to show beside the text, the page upright."""
        check(data, self.limits)
        reading, shown = await self.queue.run(worker.read_photo, data, self.limits, True)
        assert shown is not None
        return reading, shown, self.keep(data)

    def keep(self, data: bytes) -> str | None:
        """The photo written to keep_dir as <sha256>.<kind> (once: the same photo again is the same file); its
        SHA-256, or None when photos are not kept."""
        if self.keep_dir is None:
            return None
        digest = hashlib.sha256(data).hexdigest()
        self.keep_dir.mkdir(parents=True, exist_ok=True)
        path = self.keep_dir / f"{digest}.{kind_of(data) or 'bin'}"
        if not path.exists():
            partial = path.with_suffix(".part")
            partial.write_bytes(data)
            partial.replace(path)  # whole or not at all
        return digest


__all__ = ["Limits", "PhotoQueue", "PhotoReader", "Reading", "Recogniser", "preview", "reading_process"]
