"""The process photos are read in: the recogniser lives here, apart from the service's own process, so that
reading a photo never holds the interpreter lock the screenings need (a thread of the service's process did:
screening latency rose by half while photos were read). Started on the first photo, one photo at a time."""

import contextlib
import ctypes
import os
import signal
import threading
import time

from app.ocr.engine import Reading, Recogniser
from app.ocr.images import Limits, decode
from app.ocr.preview import preview

_RECOGNISER: Recogniser | None = None


# Reading a photo may take a second; a screening a few milliseconds: when they compete for a core, the
# screening goes first (the scheduler gives this process what the service leaves).
NICENESS = 10


# prctl(2): the signal this process gets when the thread that started it ends
_PR_SET_PDEATHSIG = 1
_WATCH_SECONDS = 1.0


def start(threads: int) -> None:
    """The process's initialiser: a process group of its own, lower priority, an end with the service, and
    the recogniser built (its models load on the first photo)."""
    global _RECOGNISER
    _end_with_the_service()
    with contextlib.suppress(OSError, AttributeError):  # a group of its own, stopped and continued as one
        os.setpgrp()  # (pause.py), with a Tesseract it starts
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)
    with contextlib.suppress(OSError, AttributeError):  # Linux: run only when a core is otherwise idle
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    _RECOGNISER = Recogniser(threads)


def _end_with_the_service() -> None:
    """A reader whose service has died ends too, also when the service left it stopped (pause.py); the kernel
    would leave a stopped orphan stopped for ever where its new parent shares its session. The kernel
    continues this process when the service's thread that started it ends (PR_SET_PDEATHSIG, Linux; a
    thread that ends while the service lives continues it early, which only lets a photo be read beside a
    screening), and a thread here ends the process once its parent is not the service any more."""
    service = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGCONT))

    def watch() -> None:
        while os.getppid() == service:
            time.sleep(_WATCH_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="service-watch", daemon=True).start()


def process_group() -> int:
    """The reading process's group, for the service to pause it by; 0 where it could not lead a group of its
    own (then it is not paused: its group would be the service's)."""
    return os.getpid() if os.getpgrp() == os.getpid() else 0


def read_photo(data: bytes, limits: Limits, with_preview: bool) -> tuple[Reading, bytes | None]:
    """The photo checked, decoded and read; with a preview of it, the page upright, when asked."""
    global _RECOGNISER
    if _RECOGNISER is None:  # run by another executor than reading_process(): no process-wide settings
        _RECOGNISER = Recogniser(1)
    image = decode(data, limits)
    reading = _RECOGNISER.read(image)
    return reading, preview(image, reading.orientation) if with_preview else None
