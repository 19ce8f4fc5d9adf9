"""Raw request bodies are removed after the retention period; results, statistics and the screening pages
stay. By the service's own task and by `python -m app purge-bodies`."""

import time
from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import text

from app import access_and_retention
from app.api.schemas import ScreeningRequest
from app.config import Settings
from app.db.audit import SERVICE
from app.db.models import utcnow
from app.db.repository import Author
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from app.services import submit_screening

Auth = Callable[[str], dict[str, str]]


def store(db: Database, res: Resources, reference: str, days_ago: float) -> str:
    body = ScreeningRequest.model_validate(
        {
            "reference": reference,
            "consignor": {"name": "Shenzhen Trading"},
            "items": [{"description": "醋酸酐 200升"}],
        }
    )
    with db.transaction() as session:
        key = access_and_retention.create_key(
            session, SERVICE, name="clearance", role="system", expires_days=None
        ).row
        author = Author("api_key", key.id, key.name)
        return submit_screening(
            session, db, res, body, author, at=utcnow() - timedelta(days=days_ago)
        ).screening.id


def bodies(db: Database) -> dict[str, bool]:
    with db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT reference, request_body IS NULL, body_purged_at IS NULL FROM screenings")
        )
        return {ref: bool(gone) for ref, gone, _ in rows}


def test_old_bodies_go_results_and_stats_stay(
    client: TestClient, auth: Auth, db: Database, resources: Resources
) -> None:
    old = store(db, resources, "RET-OLD", days_ago=40)
    store(db, resources, "RET-NEW", days_ago=5)
    params = {"from": "2000-01-01", "to": "2100-01-01", "group_by": "risk_level"}
    before = client.get("/v1/stats", params=params, headers=auth("supervisor")).json()
    with db.transaction() as session:
        assert access_and_retention.purge_request_bodies(session, SERVICE, retention_days=30) == 1
    assert bodies(db) == {"RET-OLD": True, "RET-NEW": False}
    assert client.get("/v1/stats", params=params, headers=auth("supervisor")).json() == before
    kept = client.get(f"/v1/screenings/{old}", headers=auth("officer")).json()
    assert kept["risk_level"] == "high" and kept["reasons"]
    with db.transaction() as session:  # a second run finds nothing and logs nothing
        assert access_and_retention.purge_request_bodies(session, SERVICE, retention_days=30) == 0
    log = client.get("/v1/audit", params={"action": "retention.purge"}, headers=auth("admin")).json()
    assert log["total"] == 1 and log["items"][0]["details"]["screenings"] == 1
    # the same declaration sent again is still recognised (its content hash stays)
    again = {
        "reference": "RET-OLD",
        "consignor": {"name": "Shenzhen Trading"},
        "items": [{"description": "醋酸酐 200升"}],
    }
    assert client.post("/v1/screenings", json=again, headers=auth("system")).json()["id"] == old


def test_zero_days_keeps_everything(db: Database, resources: Resources) -> None:
    store(db, resources, "RET-ANCIENT", days_ago=4000)
    with db.transaction() as session:
        assert access_and_retention.purge_request_bodies(session, SERVICE, retention_days=0) == 0
    assert bodies(db) == {"RET-ANCIENT": False}


def test_the_service_purges_by_itself(db: Database, resources: Resources) -> None:
    store(db, resources, "RET-TASK", days_ago=400)
    settings = Settings(database_url=db.url, body_retention_days=365, retention_check_minutes=60)
    with TestClient(create_app(settings, resources)):
        deadline = time.monotonic() + 10
        while not bodies(db)["RET-TASK"] and time.monotonic() < deadline:
            time.sleep(0.05)
    assert bodies(db) == {"RET-TASK": True}
