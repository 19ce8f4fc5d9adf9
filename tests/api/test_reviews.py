"""POST/GET /v1/screenings/{id}/reviews: recorded with the key that sent them, never edited, validated."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.db.session import Database
from tests.conftest import count_rows

Auth = Callable[[str], dict[str, str]]


@pytest.fixture
def screening_id(client: TestClient, auth: Auth) -> str:
    body = {"reference": "KG-REV-1", "items": [{"description": "醋酸酐 200升 塑料桶"}]}
    response = client.post("/v1/screenings", json=body, headers=auth("system"))
    assert response.status_code == 200
    return str(response.json()["id"])


def test_reviews_are_recorded_in_order_with_their_author(
    client: TestClient, create_key: Callable[..., str], screening_id: str
) -> None:
    officer = {"Authorization": f"Bearer {create_key('officer', name='Torugart desk 2')}"}
    first = client.post(
        f"/v1/screenings/{screening_id}/reviews", json={"outcome": "not_inspected"}, headers=officer
    )
    assert first.status_code == 201
    second = client.post(
        f"/v1/screenings/{screening_id}/reviews",
        json={
            "outcome": "confirmed_precursor",
            "note": "16 t seized",
            "substance_id": "acetic_anhydride",
            "quantity": 16000,
            "quantity_unit": "kg",
        },
        headers=officer,
    )
    assert second.status_code == 201
    body = second.json()
    assert (body["author_kind"], body["author_name"], body["quantity"]) == (
        "api_key",
        "Torugart desk 2",
        16000,
    )
    history = client.get(f"/v1/screenings/{screening_id}/reviews", headers=officer).json()
    assert [r["outcome"] for r in history] == ["not_inspected", "confirmed_precursor"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "seized"}, "outcome"),
        ({"outcome": "false_alarm", "substance_id": "chocolate"}, "substance_id"),
        ({"outcome": "false_alarm", "quantity": 5}, "quantity_unit"),
        ({"outcome": "false_alarm", "quantity": -1, "quantity_unit": "kg"}, "quantity"),
        ({"outcome": "false_alarm", "note": "x" * 2001}, "note"),
        ({"outcome": "false_alarm", "edited": True}, "edited"),
    ],
)
def test_bad_reviews_are_refused_and_nothing_is_written(
    client: TestClient, auth: Auth, db: Database, screening_id: str, body: dict[str, object], field: str
) -> None:
    response = client.post(f"/v1/screenings/{screening_id}/reviews", json=body, headers=auth("officer"))
    assert response.status_code == 422
    assert field in {d["field"] for d in response.json()["error"]["details"]}
    with db.transaction() as session:
        assert count_rows(session, "reviews") == 0


def test_a_review_of_an_unknown_screening_is_404(client: TestClient, auth: Auth) -> None:
    response = client.post(
        "/v1/screenings/nope/reviews", json={"outcome": "false_alarm"}, headers=auth("officer")
    )
    assert response.status_code == 404
