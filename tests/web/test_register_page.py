"""The supervisors' register page: each authorisation with what declarations drew on it, in three languages;
not for officers."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.web.i18n import catalogue
from tests.web.helpers import login, post_form

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


def _entered(client: TestClient, path: str, data: dict[str, str]) -> object:
    return post_form(client, path, data, token_from="/register")


AUTH_FORM = {
    "a_number": "KZ-IMP-2026-0100",
    "a_kind": "import",
    "a_holder": "Almaty Chemicals LLP",
    "a_aliases": "ТОО «Алматы Кемикалс»\nALMATY CHEMICALS, TOO",
    "a_country": "KZ",
    "a_substance": "acetic_anhydride",
    "a_quantity": "20 000",
    "a_unit": "kg",
    "a_valid_from": "2026-01-01",
    "a_valid_to": "2099-12-31",
}


def test_a_supervisor_enters_an_authorisation_that_screening_then_uses(
    client: TestClient, auth: Auth, create_user: Callable[..., str]
) -> None:
    login(client, create_user("supervisor"))
    sent = _entered(client, "/register/authorisations", {**AUTH_FORM, "a_crossings": "khorgos"})
    assert sent.status_code == 303 and sent.headers["location"].startswith("/register?saved=authorisation")
    page = client.get("/register?saved=authorisation&lang=en")
    assert catalogue()["reg_saved_authorisation"]["en"] in page.text
    for expected in ("KZ-IMP-2026-0100", "ALMATY CHEMICALS, TOO", "20 000 kg", "Khorgos"):
        assert expected in page.text, expected
    stored = client.get("/v1/authorisations/KZ-IMP-2026-0100", headers=auth("supervisor")).json()
    assert stored["quantity"] == 20000 and stored["holder"]["aliases"][0] == "ТОО «Алматы Кемикалс»"
    assert stored["crossings"] == ["khorgos"]
    declaration = {
        "reference": "DT-7",
        "direction": "import",
        "crossing": "Khorgos",
        "consignee": {"name": "ТОО «Алматы Кемикалс»"},
        "items": [{"description": "уксусный ангидрид 99%", "net_weight_kg": 5000}],
    }
    result = client.post("/v1/screenings", json=declaration, headers=auth("system")).json()
    assert "authorisation_matched" in {r["code"] for r in result["reasons"]}
    trail = client.get("/v1/audit?action=authorisation.create", headers=auth("admin")).json()
    assert any(e["target_id"] == "KZ-IMP-2026-0100" for e in trail["items"])


@pytest.mark.parametrize(
    ("change", "field", "key"),
    [
        ({"a_number": " "}, "a_number", "error_required"),
        ({"a_quantity": "много"}, "a_quantity", "error_number"),
        ({"a_quantity": "0"}, "a_quantity", "reg_err_positive"),
        ({"a_valid_to": "2025-12-31"}, "a_valid_to", "reg_err_dates"),
        ({"a_valid_from": "01.01.2026"}, "a_valid_from", "reg_err_date"),
        ({"a_substance": "sugar"}, "a_substance", "reg_err_substance"),
        ({"a_country": "XX"}, "a_country", "error_invalid"),
    ],
)
def test_a_refused_authorisation_comes_back_with_the_error_beside_its_field(
    change: dict[str, str], field: str, key: str, client: TestClient, create_user: Callable[..., str]
) -> None:
    login(client, create_user("supervisor"))
    sent = _entered(client, "/register/authorisations?lang=ru", {**AUTH_FORM, **change})
    assert sent.status_code == 422
    text = sent.text
    assert f'id="{field}-error"' in text and catalogue()[key]["ru"] in text
    assert '<details class="register-entry" id="add-authorisation" open' in text
    assert "Almaty Chemicals LLP" in text  # what was typed is kept


def test_a_number_already_entered_is_refused_on_the_page(
    client: TestClient, create_user: Callable[..., str]
) -> None:
    login(client, create_user("supervisor"))
    assert _entered(client, "/register/authorisations", AUTH_FORM).status_code == 303
    again = _entered(client, "/register/authorisations?lang=en", AUTH_FORM)
    assert again.status_code == 422 and catalogue()["reg_err_number_taken"]["en"] in again.text


def test_revoking_and_ending_from_the_page(
    client: TestClient, auth: Auth, create_user: Callable[..., str]
) -> None:
    login(client, create_user("supervisor"))
    _entered(client, "/register/authorisations", {**AUTH_FORM, "a_number": "KZ/IMP/7"})
    revoked = _entered(
        client, "/register/authorisations/KZ%2FIMP%2F7/revoke", {"reason": "licence withdrawn"}
    )
    assert revoked.status_code == 303
    again = _entered(client, "/register/authorisations/KZ%2FIMP%2F7/revoke", {"reason": "twice"})
    assert again.status_code == 303  # a second click changes nothing
    stored = client.get("/v1/authorisations/KZ%2FIMP%2F7", headers=auth("supervisor"))
    assert stored.json()["revoked_at"] and stored.json()["revoke_reason"] == "licence withdrawn"
    note = {
        "n_number": "PEN-CN-2026-1",
        "n_exporter": "Urumqi Huaxia Trading Co., Ltd.",
        "n_exporter_country": "CN",
        "n_importer": "Almaty Chemicals LLP",
        "n_importer_country": "KZ",
        "n_substance": "108-24-7",
        "n_quantity": "20000",
        "n_unit": "kg",
    }
    assert _entered(client, "/register/notifications", note).status_code == 303
    assert (
        _entered(client, "/register/notifications/PEN-CN-2026-1/revoke", {"reason": "x"}).status_code == 303
    )
    watch = {
        "w_name": "Shady Trading LLP",
        "w_note": "Dostuk seizure",
        "w_severity": "high",
        "w_country": "KZ",
    }
    assert _entered(client, "/register/watchlist", watch).status_code == 303
    entries = client.get("/v1/watchlist", headers=auth("supervisor")).json()
    entry = next(e for e in entries if e["name"] == "Shady Trading LLP")
    assert _entered(client, f"/register/watchlist/{entry['id']}/end", {}).status_code == 303
    actions = {e["action"] for e in client.get("/v1/audit", headers=auth("admin")).json()["items"]}
    assert {
        "authorisation.revoke",
        "notification.create",
        "notification.revoke",
        "watch.create",
        "watch.end",
    } <= actions
    assert _entered(client, "/register/watchlist/99999/end", {}).status_code == 404


def test_a_watched_party_without_a_note_or_with_a_past_end_is_refused(
    client: TestClient, create_user: Callable[..., str]
) -> None:
    login(client, create_user("supervisor"))
    sent = _entered(client, "/register/watchlist?lang=zh", {"w_name": "X LLP", "w_severity": "high"})
    assert sent.status_code == 422 and 'id="w_note-error"' in sent.text
    past = {"w_name": "X LLP", "w_note": "n", "w_severity": "high", "w_valid_to": "2001-01-01"}
    sent = _entered(client, "/register/watchlist?lang=zh", past)
    assert sent.status_code == 422 and catalogue()["reg_err_past"]["zh"] in sent.text


def test_officers_may_not_write_the_register_and_forms_need_their_token(
    client: TestClient, create_user: Callable[..., str]
) -> None:
    login(client, create_user("officer"))
    sent = post_form(client, "/register/authorisations", AUTH_FORM, token_from="/lookup")
    assert sent.status_code in (303, 403)
    client.cookies.clear()
    login(client, create_user("supervisor"))
    forged = client.post("/register/authorisations", data=AUTH_FORM, follow_redirects=False)
    assert forged.status_code == 403
