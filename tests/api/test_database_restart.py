"""A real PostgreSQL stopped and started under the running service: while it is down, screenings get 503
with Retry-After and /readyz fails; when it is back, the service recovers by itself (no restart), and
exactly the screenings that got a 200 are stored. The server is a private one (initdb in a temporary
directory, on its own port), so the machine's shared PostgreSQL is never touched."""

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from app.config import Settings
from app.db import repository
from app.db.migrate import upgrade
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from app.security.keys import display_prefix, generate_key, hash_key
from bench.server import free_port

BINARIES = sorted(glob.glob("/usr/lib/postgresql/*/bin"))


class PrivatePostgres:
    def __init__(self, directory: Path) -> None:
        self.bin = Path(BINARIES[-1])
        self.data = directory / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres?connect_timeout=3"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120
        )

    def init(self) -> None:
        shutil.chown(self.data.parent, "postgres")
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}"
        log = str(self.data.parent / "server.log")  # the server must not hold our pipes open
        self._as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start"
        )

    def stop(self) -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")


@pytest.fixture
def postgres() -> Iterator[PrivatePostgres]:
    usable = BINARIES and os.geteuid() == 0 and shutil.which("runuser")
    if not usable:
        if os.environ.get("CI") == "true":
            pytest.fail("CI needs PostgreSQL's server binaries and root (runuser) for this test")
        pytest.skip("no PostgreSQL server binaries or not root")
    # Not under pytest's temporary directory: the postgres account cannot enter root's private one.
    with tempfile.TemporaryDirectory(prefix="pg-restart-") as directory:
        server = PrivatePostgres(Path(directory))
        server.init()
        server.start()
        yield server
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped by a failed test
            server.stop()


def _key(url: str) -> str:
    secret = generate_key()
    db = Database(url)
    with db.transaction() as session:
        repository.add_api_key(
            session, name="t", role="system", prefix=display_prefix(secret), key_hash=hash_key(secret)
        )
    db.dispose()
    return secret


def test_the_service_recovers_when_postgres_comes_back(
    postgres: PrivatePostgres, resources: Resources
) -> None:
    upgrade(postgres.url)
    headers = {"Authorization": f"Bearer {_key(postgres.url)}"}
    settings = Settings(database_url=postgres.url, retention_check_minutes=0, rate_limit_per_minute=0)
    answered: list[str] = []

    def screen(reference: str) -> int:
        body = {"reference": reference, "items": [{"description": "醋酸酐 200升"}]}
        response = client.post("/v1/screenings", json=body, headers=headers)
        if response.status_code == 200:
            answered.append(response.json()["id"])
        else:
            assert response.headers["retry-after"] == "5"
        return response.status_code

    with TestClient(create_app(settings, resources)) as client:
        assert [screen(f"PG-UP-{i}") for i in range(3)] == [200, 200, 200]
        postgres.stop()
        assert [screen(f"PG-DOWN-{i}") for i in range(3)] == [503, 503, 503]
        assert client.get("/readyz").status_code == 503
        postgres.start()
        assert client.get("/readyz").status_code == 200
        assert [screen(f"PG-BACK-{i}") for i in range(3)] == [200, 200, 200]
    engine = create_engine(postgres.url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT id FROM screenings")).scalars().all()
    engine.dispose()
    assert sorted(stored) == sorted(answered) and len(stored) == 6
