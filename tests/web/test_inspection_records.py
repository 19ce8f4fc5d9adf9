"""Recording what an inspection found (issue 17, point 4): the substance the screening found is chosen
already; a record must hold together (a confirmed precursor names the substance and the quantity, a false
alarm seizes nothing), on the page and in the API; another officer's record is replaced only when the officer
says so; a refused form opens at its first error and its address leads back to the screening; a saved one
says so."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.db.models import Review
from app.db.session import Database
from app.web.i18n import catalogue
from tests.web.helpers import login, post_form, screen

CONFIRMED = {
    "outcome": "confirmed_precursor",
    "substance_id": "acetic_anhydride",
    "quantity": "200",
    "quantity_unit": "kg",
    "note": "8 бочек",
}


def _screened(client: TestClient, create_user: Callable[..., str], who: str = "petrov") -> str:
    login(client, create_user("officer", username=who))
    return screen(client, "醋酸酐 25公斤×8桶").headers["location"]


def test_the_substance_found_is_chosen_already(client: TestClient, create_user: Callable[..., str]) -> None:
    location = _screened(client, create_user)
    page = client.get(location).text
    assert '<option value="acetic_anhydride" selected>' in page


@pytest.mark.parametrize(
    ("record", "field", "key"),
    [
        ({**CONFIRMED, "substance_id": ""}, "substance_id", "error_review_needs_substance"),
        ({**CONFIRMED, "quantity": ""}, "quantity", "error_review_needs_quantity"),
        (
            {"outcome": "false_alarm", "quantity": "500", "quantity_unit": "kg"},
            "quantity",
            "error_review_no_seizure",
        ),
        (
            {"outcome": "not_inspected", "quantity": "1", "quantity_unit": "l"},
            "quantity",
            "error_review_no_seizure",
        ),
    ],
)
def test_a_record_that_does_not_hold_together_is_refused(
    record: dict[str, str],
    field: str,
    key: str,
    client: TestClient,
    create_user: Callable[..., str],
    db: Database,
) -> None:
    location = _screened(client, create_user)
    refused = post_form(client, f"{location}/reviews", record)
    assert refused.status_code == 422
    assert f'id="{field}-error"' in refused.text and catalogue()[key]["ru"] in refused.text
    # the first field with an error takes the focus: the page opens there, not at its top
    focused = {"substance_id": 'id="substance_id" name="substance_id" autofocus', "quantity": "autofocus"}
    assert focused[field] in refused.text
    with db.transaction() as session:
        assert session.scalars(select(Review)).first() is None


def test_the_api_refuses_the_same_records(client: TestClient, auth: Callable[[str], dict[str, str]]) -> None:
    body = {"reference": "DT-9", "items": [{"description": "醋酸酐 200 кг"}]}
    sid = client.post("/v1/screenings", json=body, headers=auth("system")).json()["id"]
    headers = auth("officer")
    bad = {"outcome": "confirmed_precursor", "quantity": 200, "quantity_unit": "kg"}
    refused = client.post(f"/v1/screenings/{sid}/reviews", json=bad, headers=headers)
    assert refused.status_code == 422
    assert [d["field"] for d in refused.json()["error"]["details"]] == ["substance_id"]
    seizure = {"outcome": "false_alarm", "quantity": 500, "quantity_unit": "kg"}
    assert client.post(f"/v1/screenings/{sid}/reviews", json=seizure, headers=headers).status_code == 422
    good = {**bad, "substance_id": "acetic_anhydride"}
    assert client.post(f"/v1/screenings/{sid}/reviews", json=good, headers=headers).status_code == 201


def test_a_saved_record_says_so(client: TestClient, create_user: Callable[..., str]) -> None:
    location = _screened(client, create_user)
    saved = post_form(client, f"{location}/reviews", CONFIRMED)
    assert saved.status_code == 303 and saved.headers["location"] == f"{location}?saved=1#inspection"
    page = client.get(f"{location}?saved=1&lang=en").text
    assert catalogue()["inspection_saved"]["en"] in page
    assert catalogue()["inspection_saved"]["en"] not in client.get(f"{location}?lang=en").text


def test_another_officers_record_is_replaced_only_when_asked(
    client: TestClient, create_user: Callable[..., str], db: Database
) -> None:
    location = _screened(client, create_user)
    assert post_form(client, f"{location}/reviews", CONFIRMED).status_code == 303
    client.cookies.clear()
    login(client, create_user("officer", username="sidorov"))
    page = client.get(location).text
    assert 'name="supersede"' in page and "Officer petrov" in page  # who recorded what
    false_alarm = {"outcome": "false_alarm", "note": "лаборатория: уксусная кислота"}
    asked = post_form(client, f"{location}/reviews", false_alarm)
    assert asked.status_code == 422 and catalogue()["error_review_supersede"]["ru"] in asked.text
    assert post_form(client, f"{location}/reviews", {**false_alarm, "supersede": "yes"}).status_code == 303
    with db.transaction() as session:
        outcomes = [r.outcome for r in session.scalars(select(Review).order_by(Review.id))]
    assert outcomes == ["confirmed_precursor", "false_alarm"]
    # the officer's own record is replaced without asking
    assert post_form(client, f"{location}/reviews", {"outcome": "not_inspected"}).status_code == 303


def test_the_address_of_a_refused_form_leads_back_to_the_screening(
    client: TestClient, create_user: Callable[..., str]
) -> None:
    location = _screened(client, create_user)
    again = client.get(f"{location}/reviews?lang=en", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == f"{location}?lang=en#inspection"
