"""Migrations: upgrade from empty, the models match the migrated schema, downgrade to empty."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.db.migrate import downgrade, upgrade
from app.db.models import Base
from tests.conftest import _postgres_available, create_database, drop_database

TABLES = {
    "api_keys",
    "screenings",
    "screening_items",
    "screening_reasons",
    "users",
    "web_sessions",
    "reviews",
    "audit_events",
    "rescreenings",
}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/migrate.db"
        return
    if not _postgres_available():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is required in CI")
        pytest.skip("PostgreSQL not reachable")
    url = create_database(f"screening_migrations_{os.getpid()}")
    yield url
    drop_database(url)


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_upgrade_creates_the_schema_the_models_expect(empty_url: str) -> None:
    assert not (_tables(empty_url) & TABLES)
    upgrade(empty_url)
    assert _tables(empty_url) >= TABLES
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_removes_everything_and_upgrade_again_works(empty_url: str) -> None:
    upgrade(empty_url)
    downgrade(empty_url)
    assert _tables(empty_url) - {"alembic_version"} == set()
    upgrade(empty_url)
    assert _tables(empty_url) >= TABLES
