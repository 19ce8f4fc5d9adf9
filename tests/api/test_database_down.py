"""With the database unreachable, screening requests get 503 with Retry-After and /readyz fails; nothing
else of the service breaks (health, docs)."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.screening.pipeline import Resources

# A PostgreSQL URL on a port where nothing listens: connections are refused at once.
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2"


@pytest.fixture
def down_client(resources: Resources) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=UNREACHABLE), resources)) as c:
        yield c


def test_screening_is_503_with_retry_after(down_client: TestClient) -> None:
    body = {"reference": "R", "items": [{"description": "acetone"}]}
    r = down_client.post("/v1/screenings", json=body, headers={"Authorization": "Bearer psk_whatever"})
    assert r.status_code == 503
    assert r.headers["retry-after"] == "5"
    assert r.json()["error"]["code"] == "database_unavailable"


def test_readiness_fails_and_liveness_holds(down_client: TestClient) -> None:
    ready = down_client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["database"].startswith("unavailable")
    assert down_client.get("/healthz").status_code == 200
