"""Finding a truck again (issue 17, point 5): a plate and a container number on the form and in the API, kept
as search keys; screenings found by declaration number, plate, container and day however the numbers are
typed; the recent list says what was screened where; a form sent again is the same declaration."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.db.models import Screening
from app.db.session import Database
from app.web.i18n import catalogue
from tests.web.helpers import login, screen

Auth = Callable[[str], dict[str, str]]


@pytest.mark.parametrize(
    ("typed", "key"),
    [("А 123 ВС 01", "A123BC01"), ("a123bc01", "A123BC01"), ("01 KZ-123 ABC", "01KZ123ABC")],
)
def test_a_plate_is_kept_as_one_key_however_it_is_typed(
    typed: str, key: str, client: TestClient, auth: Auth
) -> None:
    body = {"reference": "DT-1", "vehicle_plate": typed, "items": [{"description": "краска"}]}
    made = client.post("/v1/screenings", json=body, headers=auth("system"))
    assert made.status_code == 200 and made.json()["vehicle_plate"] == key
    # the Cyrillic plate typed on a Latin keyboard, and back: the same truck
    for asked in (typed, typed.lower(), key):
        page = client.get(
            "/v1/screenings", params={"vehicle_plate": asked}, headers=auth("supervisor")
        ).json()
        assert [s["reference"] for s in page["items"]] == ["DT-1"], asked
    other = client.get("/v1/screenings", params={"vehicle_plate": "B123BC01"}, headers=auth("supervisor"))
    assert other.json()["total"] == 0


def test_a_container_number_with_a_wrong_check_digit_is_refused(client: TestClient, auth: Auth) -> None:
    body = {"reference": "DT-2", "items": [{"description": "краска"}]}
    wrong = client.post(
        "/v1/screenings", json={**body, "container_number": "CSQU 305438-4"}, headers=auth("system")
    )
    assert wrong.status_code == 422
    assert "check digit" in wrong.text
    right = client.post(
        "/v1/screenings", json={**body, "container_number": "csqu 305438-3"}, headers=auth("system")
    )
    assert right.status_code == 200 and right.json()["container_number"] == "CSQU3054383"
    # a number that is not an ISO one (a rail tank's) is kept as typed, not judged
    rail = client.post(
        "/v1/screenings", json={**body, "container_number": "51234567"}, headers=auth("system")
    )
    assert rail.status_code == 200


def test_a_declaration_without_the_new_fields_hashes_as_before(client: TestClient, auth: Auth) -> None:
    body = {"reference": "DT-3", "items": [{"description": "уксусный ангидрид 200 л"}]}
    first = client.post("/v1/screenings", json=body, headers=auth("system")).json()
    again = client.post("/v1/screenings", json=body, headers=auth("system"))
    assert again.json()["id"] == first["id"]


def test_an_officer_finds_the_truck_on_the_search_page(
    client: TestClient, create_user: Callable[..., str], db: Database
) -> None:
    login(client, create_user("officer", username="petrov"))
    done = screen(client, "醋酸酐 200升/桶×80桶", vehicle_plate="А 777 ОР 02", container_number="CSQU3054383")
    assert done.status_code == 303
    with db.transaction() as session:
        reference = session.scalars(select(Screening.reference)).one()
    for params in ({"plate": "a777op02"}, {"container": "csqu 305438 3"}, {"reference": reference}):
        page = client.get("/screenings", params={**params, "lang": "en"})
        assert page.status_code == 200
        assert "Found: 1" in page.text and "醋酸酐 200升/桶×80桶" in page.text and "A777OP02" in page.text, (
            params
        )
    none = client.get("/screenings", params={"plate": "X000XX00", "lang": "en"})
    assert "Found: 0" in none.text
    bad_day = client.get("/screenings", params={"day": "31.12.2026", "lang": "ru"})
    assert bad_day.status_code == 422 and catalogue()["reg_err_date"]["ru"] in bad_day.text
    today = client.get("/screenings", params={"day": "2026-12-05", "plate": "a777op02", "lang": "en"})
    assert today.status_code == 200


def test_the_recent_list_says_what_was_screened_where(
    client: TestClient, create_user: Callable[..., str]
) -> None:
    login(client, create_user("officer", username="petrov"))
    screen(client, "Краска масляная МА-15, бочки 200 л", crossing="Khorgos")
    page = client.get("/lookup?lang=ru").text
    assert "Краска масляная МА-15, бочки 200 л" in page and "Хоргос" in page


def test_the_same_form_sent_again_is_the_same_declaration(
    client: TestClient, create_user: Callable[..., str], db: Database
) -> None:
    login(client, create_user("officer", username="petrov"))
    first = screen(client, "醋酸酐 25公斤×8桶", quantity="200", unit="kg")
    again = screen(client, "醋酸酐 25公斤×8桶", quantity="200", unit="kg")  # back, then send
    assert first.headers["location"] == again.headers["location"]
    changed = screen(client, "醋酸酐 25公斤×9桶", quantity="225", unit="kg")  # another truck's declaration
    assert changed.headers["location"] != first.headers["location"]
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Screening)) == 2
