"""The v1 screening contract: request, response, persistence, listing."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.db.session import Database
from tests.conftest import count_rows

Auth = Callable[[str], dict[str, str]]


def declaration(*descriptions: str, **fields: Any) -> dict[str, Any]:
    return {
        "reference": fields.pop("reference", "DT-1"),
        "items": [{"description": d} for d in descriptions],
        **fields,
    }


@pytest.mark.parametrize(
    ("description", "needle"),
    [
        ("醋酸酐 200升 塑料桶", "醋酸酐"),
        ("уксусного ангидрида 20 т, бочки", "уксусного ангидрида"),
        ("acetic anhydride 99% in 200 L drums", "acetic anhydride"),
    ],
)
def test_acetic_anhydride_is_high_in_three_languages(
    client: TestClient, auth: Auth, description: str, needle: str
) -> None:
    r = client.post("/v1/screenings", json=declaration(description), headers=auth("system"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["risk_level"] == "high"
    reason = body["reasons"][0]
    assert reason["severity"] == "high"
    assert reason["item_index"] == 0
    assert reason["substance"] == {
        "id": "acetic_anhydride",
        "name": reason["substance"]["name"],
        "cas": "108-24-7",
        "table": "I",
        "lists": ["cn_precursors", "ru_list_iv"],  # the further lists that also name it
    }
    ev = reason["evidence"]
    assert ev["text"] == needle
    assert description[ev["start"] : ev["end"]] == needle


def test_table_two_substance_is_medium(client: TestClient, auth: Auth) -> None:
    r = client.post(
        "/v1/screenings", json=declaration("Толуол нефтяной, бочки 200 л"), headers=auth("system")
    )
    body = r.json()
    assert body["risk_level"] == "medium"
    assert [(x["code"], x["substance"]["id"]) for x in body["reasons"]] == [("substance_named", "toluene")]


def test_ordinary_goods_are_none(client: TestClient, auth: Auth) -> None:
    r = client.post("/v1/screenings", json=declaration("cotton T-shirts, 40 cartons"), headers=auth("system"))
    body = r.json()
    assert body["risk_level"] == "none"
    assert body["reasons"] == []


def test_reasons_are_most_severe_first_across_items(client: TestClient, auth: Auth) -> None:
    payload = declaration("ацетон технический", "cotton fabric", "高锰酸钾 25公斤", reference="DT-ORDER")
    body = client.post("/v1/screenings", json=payload, headers=auth("system")).json()
    assert body["risk_level"] == "high"
    assert [(r["severity"], r["item_index"]) for r in body["reasons"]] == [("high", 2), ("medium", 0)]


def test_response_carries_items_and_versions(client: TestClient, auth: Auth, resources: Any) -> None:
    body = client.post(
        "/v1/screenings", json=declaration("醋酸酐 200升", "Уксусный ангидрид"), headers=auth("system")
    ).json()
    assert [i["language"] for i in body["items"]] == ["zh", "ru"]
    assert body["items"][0]["normalized"] == "醋酸酐 200升"
    assert "醋酸酐" in body["items"][0]["tokens"]
    assert body["lexicon_version"] == resources.lexicon.version
    assert body["rules_version"] == resources.rules.version


def test_controlled_hs_code_with_vague_description(client: TestClient, auth: Auth) -> None:
    payload = {"reference": "DT-HS", "items": [{"description": "化工原料", "hs_code": "2915.24.00 00"}]}
    body = client.post("/v1/screenings", json=payload, headers=auth("system")).json()
    assert body["risk_level"] == "high"
    assert body["reasons"][0]["code"] == "controlled_hs_code"
    assert body["reasons"][0]["substance"]["id"] == "acetic_anhydride"
    assert body["reasons"][0]["evidence"] is None


@pytest.mark.parametrize(("language", "fragment"), [("en", "Table I"), ("ru", "таблица I"), ("zh", "表I")])
def test_message_language_follows_accept_language(
    client: TestClient, auth: Auth, language: str, fragment: str
) -> None:
    headers = {**auth("system"), "Accept-Language": f"{language};q=0.9, de;q=1.0"}
    body = client.post("/v1/screenings", json=declaration("acetic anhydride"), headers=headers).json()
    reason = body["reasons"][0]
    assert fragment in reason["message"]
    assert reason["message"] == reason["messages"][language]


def test_default_message_language_is_russian(client: TestClient, auth: Auth) -> None:
    body = client.post("/v1/screenings", json=declaration("acetic anhydride"), headers=auth("system")).json()
    assert body["reasons"][0]["message"] == body["reasons"][0]["messages"]["ru"]


def test_screening_is_stored_and_read_back(client: TestClient, auth: Auth, db: Database) -> None:
    payload = declaration(
        "醋酸酐 200升 塑料桶",
        reference="DT-STORE",
        crossing="Khorgos",
        origin_country="cn",
        destination_country="KZ",
        transit_countries=["KG"],
        consignee={"name": "ТОО Ромашка", "address": "Алматы", "country": "KZ"},
    )
    payload["items"][0] |= {"quantity": 16000, "unit": "升", "net_weight_kg": 17280, "packaging": "塑料桶"}
    created = client.post("/v1/screenings", json=payload, headers=auth("system")).json()
    fetched = client.get(f"/v1/screenings/{created['id']}", headers=auth("supervisor"))
    assert fetched.status_code == 200
    assert fetched.json() == created
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 1
        assert count_rows(s, "screening_items") == 1
        assert count_rows(s, "screening_reasons") == len(created["reasons"])
        stored = s.execute(
            __import__("sqlalchemy").text("SELECT origin_country, crossing, request_body FROM screenings")
        ).one()
    assert stored.origin_country == "CN"
    assert stored.crossing == "Khorgos"


def test_unknown_screening_is_404(client: TestClient, auth: Auth) -> None:
    r = client.get("/v1/screenings/00000000-0000-0000-0000-000000000000", headers=auth("system"))
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_identical_resubmission_returns_the_stored_screening(
    client: TestClient, auth: Auth, db: Database
) -> None:
    headers = auth("system")
    first = client.post(
        "/v1/screenings", json=declaration("acetone", reference="DT-SAME"), headers=headers
    ).json()
    second = client.post(
        "/v1/screenings", json=declaration("acetone", reference="DT-SAME"), headers=headers
    ).json()
    assert second["id"] == first["id"]
    changed = client.post("/v1/screenings", json=declaration("toluene", reference="DT-SAME"), headers=headers)
    assert changed.json()["id"] != first["id"]
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 2


def test_list_filters_and_paginates(client: TestClient, auth: Auth) -> None:
    headers = auth("system")
    for i, text in enumerate(["acetic anhydride", "cotton", "toluene", "steel pipes", "醋酸酐"]):
        client.post("/v1/screenings", json=declaration(text, reference=f"DT-{i}"), headers=headers)
    page = client.get("/v1/screenings", params={"limit": 2}, headers=headers).json()
    assert page["total"] == 5 and page["limit"] == 2 and len(page["items"]) == 2
    rest = client.get("/v1/screenings", params={"limit": 2, "offset": 4}, headers=headers).json()
    assert len(rest["items"]) == 1
    seen = {x["id"] for x in page["items"]} | {x["id"] for x in rest["items"]}
    assert len(seen) == 3
    high = client.get("/v1/screenings", params={"risk_level": "high"}, headers=headers).json()
    assert sorted(x["reference"] for x in high["items"]) == ["DT-0", "DT-4"]
    one = client.get("/v1/screenings", params={"reference": "DT-2"}, headers=headers).json()
    assert [x["risk_level"] for x in one["items"]] == ["medium"]
    future = client.get("/v1/screenings", params={"since": "2999-01-01T00:00:00"}, headers=headers).json()
    assert future["total"] == 0


def test_openapi_docs_are_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    schema = client.get("/openapi.json").json()
    assert "/v1/screenings" in schema["paths"]


def test_health_and_readiness(client: TestClient, resources: Any) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["lexicon"] == f"ok ({resources.lexicon.version})"


def test_rules_are_listed_with_their_version(client: TestClient, auth: Auth, resources: Any) -> None:
    r = client.get("/v1/rules", headers=auth("officer"))
    assert r.status_code == 200
    body = r.json()
    assert body["version"] == resources.rules.version
    codes = {rule["code"]: rule for rule in body["rules"]}
    assert codes["substance_named"]["severity_by_table"] == {"I": "high", "II": "medium"}
    assert codes["route_risk"]["severity"] == "low"
    assert set(codes["density_implausible"]["messages"]) == {"ru", "en", "zh"}
    assert {c["id"]: c["rating"] for c in body["crossings"]}["irkeshtam"] == "high"
    assert client.get("/v1/rules").status_code == 401


def test_rules_reasons_and_facts_are_stored(client: TestClient, auth: Auth) -> None:
    payload = {
        "reference": "DT-DENSITY",
        "origin_country": "CN",
        "crossing": "Khorgos",
        "direction": "transit",
        "destination_country": "TJ",
        "items": [{"description": "玉米油 200升/桶×80桶 净重17280公斤", "hs_code": "1515290000"}],
    }
    created = client.post("/v1/screenings", json=payload, headers=auth("system")).json()
    stored = client.get(f"/v1/screenings/{created['id']}", headers=auth("supervisor")).json()
    assert stored == created
    assert stored["risk_level"] == "high"
    assert [(r["code"], r["severity"]) for r in stored["reasons"]] == [
        ("density_implausible", "high"),
        ("cover_good_liquid_bulk", "medium"),
        ("route_risk", "low"),
    ]
    assert stored["reasons"][0]["evidence"]["text"] == "玉米油"
    facts = stored["items"][0]["facts"]
    assert (facts["litres"], facts["net_kg"], facts["density_kg_l"]) == (16000, 17280, 1.08)
    assert facts["packing_class"] == "liquid_bulk"
    assert facts["categories"] == ["vegetable_oil"]
