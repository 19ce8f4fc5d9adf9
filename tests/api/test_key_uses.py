"""Each use of an API key is an entry of the audit log (key.use), written before the answer leaves: key,
method, path, status, request id, and for a screening the screening it created or found."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.db.models import ApiKey, AuditEvent
from app.db.session import Database

DECLARATION = {"reference": "KU-1", "items": [{"description": "acetic anhydride 200 l drums"}]}


def uses(db: Database) -> list[dict[str, Any]]:
    with db.transaction() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.action == "key.use").order_by(AuditEvent.id))
        return [
            {"key": r.actor_id, "name": r.actor_name, "target": (r.target_kind, r.target_id), **r.details}
            for r in rows
        ]


def key_id(db: Database, name: str) -> str:
    with db.transaction() as s:
        return s.scalars(select(ApiKey.id).where(ApiKey.name == name)).one()


def test_every_request_made_with_a_key_is_logged_with_its_status(
    client: TestClient, db: Database, create_key: Callable[..., str]
) -> None:
    officer = {"Authorization": f"Bearer {create_key('officer', name='Khorgos desk 3')}"}
    created = client.post("/v1/screenings", json=DECLARATION, headers=officer)
    resent = client.post("/v1/screenings", json=DECLARATION, headers=officer)
    sid = created.json()["id"]
    read = client.get(f"/v1/screenings/{sid}", headers=officer)
    missing = client.get("/v1/screenings/no-such-id", headers=officer)
    invalid = client.post("/v1/screenings", json={"reference": "KU-2", "items": []}, headers=officer)
    listed = client.get("/v1/screenings", params={"reference": "KU-1"}, headers=officer)
    refused = client.get("/v1/stats", headers=officer)  # supervisors only
    statuses = [r.status_code for r in (created, resent, read, missing, invalid, listed, refused)]
    assert statuses == [200, 200, 200, 404, 422, 200, 403]

    logged = uses(db)
    me = key_id(db, "Khorgos desk 3")
    assert {u["key"] for u in logged} == {me} and {u["name"] for u in logged} == {"Khorgos desk 3"}
    assert [(u["method"], u["path"], u["status"], u["target"]) for u in logged] == [
        ("POST", "/v1/screenings", 200, ("screening", sid)),
        ("POST", "/v1/screenings", 200, ("screening", sid)),  # the resend found the same screening
        ("GET", f"/v1/screenings/{sid}", 200, (None, None)),
        ("GET", "/v1/screenings/no-such-id", 404, (None, None)),
        ("POST", "/v1/screenings", 422, (None, None)),
        ("GET", "/v1/screenings?reference=KU-1", 200, (None, None)),
        ("GET", "/v1/stats", 403, (None, None)),
    ]
    answered = [r.headers["x-request-id"] for r in (created, resent, read, missing, invalid, listed, refused)]
    assert [u["request_id"] for u in logged] == answered


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer psk_unknown"}, {"Authorization": "Basic dXNlcjpwYXNz"}]
)
def test_requests_without_a_valid_key_name_no_key(
    client: TestClient, db: Database, headers: dict[str, str]
) -> None:
    assert client.post("/v1/screenings", json=DECLARATION, headers=headers).status_code == 401
    assert uses(db) == []


def test_the_audit_listing_shows_key_uses_only_when_asked(
    client: TestClient, auth: Callable[[str], dict[str, str]]
) -> None:
    system = auth("system")
    assert client.post("/v1/screenings", json=DECLARATION, headers=system).status_code == 200
    supervisor = auth("supervisor")
    default = client.get("/v1/audit", headers=supervisor).json()
    assert default["total"] == 0 and default["items"] == []
    asked = client.get("/v1/audit", params={"action": "key.use"}, headers=supervisor).json()
    # the screening, then the first listing (the second is written as its own answer leaves)
    assert [(e["details"]["method"], e["details"]["path"]) for e in reversed(asked["items"])] == [
        ("POST", "/v1/screenings"),
        ("GET", "/v1/audit"),
    ]
