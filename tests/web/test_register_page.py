"""The supervisors' register page: each authorisation with what declarations drew on it, in three languages;
not for officers."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.web.i18n import catalogue
from tests.web.helpers import login

Auth = Callable[[str], dict[str, str]]
AUTH = {
    "number": "KZ-IMP-2026-0042",
    "kind": "import",
    "holder": {"name": "Almaty Chemicals LLP", "aliases": ["ТОО «Алматы Кемикалс»"], "country": "KZ"},
    "substance": "108-24-7",
    "quantity": 20000,
    "unit": "kg",
    "valid_from": "2026-01-01",
    "valid_to": "2099-12-31",
    "crossings": ["Khorgos"],
}


@pytest.mark.parametrize(
    ("lang", "substance", "left", "crossing"),
    [
        ("ru", "уксусный ангидрид", "15 000 кг", "Хоргос"),
        ("en", "acetic anhydride", "15 000 kg", "Khorgos"),
        ("zh", "醋酸酐", "15 000 千克", "霍尔果斯"),
    ],
)
def test_the_register_shows_what_is_left(
    lang: str,
    substance: str,
    left: str,
    crossing: str,
    client: TestClient,
    auth: Auth,
    create_user: Callable[..., str],
) -> None:
    assert client.post("/v1/authorisations", json=AUTH, headers=auth("supervisor")).status_code == 201
    declaration = {
        "reference": "DT-1",
        "direction": "import",
        "crossing": "Khorgos",
        "consignee": {"name": "ALMATY CHEMICALS, TOO"},
        "items": [{"description": "уксусный ангидрид 99%", "net_weight_kg": 5000}],
    }
    assert client.post("/v1/screenings", json=declaration, headers=auth("system")).status_code == 200
    login(client, create_user("supervisor"))
    page = client.get(f"/register?lang={lang}")
    assert page.status_code == 200
    text = page.text
    assert catalogue()["reg_title"][lang] in text
    for expected in ("KZ-IMP-2026-0042", "ТОО «Алматы Кемикалс»", substance, left, crossing):
        assert expected in text, expected


def test_officers_do_not_see_the_register(client: TestClient, create_user: Callable[..., str]) -> None:
    login(client, create_user("officer"))
    assert client.get("/register", follow_redirects=False).status_code in (303, 403)


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_supervisors_see_the_watched_parties_with_their_notes(
    lang: str, client: TestClient, auth: Auth, create_user: Callable[..., str]
) -> None:
    headers = auth("supervisor")
    watched = {"name": "Almaty Chemicals LLP", "note": "Dostuk seizure, March", "severity": "high"}
    profile = {"note": "Paint under 3210 at Khorgos", "crossing": "Khorgos", "hs_prefix": "3210"}
    party = client.post("/v1/watchlist", json=watched, headers=headers).json()
    client.post("/v1/targeting-profiles", json=profile, headers=headers)
    client.post(f"/v1/watchlist/{party['id']}/end", headers=headers)
    login(client, create_user("supervisor"))
    text = client.get(f"/register?lang={lang}").text
    words = catalogue()
    for expected in (
        words["reg_watchlist"][lang],
        "Dostuk seizure, March",
        "Paint under 3210 at Khorgos",
        {"ru": "Хоргос", "en": "Khorgos", "zh": "霍尔果斯"}[lang],
        words["reg_status_ended"][lang],
        words["risk_high"][lang],
    ):
        assert expected in text, expected
    assert text.count("Dostuk seizure, March") == 1  # in the table, not in the page's title as well
