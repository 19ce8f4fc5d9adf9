"""401 without a valid key, 403 for a role the endpoint does not admit."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from app.config import Settings
from app.db.models import ApiKey
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from app.security.keycache import KeyCache

BODY = {"reference": "DT-AUTH", "items": [{"description": "acetone"}]}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer psk_not-a-real-key"},
    ],
)
def test_missing_or_invalid_key_is_401(client: TestClient, headers: dict[str, str]) -> None:
    for method, path in [("post", "/v1/screenings"), ("get", "/v1/screenings"), ("get", "/v1/screenings/x")]:
        r = client.request(method, path, json=BODY if method == "post" else None, headers=headers)
        assert r.status_code == 401, (method, path)
        assert r.json()["error"]["code"] == "unauthenticated"
        assert r.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("role", "post_status", "list_status"),
    [("system", 200, 200), ("officer", 200, 200), ("admin", 200, 200), ("supervisor", 403, 200)],
)
def test_roles(
    client: TestClient, auth: Callable[[str], dict[str, str]], role: str, post_status: int, list_status: int
) -> None:
    headers = auth(role)
    r = client.post("/v1/screenings", json=BODY, headers=headers)
    assert r.status_code == post_status
    if post_status == 403:
        assert r.json()["error"]["code"] == "forbidden"
    assert client.get("/v1/screenings", headers=headers).status_code == list_status


@pytest.mark.parametrize("field", ["revoked_at", "expires_at"])
def test_a_key_revoked_or_expired_elsewhere_stops_within_the_cache_time(
    client: TestClient, create_key: Callable[..., str], db: Database, field: str
) -> None:
    """Revoked by the CLI or another worker (here: in the database directly), a key this worker has just
    seen keeps working for at most KEY_CACHE_SECONDS, then gets 401."""
    now = [100.0]
    client.app.state.key_cache = KeyCache(5.0, clock=lambda: now[0])  # type: ignore[attr-defined]
    key = create_key("system")
    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/v1/screenings", headers=headers).status_code == 200
    with db.transaction() as s:
        s.execute(update(ApiKey).values({field: datetime.now(UTC) - timedelta(seconds=1)}))
    now[0] += 4.9
    assert client.get("/v1/screenings", headers=headers).status_code == 200
    now[0] += 0.1
    r = client.get("/v1/screenings", headers=headers)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"


def test_without_the_cache_a_revoked_key_stops_at_once(
    db: Database, resources: Resources, create_key: Callable[..., str]
) -> None:
    settings = Settings(
        database_url=db.url, rate_limit_per_minute=0, retention_check_minutes=0, key_cache_seconds=0
    )
    with TestClient(create_app(settings, resources)) as client:
        headers = {"Authorization": f"Bearer {create_key('system')}"}
        assert client.get("/v1/screenings", headers=headers).status_code == 200
        with db.transaction() as s:
            s.execute(update(ApiKey).values(revoked_at=datetime.now(UTC)))
        assert client.get("/v1/screenings", headers=headers).status_code == 401


def test_only_a_hash_of_the_key_is_stored(create_key: Callable[..., str], db: Database) -> None:
    key = create_key("system")
    with db.transaction() as s:
        row = s.query(ApiKey).one()
    assert key not in (row.key_hash, row.prefix, row.name)
    assert len(row.key_hash) == 64
