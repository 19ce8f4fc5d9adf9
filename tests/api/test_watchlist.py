"""Watched parties and targeting profiles (issue 16, part 4), on SQLite and PostgreSQL: who may touch them,
what they refuse, the reasons a stored declaration gets from them, and that officers never see the note."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

Auth = Callable[[str], dict[str, str]]
TODAY = date.today()
NOTE = "Source: Dostuk seizure of 2026-03; consignee registered with false details."

WATCHED = {
    "name": "Almaty Chemicals LLP",
    "aliases": ["ТОО «Алматы Кемикалс»"],
    "country": "KZ",
    "note": NOTE,
    "severity": "high",
}


def declaration(reference: str, consignee: str = "ALMATY CHEMICALS, TOO", **extra: Any) -> dict[str, Any]:
    return {
        "reference": reference,
        "direction": "import",
        "crossing": "Khorgos",
        "origin_country": "CN",
        "destination_country": "KZ",
        "consignor": {"name": "Urumqi Huaxia Maoyi Youxian Gongsi", "country": "CN"},
        "consignee": {"name": consignee, "country": "KZ"},
        "items": [{"description": "Краска масляная МА-15, бочки 200 л", "hs_code": "3210009000"}],
        **extra,
    }


def screen(client: TestClient, auth: Auth, body: dict[str, Any], role: str = "system") -> dict[str, Any]:
    r = client.post("/v1/screenings", json=body, headers=auth(role))
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def reasons(body: dict[str, Any], code: str) -> list[dict[str, Any]]:
    return [r for r in body["reasons"] if r["code"] == code]


def post(client: TestClient, auth: Auth, path: str, body: dict[str, Any], role: str = "supervisor") -> Any:
    return client.post(path, json=body, headers=auth(role))


@pytest.mark.parametrize("role", ["system", "officer"])
def test_only_supervisors_and_admins_touch_intelligence(client: TestClient, auth: Auth, role: str) -> None:
    assert post(client, auth, "/v1/watchlist", WATCHED, role).status_code == 403
    assert (
        post(client, auth, "/v1/targeting-profiles", {"note": "x", "crossing": "Khorgos"}, role).status_code
        == 403
    )
    assert client.get("/v1/watchlist", headers=auth(role)).status_code == 403
    assert client.get("/v1/targeting-profiles", headers=auth(role)).status_code == 403


def test_entering_reading_and_ending_with_an_audit_trail(client: TestClient, auth: Auth) -> None:
    r = post(client, auth, "/v1/watchlist", WATCHED)
    assert r.status_code == 201, r.text
    entry = r.json()
    assert (entry["kind"], entry["name"], entry["note"], entry["ended_at"]) == (
        "party",
        "Almaty Chemicals LLP",
        NOTE,
        None,
    )
    assert client.get(f"/v1/watchlist/{entry['id']}", headers=auth("admin")).json()["note"] == NOTE
    assert client.get(f"/v1/targeting-profiles/{entry['id']}", headers=auth("admin")).status_code == 404
    assert [e["id"] for e in client.get("/v1/watchlist", headers=auth("supervisor")).json()] == [entry["id"]]
    ended = post(client, auth, f"/v1/watchlist/{entry['id']}/end", {})
    assert ended.status_code == 200 and ended.json()["ended_by"]
    assert post(client, auth, f"/v1/watchlist/{entry['id']}/end", {}).status_code == 409
    assert client.get("/v1/watchlist?include_ended=false", headers=auth("supervisor")).json() == []
    actions = [e["action"] for e in client.get("/v1/audit", headers=auth("admin")).json()["items"]]
    assert actions.count("watch.create") == 1 and actions.count("watch.end") == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/watchlist", WATCHED | {"severity": "critical"}, "severity"),
        ("/v1/watchlist", WATCHED | {"name": ""}, "name"),
        ("/v1/watchlist", WATCHED | {"note": ""}, "note"),
        ("/v1/watchlist", WATCHED | {"valid_to": (TODAY - timedelta(days=1)).isoformat()}, "valid_to"),
        ("/v1/targeting-profiles", {"note": "x"}, "profile"),
        ("/v1/targeting-profiles", {"note": "x", "crossing": "Atlantis"}, "crossing"),
        ("/v1/targeting-profiles", {"note": "x", "hs_prefix": "32a"}, "hs_prefix"),
        ("/v1/targeting-profiles", {"note": "x", "category": "spaceships"}, "category"),
    ],
)
def test_bad_entries_are_refused_naming_the_field(
    client: TestClient, auth: Auth, path: str, body: dict[str, Any], field: str
) -> None:
    r = post(client, auth, path, body)
    assert r.status_code == 422, r.text
    assert field in r.text


def test_a_watched_party_is_found_in_another_script_and_the_note_stays_with_supervisors(
    client: TestClient, auth: Auth
) -> None:
    entry = post(client, auth, "/v1/watchlist", WATCHED).json()
    body = screen(client, auth, declaration("W-1"))
    (reason,) = reasons(body, "watched_party")
    assert reason["severity"] == "high" and body["risk_level"] == "high"
    assert reason["entry"] == entry["id"]
    assert "ALMATY CHEMICALS, TOO" in reason["messages"]["en"]
    assert NOTE not in str(body)  # the officer's answer never holds the intelligence
    stored = client.get(f"/v1/screenings/{body['id']}", headers=auth("officer")).json()
    assert NOTE not in str(stored)


@pytest.mark.parametrize(
    "consignee",
    [
        "Astana Chemicals LLP",  # another company
        "ТОО «Алматы Кемикалс»",  # the same company...
    ],
)
def test_other_companies_and_other_countries_are_not_the_watched_party(
    client: TestClient, auth: Auth, consignee: str
) -> None:
    post(client, auth, "/v1/watchlist", WATCHED)
    body = declaration("W-2", consignee)
    if consignee.startswith("ТОО"):
        body["consignee"]["country"] = "KG"  # ...registered in another country: not the watched one
    assert reasons(screen(client, auth, body), "watched_party") == []


def test_ended_and_expired_entries_are_not_compared(client: TestClient, auth: Auth) -> None:
    entry = post(client, auth, "/v1/watchlist", WATCHED).json()
    post(client, auth, f"/v1/watchlist/{entry['id']}/end", {})
    assert reasons(screen(client, auth, declaration("W-3")), "watched_party") == []
    post(client, auth, "/v1/watchlist", WATCHED | {"valid_to": TODAY.isoformat(), "severity": "medium"})
    (reason,) = reasons(screen(client, auth, declaration("W-4")), "watched_party")
    assert reason["severity"] == "medium"


PROFILE = {
    "note": "Paint declared at Khorgos under 3210 has carried acetic anhydride (2026 seizures).",
    "severity": "medium",
    "crossing": "Хоргос",
    "origin_country": "CN",
    "hs_prefix": "3210",
    "category": "paint_alkyd_enamel",
}


@pytest.mark.parametrize(
    ("change", "matches"),
    [
        ({}, True),
        ({"crossing": "Dostyk"}, False),
        ({"items": [{"description": "Краска масляная МА-15, бочки 200 л", "hs_code": "3208"}]}, False),
        ({"items": [{"description": "Cotton shirts", "hs_code": "3210009000"}]}, False),  # no paint named
        ({"origin_country": "UZ"}, False),
    ],
)
def test_a_targeting_profile_needs_every_part_it_gives(
    client: TestClient, auth: Auth, change: dict[str, Any], matches: bool
) -> None:
    entry = post(client, auth, "/v1/targeting-profiles", PROFILE).json()
    body = screen(client, auth, declaration("P-1", **change))
    found = reasons(body, "targeting_profile")
    assert bool(found) == matches
    if matches:
        (reason,) = found
        assert reason["severity"] == "medium" and reason["entry"] == entry["id"]
        assert "Хоргос" in reason["messages"]["ru"] and "3210" in reason["messages"]["zh"]
        assert PROFILE["note"] not in str(body)


def test_a_profile_with_a_party(client: TestClient, auth: Auth) -> None:
    profile = {"note": "x", "party": {"name": "Urumqi Huaxia Trading Co., Ltd.", "country": "CN"}}
    post(client, auth, "/v1/targeting-profiles", profile | {"crossing": "Khorgos"})
    (reason,) = reasons(screen(client, auth, declaration("P-2")), "targeting_profile")
    assert reason["severity"] == "high"
    assert "party: ALMATY" not in reason["messages"]["en"] and "crossing: Khorgos" in reason["messages"]["en"]
    assert "party: Urumqi Huaxia Maoyi Youxian Gongsi" in reason["messages"]["en"]
    other = declaration("P-3") | {"consignor": {"name": "Urumqi Huaxin Trading", "country": "CN"}}
    assert reasons(screen(client, auth, other), "targeting_profile") == []
