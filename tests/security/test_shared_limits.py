"""Rate limits shared through Redis (REDIS_URL): two limiters — two workers — give a key its burst once, not
twice; with Redis down every request still gets an answer, limited by its own process, counted and logged.
Against the Redis server on 127.0.0.1:6379, and a port where none listens."""

import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest
import redis
from fastapi.testclient import TestClient

from app.config import Settings
from app.db.migrate import upgrade
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from app.security.ratelimit import RateLimiter
from app.security.shared_limits import SharedRateLimiter, redis_client
from bench.server import serve
from tests.conftest import create_database, drop_database, require_postgresql
from tests.test_workers import pids

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DEAD = "redis://127.0.0.1:6390/0"  # nothing listens there


def _redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def shared() -> redis.Redis:
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is required in CI and is not reachable at {REDIS}")
        pytest.skip("Redis not reachable")
    return redis_client(REDIS)


def test_two_workers_share_one_bucket(shared: redis.Redis) -> None:
    name = f"test-{uuid.uuid4().hex}"
    workers = [SharedRateLimiter(shared, name, per_minute=60, burst=5) for _ in range(2)]
    waits = [workers[n % 2].acquire("key-1") for n in range(10)]
    assert sum(w == 0 for w in waits) == 5  # the burst once, whichever worker answered
    assert all(0 < w <= 1.0 for w in waits[5:])  # a token a second: less than a second to the next
    assert workers[0].acquire("key-2") == 0  # another key has its own bucket
    alone = [RateLimiter(60, 5) for _ in range(2)]
    assert sum(alone[n % 2].acquire("key-1", now=0.0) == 0 for n in range(10)) == 10  # what sharing prevents


def test_redis_down_falls_back_to_this_process(caplog: pytest.LogCaptureFixture) -> None:
    fallbacks: list[int] = []
    limiter = SharedRateLimiter(
        redis_client(DEAD), "down", 60, 3, on_fallback=lambda: fallbacks.append(1), pause_s=0.0
    )  # no pause: each request tries Redis again, and fails
    with caplog.at_level(logging.WARNING, logger="app.security.shared_limits"):
        waits = [limiter.acquire("key-1", now=100.0) for _ in range(5)]
    assert [w == 0 for w in waits] == [True, True, True, False, False]  # this process's own bucket
    assert len(fallbacks) == 5
    assert sum("Redis unavailable" in r.message for r in caplog.records) == 1  # logged once, not per request


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_service_answers_with_redis_down(
    db: Database, resources: Resources, auth: Callable[[str], dict[str, str]]
) -> None:
    settings = Settings(
        database_url=db.url, redis_url=DEAD, rate_limit_per_minute=600, retention_check_minutes=0
    )
    with TestClient(create_app(settings, resources, loader=lambda: resources)) as client:
        headers = auth("system")
        for n in range(3):
            body = {"reference": f"REDIS-DOWN-{n}", "items": [{"description": "acetone"}]}
            assert client.post("/v1/screenings", json=body, headers=headers).status_code == 200
        metrics = client.get("/metrics").text
    assert "rate_limit_fallbacks_total 3.0" in metrics


def test_two_worker_processes_share_limits(shared: redis.Redis, tmp_path: Path) -> None:
    """`python -m app serve --workers 2` on PostgreSQL with REDIS_URL: a key with a burst of 5 gets 5
    answers, not 5 from each worker."""
    require_postgresql()
    url = create_database(f"limits_{os.getpid()}")
    try:
        upgrade(url)
        env = {"REDIS_URL": REDIS, "RATE_LIMIT_PER_MINUTE": "6", "RATE_LIMIT_BURST": "5", "LOG_LEVEL": "INFO"}
        with serve(url, tmp_path, workers=2, **env) as server:
            # a new connection each time: the kernel spreads them over the workers; until both answer
            for _ in range(400):
                httpx2.get(f"{server.url}/readyz", timeout=30)
                if len(pids(server.log, "/readyz")) == 2:
                    break
            headers = {"Authorization": f"Bearer {server.key}"}
            codes = [
                httpx2.post(
                    f"{server.url}/v1/screenings",
                    json={"reference": f"W-{n}", "items": [{"description": "acetone"}]},
                    headers=headers,
                    timeout=30,
                ).status_code
                for n in range(20)
            ]
            answered_by = pids(server.log, "/v1/screenings")
        assert len(answered_by) == 2  # both workers took requests of the key
        assert codes.count(200) == 5, codes
        assert codes.count(429) == 15, codes
    finally:
        drop_database(url)
