"""The load test's check, shared by tests/test_load_sqlite.py and tests/test_load_postgresql.py: the load test
script's run of 20,000 screenings from 50 clients ends with every answered screening stored exactly once."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, _postgres_available

LOAD_REQUESTS = 20_000


def every_answer_stored_once(database: str) -> None:
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
