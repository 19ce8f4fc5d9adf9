"""Scale-out: two uvicorn workers against one PostgreSQL database, screening through both (their access lines
name two processes), every answer stored once, a resend answered by either worker with the same screening."""

import json
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
from sqlalchemy import create_engine, text

from app.db.migrate import upgrade
from app.lexicon.loader import LEXICON_DIR
from bench.server import create_key, serve
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


def test_a_reload_reaches_every_worker_at_the_announced_time(tmp_path: Path) -> None:
    """Issue 20: one data version for the deployment. Two workers start on a copy of the data; the data
    changes (one lexicon file), one worker is told to reload: until the announced time every answer still
    gives the old version, from 5 s after it every answer of both workers gives the new one."""
    require_postgresql()
    url = create_database(f"reload_{os.getpid()}")
    lexicon = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, lexicon, ignore=shutil.ignore_patterns("*.py", "*.md", "__pycache__"))
    try:
        upgrade(url)
        admin = create_key(url, "admin")
        env = {"LEXICON_DIR": str(lexicon), "DATA_CHECK_SECONDS": "0.5", "DATA_SWITCH_SECONDS": "20"}
        with serve(url, tmp_path, workers=2, LOG_LEVEL="INFO", **env) as server:
            headers = {"Authorization": f"Bearer {server.key}"}

            def version(path: str) -> str:
                answer = httpx2.get(f"{server.url}{path}", headers=headers, timeout=30)  # a new connection
                assert answer.status_code == 200
                body = answer.json()
                return str(body.get("lexicon_version") or body["version"])

            sent = 0
            while sent < 400 and len(pids(server.log, "/v1/rules")) < 2:
                old = version("/v1/rules")
                sent += 1
            assert len(pids(server.log, "/v1/rules")) == 2
            with (lexicon / "cargo_terms.yaml").open("a", encoding="utf-8") as f:
                f.write("\n# edited\n")
            reload = httpx2.post(
                f"{server.url}/v1/admin/reload", headers={"Authorization": f"Bearer {admin}"}, timeout=120
            )
            assert reload.status_code == 200
            new = reload.json()["current"]["lexicon_version"]
            at = datetime.fromisoformat(reload.json()["effective_at"])
            assert new != old
            while datetime.now(UTC) < at - timedelta(seconds=1):
                assert version("/v1/rules") == old  # neither worker ahead of the others
                time.sleep(0.05)
            time.sleep(max(0.0, (at + timedelta(seconds=5) - datetime.now(UTC)).total_seconds()))
            late = [version("/v1/lexicon") for _ in range(10)]
            while len(pids(server.log, "/v1/lexicon")) < 2 and len(late) < 400:
                late.append(version("/v1/lexicon"))
            assert len(pids(server.log, "/v1/lexicon")) == 2  # both workers answered after the time
            assert set(late) == {new}
    finally:
        drop_database(url)
