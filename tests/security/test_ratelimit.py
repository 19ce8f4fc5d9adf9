"""Per-key rate limits: the bucket itself, and 429 with Retry-After through the API."""

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from app.security.ratelimit import RateLimiter


def test_bucket_allows_the_burst_then_refills_at_the_rate() -> None:
    limiter = RateLimiter(per_minute=60, burst=3)  # one token a second
    assert [limiter.acquire("k", now=100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.acquire("k", now=100.0) == pytest.approx(1.0)
    assert limiter.acquire("k", now=100.5) == pytest.approx(0.5)
    assert limiter.acquire("k", now=101.0) == 0.0
    assert limiter.acquire("other", now=101.0) == 0.0  # keys do not share a bucket


def test_zero_means_no_limit() -> None:
    limiter = RateLimiter(per_minute=0)
    assert all(limiter.acquire("k", now=1.0) == 0.0 for _ in range(1000))


@pytest.fixture
def limited_client(db: Database, resources: Resources) -> Iterator[TestClient]:
    settings = Settings(database_url=db.url, rate_limit_per_minute=6, rate_limit_burst=2)
    with TestClient(create_app(settings, resources)) as c:
        yield c


def test_api_answers_429_with_retry_after(limited_client: TestClient, create_key: Callable[..., str]) -> None:
    first, second = ({"Authorization": f"Bearer {create_key('system', name=n)}"} for n in ("a", "b"))
    statuses = [limited_client.get("/v1/screenings", headers=first).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = limited_client.get("/v1/screenings", headers=first)
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["retry-after"]) <= 10
    assert limited_client.get("/v1/screenings", headers=second).status_code == 200  # per key
