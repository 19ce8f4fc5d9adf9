"""Shared fixtures. Database tests run once per backend: SQLite (a temporary file) and PostgreSQL (the
server on 127.0.0.1:5432, database `test`). With CI=true a missing PostgreSQL fails the run instead of
skipping it. The schema is built by the Alembic migrations; every table is emptied after each test."""

import asyncio
import os
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from app.config import Settings
from app.db import accounts, repository
from app.db.migrate import downgrade, upgrade
from app.db.models import Base
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources, load_resources
from app.security.keys import display_prefix, generate_key, hash_key
from app.security.passwords import hash_password

# Apps built by tests sign cookies with this key instead of creating var/secret_key in the working tree.
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery"  # every test user's password unless a test says otherwise


def _postgres_available() -> bool:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def require_postgresql() -> None:
    """Skip a test that starts its own PostgreSQL database where none is reachable; in CI it must be."""
    if not _postgres_available():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is required in CI")
        pytest.skip("PostgreSQL not reachable")


def _admin_execute(sql: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(sql)
    engine.dispose()


def create_database(name: str) -> str:
    """A fresh PostgreSQL database on the test server; returns its URL."""
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin_execute(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    _admin_execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture(scope="session")
def resources(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    """The production lexicon and rules, loaded once for the whole run."""
    return load_resources(cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        if not _postgres_available():
            if os.environ.get("CI") == "true":
                pytest.fail(f"PostgreSQL is required in CI and is not reachable at {PG_URL}")
            pytest.skip("PostgreSQL not reachable")
        # A database of this run's own, so two runs on one machine never share tables.
        url = create_database(f"screening_test_{os.getpid()}")
    upgrade(url)
    yield url
    downgrade(url)
    if request.param == "postgresql":
        drop_database(url)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    empty_tables(database)
    database.dispose()


def empty_tables(database: Database) -> None:
    """Delete every row. The audit log refuses deletes (its triggers): PostgreSQL truncates it (a table
    owner's act that row triggers do not see); on SQLite its triggers are dropped and recreated around it."""
    with database.engine.begin() as conn:
        if database.engine.dialect.name == "postgresql":
            conn.exec_driver_sql("TRUNCATE audit_events")
            triggers = []
        else:
            triggers = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
            ).all()
            for name, _ in triggers:
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        for table in reversed(Base.metadata.sorted_tables):
            if table.name == "data_stamps":
                # the stamps only rise, as any change to their data raises them: a process's cached register
                # must not look current to the next test
                conn.execute(table.update().values(version=table.c.version + 1))
            else:
                conn.execute(table.delete())
        for _, ddl in triggers:
            conn.exec_driver_sql(ddl)


@pytest.fixture
def client(db: Database, resources: Resources) -> Iterator[TestClient]:
    # Limits and the retention task have tests of their own; here they would only add noise. The photo reader
    # runs at idle priority: while the other test worker and a process it starts take both cores, a photo may
    # wait past the production default of 30 s (as in the browser tests); its deadline has a test of its own.
    settings = Settings(
        database_url=db.url, rate_limit_per_minute=0, retention_check_minutes=0, ocr_wait_seconds=120
    )
    with TestClient(create_app(settings, resources, loader=lambda: resources)) as c:
        yield c


@pytest.fixture
def create_key(db: Database) -> Callable[..., str]:
    """Factory: create_key(role) -> the secret key, stored like `python -m app keys create` does."""

    def make(role: str = "system", name: str = "test") -> str:
        key = generate_key()
        with db.transaction() as session:
            repository.add_api_key(
                session, name=name, role=role, prefix=display_prefix(key), key_hash=hash_key(key)
            )
        return key

    return make


@pytest.fixture
def auth(create_key: Callable[..., str]) -> Callable[[str], dict[str, str]]:
    """Factory: auth(role) -> headers carrying a fresh key of that role."""
    return lambda role="system": {"Authorization": f"Bearer {create_key(role)}"}


T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: the main thread may be running another loop (the browser tests'
    Playwright, whose sync API keeps one going for the session)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=120)


def count_rows(session: Session, table: str) -> int:
    return int(session.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


@pytest.fixture
def create_user(db: Database) -> Callable[..., str]:
    """Factory: create_user(role, username=..., password=...) -> the username, stored like `users create`."""
    counter = iter(range(1_000_000))

    def make(role: str = "officer", username: str | None = None, password: str = PASSWORD) -> str:
        name = username or f"{role}{next(counter)}"
        with db.transaction() as session:
            accounts.add_user(
                session,
                username=name,
                display_name=f"{role.title()} {name}",
                role=role,
                password_hash=hash_password(password),
            )
        return name

    return make
