"""A real service process: SIGTERM lets in-flight screenings finish and store; the load test script's run of
20,000 screenings from 50 clients ends with every answered screening stored exactly once (both databases)."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import create_engine, text

from app.db.migrate import upgrade
from bench.server import serve
from tests.conftest import ROOT, _postgres_available

LOAD_REQUESTS = 20_000


def test_sigterm_lets_in_flight_requests_finish(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shutdown.db'}"
    upgrade(url)
    answers: list[int] = []
    finished: list[float] = []
    items = [{"description": f"醋酸酐 {n}升 塑料桶, уксусный ангидрид {n} кг"} for n in range(1, 301)]

    with serve(url, tmp_path) as server:

        def send(i: int) -> None:
            body = {"reference": f"TERM-{i}", "items": items}
            response = httpx2.post(
                f"{server.url}/v1/screenings",
                json=body,
                headers={"Authorization": f"Bearer {server.key}"},
                timeout=120,
            )
            answers.append(response.status_code)
            finished.append(time.monotonic())

        # One alone first: how long one takes on this machine. Eight at once on one worker each take longer
        # than that, so half of it is time for all eight to be inside the service, none of them done.
        started = time.monotonic()
        send(-1)
        alone = time.monotonic() - started
        answers.clear()
        finished.clear()
        threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        time.sleep(max(0.5, alone / 2))
        signalled = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(timeout=120)
        # uvicorn shuts down gracefully, then re-raises the signal: the exit status says "terminated"
        assert server.process.wait(timeout=60) in (0, -signal.SIGTERM)
        log = server.log.read_text()
    assert answers == [200] * 8, log[-2000:]
    assert min(finished) > signalled  # every one of them was still being answered when the signal came
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT COUNT(*) FROM screenings WHERE reference LIKE 'TERM-%'")
        ).scalar_one()
        items_stored = conn.execute(text("SELECT COUNT(*) FROM screening_items")).scalar_one()
    engine.dispose()
    assert (stored, items_stored) == (9, 9 * 300)  # the eight and the one alone


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_load_every_answer_stored_once(database: str) -> None:
    if database == "postgresql" and not _postgres_available():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is required in CI")
        pytest.skip("PostgreSQL not reachable")
    run = subprocess.run(
        [sys.executable, "bench/load.py", "--database", database, "--requests", str(LOAD_REQUESTS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    print(json.dumps(report))  # the figures, for the run's log
    assert run.returncode == 0, run.stderr[-2000:]
    assert report["requests"] == LOAD_REQUESTS and report["statuses"] == {"200": LOAD_REQUESTS}
    check = report["check"]
    assert check["stored"] == check["answered_distinct"] > 0.9 * LOAD_REQUESTS
    assert check["stored_twice"] == check["answered_missing"] == check["stored_unanswered"] == 0
