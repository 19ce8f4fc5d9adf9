"""The photo reader stopped while other requests run (app/ocr/pause.py), on real processes: their state is
read from /proc, as the kernel reports it."""

import asyncio
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from starlette.types import Receive, Scope, Send

from app.api.limits import ScreeningsFirst
from app.ocr import PhotoQueue, worker
from app.ocr.pause import ReaderPause
from tests.conftest import run_async

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads states from /proc")


def _state(pid: int) -> str:
    """R, S, T (stopped)…: the third field of /proc/<pid>/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat[stat.rindex(")") + 2]


def _settled(pid: int, stopped: bool) -> bool:
    """The process reached the state asked (a signal is delivered at once, the state read may lag)."""
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        if (_state(pid) == "T") == stopped:
            return True
        time.sleep(0.01)
    return False


@pytest.fixture
def reader() -> Iterator[int]:
    """A process leading a group of its own, as the reading process does: its pid."""
    child = subprocess.Popen(
        [sys.executable, "-c", "import time\nwhile True: time.sleep(0.005)"], start_new_session=True
    )
    try:
        yield child.pid
    finally:
        child.kill()
        child.wait()


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_held_while_a_request_runs_and_photos_wait(reader: int) -> None:
    held: list[float] = []
    clock = Clock()
    pause = ReaderPause(10, clock, on_held=held.append)
    pause.attach(reader)
    pause.request_started()
    assert _settled(reader, stopped=False)  # no photo waits: nothing to hold
    pause.photos_waiting(1)
    assert _settled(reader, stopped=True) and pause.stopped
    pause.request_started()  # a second request: still held, stopped once
    pause.request_finished()
    assert _settled(reader, stopped=True)
    clock.now += 0.25
    pause.request_finished()  # none in flight
    assert _settled(reader, stopped=False) and not pause.stopped
    assert pause.pauses == 1 and held == [0.25]


def test_a_photo_is_held_at_most_hold_seconds_then_reads_beside_the_screenings(reader: int) -> None:
    clock = Clock()
    pause = ReaderPause(5, clock)
    pause.attach(reader)
    pause.photos_waiting(2)
    for _ in range(3):  # 3 s held, in three requests
        pause.request_started()
        assert _settled(reader, stopped=True)
        clock.now += 1
        pause.request_finished()
        assert _settled(reader, stopped=False)
    pause.request_started()
    clock.now += 2.5  # 5.5 s held in all
    pause.request_started()  # the next request finds the hold used up
    assert _settled(reader, stopped=False)
    pause.request_finished()
    pause.request_finished()
    pause.request_started()
    assert _settled(reader, stopped=False) and pause.pauses == 4  # not held again while photos still wait
    pause.request_finished()
    pause.photos_waiting(0)
    pause.photos_waiting(1)  # the next photo: the whole hold again
    pause.request_started()
    assert _settled(reader, stopped=True) and pause.pauses == 5
    pause.request_finished()


def test_one_long_request_holds_the_reader_no_longer_than_hold_seconds(reader: int) -> None:
    async def long_request() -> tuple[bool, bool]:
        pause = ReaderPause(0.3)
        pause.attach(reader)
        pause.photos_waiting(1)
        pause.request_started()
        stopped_at_first = _settled(reader, stopped=True)
        await asyncio.sleep(0.6)  # the request still runs: the event loop's timer lets the reader go
        return stopped_at_first, _settled(reader, stopped=False)

    assert run_async(long_request()) == (True, True)


def test_released_and_disabled_readers_are_never_held(reader: int) -> None:
    pause = ReaderPause(10)
    pause.attach(reader)
    pause.photos_waiting(1)
    pause.request_started()
    assert _settled(reader, stopped=True)
    pause.release()  # the service stops: a stopped reader would never end
    assert _settled(reader, stopped=False)
    pause.request_started()
    assert _settled(reader, stopped=False) and not pause.enabled

    off = ReaderPause(0)  # OCR_HOLD_SECONDS=0
    off.attach(reader)
    off.photos_waiting(1)
    off.request_started()
    assert _settled(reader, stopped=False) and off.pauses == 0


def test_a_reader_that_has_ended_is_let_go() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    child.wait()
    pause = ReaderPause(10)
    pause.attach(child.pid)
    pause.photos_waiting(1)
    pause.request_started()  # no such process: not an error, nothing held
    assert not pause.stopped and pause.pauses == 0


_OWN_GROUP_CHECK = """
from app.ocr.pause import ReaderPause
from tests.conftest import run_async
import os
pause = ReaderPause(10)
pause.attach(os.getpgrp())
pause.photos_waiting(1)
pause.request_started()
pause.attach(0)
pause.request_started()
print("not stopped", pause.pauses)
"""


def test_the_service_never_stops_its_own_group() -> None:
    """A reading process that could not lead a group of its own answers 0 (worker.process_group), and the
    service's own group is never taken for the reader's. Run apart: were it stopped, this one would hang."""
    done = subprocess.run(
        [sys.executable, "-c", _OWN_GROUP_CHECK],
        capture_output=True,
        text=True,
        timeout=30,
        start_new_session=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.stdout.strip() == "not stopped 0", done.stderr


def test_requests_in_flight_hold_the_reader_photo_requests_do_not(reader: int) -> None:
    pause = ReaderPause(10)
    pause.attach(reader)
    pause.photos_waiting(1)
    seen: dict[str, bool] = {}

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        seen[scope["path"]] = _settled(reader, stopped=True)

    middleware = ScreeningsFirst(application, pause, photo_paths=("/v1/ocr", "/lookup/photo"))

    async def requests() -> None:
        for path in ("/v1/screenings", "/v1/ocr", "/lookup/photo", "/lookup"):
            await middleware({"type": "http", "path": path}, _no_body, _nowhere)

    run_async(requests())
    assert seen == {"/v1/screenings": True, "/v1/ocr": False, "/lookup/photo": False, "/lookup": True}
    assert _settled(reader, stopped=False) and pause.pauses == 2


async def _no_body() -> dict[str, object]:
    return {"type": "http.request", "body": b""}


async def _nowhere(message: object) -> None:
    return None


def test_the_reading_process_is_held_by_the_queue_that_feeds_it() -> None:
    """The real reading process (worker.start: a group of its own), reached through the photo queue: a task
    it runs is stopped while a request is in flight and finishes once none is."""
    executor = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=worker.start,
        initargs=(1,),
    )
    pause = ReaderPause(10, locate=worker.process_group)
    queue = PhotoQueue(1, executor, pause=pause)

    async def photo_while_screening() -> tuple[int, bool, bool, float]:
        reading = asyncio.ensure_future(queue.run(time.sleep, 0.5))  # stands for a photo read in 0.5 s
        while not pause.attached:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
        group = pause.group or 0
        pause.request_started()
        held = _settled(group, stopped=True)
        started = time.monotonic()
        await asyncio.sleep(1.0)  # the reading cannot finish while held
        still_reading = not reading.done()
        pause.request_finished()
        await reading
        return group, held, still_reading, time.monotonic() - started

    try:
        group, held, still_reading, spent = run_async(photo_while_screening())
    finally:
        queue.shutdown()
    assert group not in (0, os.getpgrp())
    assert held and still_reading and spent >= 1.0
    assert queue.in_queue == 0 and not pause.stopped


_SERVICE_DIES = """
import os, signal, sys
from pathlib import Path
from app.ocr import reading_process, worker
executor = reading_process(1)
group = executor.submit(worker.process_group).result(timeout=60)
os.killpg(group, signal.SIGSTOP)  # held, as while a screening runs
Path(sys.argv[1]).write_text(str(group))
os.kill(os.getpid(), signal.SIGKILL)  # the service dies with its reader stopped
"""

# Runs the service above and takes in its orphans (PR_SET_CHILD_SUBREAPER): a parent in the reader's session,
# as a service manager or a container's first process may be. Then the kernel does not continue an orphaned
# stopped group by itself, and the reader ends only if it sees to it.
_ADOPTER = """
import ctypes, os, signal, subprocess, sys, time
from pathlib import Path
ctypes.CDLL(None, use_errno=True).prctl(36, 1)
subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL, timeout=90)
reader = int(Path(sys.argv[2]).read_text())
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    if os.waitpid(reader, os.WNOHANG)[0]:
        print("ended")
        sys.exit()
    time.sleep(0.1)
os.kill(reader, signal.SIGKILL)
os.waitpid(reader, 0)
print("left stopped")
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")
def test_a_reader_left_stopped_by_a_dead_service_ends(tmp_path: Path) -> None:
    """The service killed while its reader was held: the reader is continued (PR_SET_PDEATHSIG) and ends (it
    watches its parent) rather than staying a stopped orphan."""
    done = subprocess.run(
        [sys.executable, "-c", _ADOPTER, _SERVICE_DIES, str(tmp_path / "reader.pid")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.stdout.strip() == "ended", done.stderr
