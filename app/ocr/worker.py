"""The process photos are read in: the recogniser lives here, apart from the service's own process, so that
reading a photo never holds the interpreter lock the screenings need (a thread of the service's process did:
screening latency rose by half while photos were read). Started on the first photo, one photo at a time."""

import contextlib
import os

from app.ocr.engine import Reading, Recogniser
from app.ocr.images import Limits, decode
from app.ocr.preview import preview

_RECOGNISER: Recogniser | None = None


# Reading a photo may take a second; a screening a few milliseconds: when they compete for a core, the
# screening goes first (the scheduler gives this process what the service leaves).
NICENESS = 10


def start(threads: int) -> None:
    """The process's initialiser: lower priority, and the recogniser built (its models load on the first
    photo)."""
    global _RECOGNISER
    with contextlib.suppress(OSError, AttributeError):  # a group of its own, stopped and continued as one
        os.setpgrp()  # (pause.py), with a Tesseract it starts
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    with contextlib.suppress(OSError, AttributeError):  # Linux: run only when a core is otherwise idle
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    _RECOGNISER = Recogniser(threads)


def process_group() -> int:
    """The reading process's group, for the service to pause it by; 0 where it could not lead a group of its
    own (then it is not paused: its group would be the service's)."""
    return os.getpid() if os.getpgrp() == os.getpid() else 0


def read_photo(data: bytes, limits: Limits, with_preview: bool) -> tuple[Reading, bytes | None]:
    """The photo checked, decoded and read; with a preview of it, the page upright, when asked."""
    if _RECOGNISER is None:
        start(1)
    assert _RECOGNISER is not None
    image = decode(data, limits)
    reading = _RECOGNISER.read(image)
    return reading, preview(image, reading.orientation) if with_preview else None
