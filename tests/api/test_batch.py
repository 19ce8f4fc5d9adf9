"""POST /v1/screenings/batch: each declaration answered with its own result or error, in order; the good ones
stored even when others are refused; resends within and across batches stored once; limits."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.db.session import Database

Auth = Callable[[str], dict[str, str]]


def _stored(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT reference, risk_level FROM screenings")).all())


def test_each_declaration_gets_its_own_answer(client: TestClient, auth: Auth, db: Database) -> None:
    declarations = [
        {"reference": "B-1", "items": [{"description": "醋酸酐 200升"}]},
        {"reference": "B-2", "items": []},  # no items: refused
        {"reference": "B-3", "items": [{"description": "cotton T-shirts"}], "origin_country": "XX"},
        {"reference": "B-4", "items": [{"description": "уксусный ангидрид 20 т"}], "extra": 1},
        {"reference": "B-5", "items": [{"description": "acetone 10 L"}]},
        "not an object",
        {"reference": "B-1", "items": [{"description": "醋酸酐 200升"}]},  # the first one again
    ]
    response = client.post(
        "/v1/screenings/batch", json={"declarations": declarations}, headers=auth("system")
    )
    assert response.status_code == 200
    body = response.json()
    assert [r["status"] for r in body["results"]] == [200, 422, 422, 422, 200, 422, 200]
    assert [r["index"] for r in body["results"]] == list(range(7))
    assert (body["stored"], body["refused"]) == (3, 4)
    first, again = body["results"][0]["screening"], body["results"][6]["screening"]
    assert first["risk_level"] == "high" and again["id"] == first["id"]
    fields = {r["index"]: {d["field"] for d in r["error"]["details"]} for r in body["results"] if r["error"]}
    assert fields[1] == {"items"} and fields[2] == {"origin_country"} and fields[3] == {"extra"}
    assert _stored(db) == {"B-1": "high", "B-5": body["results"][4]["screening"]["risk_level"]}


def test_a_thousand_declarations_in_one_call(client: TestClient, auth: Auth, db: Database) -> None:
    declarations = [
        {"reference": f"BIG-{i}", "items": [{"description": f"paint {i} L"}]} for i in range(1000)
    ]
    response = client.post(
        "/v1/screenings/batch", json={"declarations": declarations}, headers=auth("system")
    )
    assert response.status_code == 200 and response.json()["stored"] == 1000
    assert len(_stored(db)) == 1000
    too_many = {"declarations": [*declarations, declarations[0]]}
    assert client.post("/v1/screenings/batch", json=too_many, headers=auth("system")).status_code == 422


@pytest.mark.parametrize(("role", "status"), [("system", 200), ("officer", 200), ("supervisor", 403)])
def test_roles(client: TestClient, auth: Auth, role: str, status: int) -> None:
    body = {"declarations": [{"reference": "R", "items": [{"description": "acetone"}]}]}
    assert client.post("/v1/screenings/batch", json=body, headers=auth(role)).status_code == status


def test_the_batch_body_limit_is_its_own(client: TestClient, auth: Auth) -> None:
    big = "x" * 3000
    declarations = [{"reference": f"L-{i}", "items": [{"description": big}]} for i in range(400)]  # ~1.2 MB
    single = {"reference": "L", "items": [{"description": big}] * 400}
    assert client.post("/v1/screenings", json=single, headers=auth("system")).status_code == 413
    response = client.post(
        "/v1/screenings/batch", json={"declarations": declarations}, headers=auth("system")
    )
    assert response.status_code == 200
