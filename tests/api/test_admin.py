"""The admin API (keys, data reload) and the audit log it writes; the log refuses changes in the database."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.config import Settings
from app.db import audit
from app.db.repository import Author
from app.db.session import Database
from app.errors import DataError
from app.main import create_app
from app.screening.pipeline import Resources

Auth = Callable[[str], dict[str, str]]


def events(client: TestClient, auth: Auth, **params: str) -> list[dict]:
    page = client.get("/v1/audit", params=params, headers=auth("supervisor"))
    assert page.status_code == 200
    return list(page.json()["items"])


def test_keys_created_used_listed_and_revoked_with_an_audit_trail(
    client: TestClient, create_key: Callable[..., str], auth: Auth
) -> None:
    admin = {"Authorization": f"Bearer {create_key('admin', name='ops desk')}"}
    created = client.post(
        "/v1/admin/keys", json={"name": "Khorgos clearance", "role": "system"}, headers=admin
    )
    assert created.status_code == 201
    new = created.json()
    assert new["key"].startswith(new["prefix"]) and new["state"] == "active"
    screening = {"reference": "ADM-1", "items": [{"description": "acetone"}]}
    assert (
        client.post(
            "/v1/screenings", json=screening, headers={"Authorization": f"Bearer {new['key']}"}
        ).status_code
        == 200
    )
    listed = {k["id"]: k for k in client.get("/v1/admin/keys", headers=admin).json()}
    assert "key" not in listed[new["id"]] and listed[new["id"]]["name"] == "Khorgos clearance"

    revoked = client.post(f"/v1/admin/keys/{new['id']}/revoke", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    refused = client.post("/v1/screenings", json=screening, headers={"Authorization": f"Bearer {new['key']}"})
    assert refused.status_code == 401
    assert client.post(f"/v1/admin/keys/{new['id']}/revoke", headers=admin).status_code == 200  # again: no-op
    assert client.post("/v1/admin/keys/nope/revoke", headers=admin).status_code == 404

    log = events(client, auth, target_id=new["id"])
    assert [(e["action"], e["actor_name"], e["actor_kind"]) for e in log] == [
        ("key.revoke", "ops desk", "api_key"),
        ("key.create", "ops desk", "api_key"),
    ]
    assert log[1]["details"]["role"] == "system" and new["key"] not in str(log)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "", "role": "system"},
        {"name": "x", "role": "root"},
        {"name": "x", "role": "system", "expires_days": 0},
    ],
)
def test_bad_key_requests_are_refused(client: TestClient, auth: Auth, body: dict) -> None:
    assert client.post("/v1/admin/keys", json=body, headers=auth("admin")).status_code == 422
    assert events(client, auth, action="key.create") == []


def test_reload_swaps_the_data_and_is_audited(client: TestClient, auth: Auth, resources: Resources) -> None:
    response = client.post("/v1/admin/reload", headers=auth("admin"))
    assert response.status_code == 200
    body = response.json()
    assert body["current"] == {
        "lexicon_version": resources.lexicon.version,
        "rules_version": resources.rules.version,
    }
    [event] = events(client, auth, action="data.reload")
    assert event["details"]["current"] == body["current"]


def test_data_failing_validation_is_refused_and_the_old_data_stays(
    db: Database, resources: Resources, auth: Auth
) -> None:
    def broken() -> Resources:
        raise DataError("rules.yaml: rule code used twice: route_risk")

    settings = Settings(database_url=db.url, rate_limit_per_minute=0, retention_check_minutes=0)
    with TestClient(create_app(settings, resources, loader=broken)) as c:
        response = c.post("/v1/admin/reload", headers=auth("admin"))
        assert response.status_code == 422
        assert "used twice" in response.json()["error"]["message"]
        assert c.app.state.resources is resources  # type: ignore[attr-defined]
        assert events(c, auth, action="data.reload") == []


def test_the_audit_log_refuses_updates_and_deletes(db: Database) -> None:
    with db.transaction() as session:
        audit.record(
            session, Author("user", "u1", "Иванова"), "user.create", target_kind="user", target_id="u1"
        )
    for statement in ("UPDATE audit_events SET actor_name = 'nobody'", "DELETE FROM audit_events"):
        with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(statement))
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT actor_name FROM audit_events")).scalars().all() == ["Иванова"]


def test_audit_filters_and_paging(client: TestClient, auth: Auth, db: Database) -> None:
    with db.transaction() as session:
        for i in range(5):
            audit.record(
                session, Author("cli", "", "root"), "user.disable", target_kind="user", target_id=f"u{i}"
            )
        audit.record(session, Author("cli", "", "admin2"), "user.enable", target_kind="user", target_id="u0")
    page = client.get(
        "/v1/audit", params={"action": "user.disable", "limit": 2}, headers=auth("admin")
    ).json()
    assert page["total"] == 5 and [e["target_id"] for e in page["items"]] == ["u4", "u3"]
    assert [e["action"] for e in events(client, auth, actor="admin2")] == ["user.enable"]
    assert events(client, auth, **{"from": "2000-01-01", "to": "2000-01-02"}) == []
    assert client.get("/v1/audit", headers=auth("officer")).status_code == 403
