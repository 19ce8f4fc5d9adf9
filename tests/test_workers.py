"""Scale-out: two uvicorn workers against one PostgreSQL database, screening through both (their access lines
name two processes), every answer stored once, a resend answered by either worker with the same screening."""

import json
import os
from pathlib import Path

import httpx2
from sqlalchemy import create_engine, text

from app.db.migrate import upgrade
from bench.server import serve
from tests.conftest import create_database, drop_database, require_postgresql


def pids(log: Path, path: str = "/v1/screenings") -> set[int]:
    """The processes that logged an access line for this path."""
    lines = (json.loads(x) for x in log.read_text().splitlines() if x.startswith("{"))
    return {x["pid"] for x in lines if x.get("logger") == "app.access" and x.get("path") == path}


def test_two_workers_share_one_postgresql(tmp_path: Path) -> None:
    require_postgresql()
    url = create_database(f"workers_{os.getpid()}")
    try:
        upgrade(url)
        answers: dict[str, str] = {}
        with serve(url, tmp_path, workers=2, LOG_LEVEL="INFO") as server:
            headers = {"Authorization": f"Bearer {server.key}"}
            sent = 0
            # A new connection each time: the kernel spreads them over the workers (the second may still be
            # loading the lexicon at first). Until both have answered, then 40 more.
            while sent < 400 and (len(pids(server.log)) < 2 or sent < 60):
                body = {"reference": f"W-{sent % 40}", "items": [{"description": "醋酸酐 200升"}]}
                response = httpx2.post(f"{server.url}/v1/screenings", json=body, headers=headers, timeout=30)
                assert response.status_code == 200
                known = answers.setdefault(body["reference"], response.json()["id"])
                assert known == response.json()["id"]  # a resend gets the stored screening, whichever worker
                sent += 1
            assert len(pids(server.log)) == 2
        engine = create_engine(url)
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT reference, COUNT(*) FROM screenings GROUP BY reference")).all()
        engine.dispose()
        assert sorted(stored) == sorted((f"W-{i}", 1) for i in range(40))
    finally:
        drop_database(url)


def _declared(exposition: str) -> float:
    """screening_declarations_total over every risk level."""
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in exposition.splitlines()
        if line.startswith("screening_declarations_total{")
    )


def test_two_workers_report_their_metrics_together(tmp_path: Path) -> None:
    """Under `--workers 2` any worker's /metrics counts what both did (prometheus-client's multiprocess
    mode, set up by the serve command): 30 declarations, spread over both, are 30 on every scrape."""
    require_postgresql()
    url = create_database(f"metrics_{os.getpid()}")
    try:
        upgrade(url)
        with serve(url, tmp_path, workers=2, LOG_LEVEL="INFO") as server:
            headers = {"Authorization": f"Bearer {server.key}"}
            sent = 0
            while sent < 400 and (len(pids(server.log)) < 2 or sent < 30):
                body = {"reference": f"M-{sent}", "items": [{"description": "醋酸酐 200升"}]}
                response = httpx2.post(f"{server.url}/v1/screenings", json=body, headers=headers, timeout=30)
                assert response.status_code == 200
                sent += 1
            assert len(pids(server.log)) == 2  # both workers screened some
            scrapes = [httpx2.get(f"{server.url}/metrics", timeout=30).text for _ in range(6)]
        assert [_declared(s) for s in scrapes] == [float(sent)] * 6
        assert all("screening_data_info{" in s for s in scrapes)  # the answering worker's data versions
    finally:
        drop_database(url)
