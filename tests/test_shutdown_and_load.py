"""A real service process: SIGTERM lets in-flight screenings finish and store. (The load test, 20,000
screenings from 50 clients, is in tests/test_load_sqlite.py and tests/test_load_postgresql.py: one file per
database, so the suite's two processes run them side by side.)"""

import re
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx2
from sqlalchemy import create_engine, text

from app.db.migrate import upgrade
from bench.server import serve


def in_progress(server: Any) -> float:
    """The service's http_requests_in_progress gauge."""
    text = httpx2.get(f"{server.url}/metrics", timeout=10).text
    match = re.search(r"^http_requests_in_progress ([0-9.]+)$", text, re.M)
    return float(match.group(1)) if match else 0.0


def test_sigterm_lets_in_flight_requests_finish(tmp_path: Path) -> None:
    """SIGTERM while declarations are being screened: every request inside the service then (its own
    http_requests_in_progress gauge says how many) is answered 200 and stored; one the service had not
    accepted yet may be refused at the connection; none gets an error answer."""
    url = f"sqlite:///{tmp_path / 'shutdown.db'}"
    upgrade(url)
    answers: list[int] = []
    refused: list[str] = []
    finished: list[float] = []
    items = [{"description": f"醋酸酐 {n}升 塑料桶, уксусный ангидрид {n} кг"} for n in range(1, 301)]

    with serve(url, tmp_path) as server:

        def send(i: int) -> None:
            body = {"reference": f"TERM-{i}", "items": items}
            try:
                response = httpx2.post(
                    f"{server.url}/v1/screenings",
                    json=body,
                    headers={"Authorization": f"Bearer {server.key}"},
                    timeout=120,
                )
            except httpx2.TransportError as e:  # not accepted before the listening socket closed
                refused.append(repr(e))
                return
            answers.append(response.status_code)
            finished.append(time.monotonic())

        started = time.monotonic()
        send(-1)  # one alone first: how long one takes here bounds the wait below
        alone = time.monotonic() - started
        answers.clear()
        finished.clear()
        threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
        for t in threads:
            t.start()
        # the signal once several are inside the service and none answered yet (one at a time gets the
        # event loop while the others screen, so all eight are rarely inside at once)
        deadline = time.monotonic() + max(10.0, alone * 8)
        inside, read_at = 0.0, time.monotonic()
        while time.monotonic() < deadline:
            read_at = time.monotonic()
            inside = in_progress(server)
            if inside >= 3 or finished:
                break
            time.sleep(0.005)
        server.process.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(timeout=120)
        # uvicorn shuts down gracefully, then re-raises the signal: the exit status says "terminated"
        assert server.process.wait(timeout=60) in (0, -signal.SIGTERM)
        log = server.log.read_text()
    assert inside >= 1, "no request was inside the service when the signal came"
    assert answers == [200] * len(answers) and len(answers) + len(refused) == 8, (refused, log[-2000:])
    # every one inside when the gauge was read was answered, after that moment
    assert sum(1 for t in finished if t > read_at) >= inside, (inside, refused, log[-2000:])
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(
            text("SELECT COUNT(*) FROM screenings WHERE reference LIKE 'TERM-%'")
        ).scalar_one()
        items_stored = conn.execute(text("SELECT COUNT(*) FROM screening_items")).scalar_one()
    engine.dispose()
    assert (stored, items_stored) == (1 + len(answers), (1 + len(answers)) * 300)  # the one alone too
