"""The register of authorisations and pre-export notifications (issue 16, parts 1 and 2), on SQLite and
PostgreSQL: who may write it, what it refuses, and each reason a stored declaration gets from it, with the
draw-down (once per declaration, replaced by an amendment, never past the quantity)."""

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.db.repository import Author
from app.db.session import Database
from app.declarations import ScreeningRequest
from app.register_service import CSV_COLUMNS
from app.screening.pipeline import Resources
from app.services import submit_screening

Auth = Callable[[str], dict[str, str]]
TODAY = date.today()

AUTH = {
    "number": "KZ-IMP-2026-0042",
    "kind": "import",
    "holder": {"name": "Almaty Chemicals LLP", "aliases": ["ТОО «Алматы Кемикалс»"], "country": "KZ"},
    "substance": "108-24-7",
    "quantity": 20000,
    "unit": "kg",
    "valid_from": (TODAY - timedelta(days=30)).isoformat(),
    "valid_to": (TODAY + timedelta(days=300)).isoformat(),
}
NOTE = {
    "number": "PEN-CN-2026-7781",
    "exporter": {"name": "乌鲁木齐华夏贸易有限公司", "country": "CN"},
    "importer": {"name": "Almaty Chemicals LLP", "country": "KZ"},
    "substance": "108-24-7",
    "quantity": 20000,
    "unit": "kg",
}


def declaration(
    reference: str, kg: float, consignee: str = "ALMATY CHEMICALS, TOO", **extra: Any
) -> dict[str, Any]:
    return {
        "reference": reference,
        "direction": "import",
        "consignor": {"name": "Urumqi Huaxia Maoyi Youxian Gongsi", "country": "CN"},
        "consignee": {"name": consignee, "country": "KZ"},
        "items": [{"description": "уксусный ангидрид 99%", "net_weight_kg": kg}],
        **extra,
    }


def codes(body: dict[str, Any]) -> dict[str, str]:
    """reason code -> severity"""
    return {r["code"]: r["severity"] for r in body["reasons"]}


def post(client: TestClient, auth: Auth, path: str, body: dict[str, Any], role: str = "supervisor") -> Any:
    return client.post(path, json=body, headers=auth(role))


def screen(client: TestClient, auth: Auth, body: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/v1/screenings", json=body, headers=auth("system"))
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def left(client: TestClient, auth: Auth, number: str = AUTH["number"]) -> float:
    r = client.get(f"/v1/authorisations/{number}", headers=auth("supervisor"))
    assert r.status_code == 200, r.text
    return float(r.json()["left"])


def test_a_system_key_may_not_write_the_register(client: TestClient, auth: Auth) -> None:
    assert post(client, auth, "/v1/authorisations", AUTH, "system").status_code == 403
    assert post(client, auth, "/v1/notifications", NOTE, "officer").status_code == 403
    assert client.get("/v1/authorisations", headers=auth("system")).status_code == 403


def test_entering_reading_and_revoking_with_an_audit_trail(client: TestClient, auth: Auth) -> None:
    r = post(client, auth, "/v1/authorisations", AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["substance_id"], body["unit"], body["left"], body["drawn"]) == (
        "acetic_anhydride",
        "kg",
        20000,
        0,
    )
    assert body["holder"]["aliases"] == ["ТОО «Алматы Кемикалс»"]
    assert post(client, auth, "/v1/authorisations", AUTH).status_code == 409  # the number is taken
    assert post(client, auth, "/v1/notifications", NOTE).status_code == 201
    listed = client.get("/v1/authorisations", headers=auth("admin")).json()
    assert [a["number"] for a in listed] == [AUTH["number"]]
    r = post(client, auth, f"/v1/authorisations/{AUTH['number']}/revoke", {"reason": "licence withdrawn"})
    assert r.status_code == 200 and r.json()["revoke_reason"] == "licence withdrawn"
    assert (
        post(client, auth, f"/v1/authorisations/{AUTH['number']}/revoke", {"reason": "again"}).status_code
        == 409
    )
    events = client.get("/v1/audit", headers=auth("admin")).json()["items"]
    actions = [e["action"] for e in events]
    assert {"authorisation.create", "notification.create", "authorisation.revoke"} <= set(actions)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"substance": "64-17-5"}, "substance"),  # ethanol: no controlled substance
        ({"valid_to": (TODAY - timedelta(days=60)).isoformat()}, "valid_to"),
        ({"crossings": ["Atlantis"]}, "crossings"),
        ({"quantity": 0}, "quantity"),
        ({"unit": "t"}, "unit"),
        ({"holder": {"name": ""}}, "name"),
    ],
)
def test_bad_records_are_refused_naming_the_field(
    client: TestClient, auth: Auth, change: dict[str, Any], field: str
) -> None:
    r = post(client, auth, "/v1/authorisations", AUTH | change)
    assert r.status_code == 422, r.text
    assert field in r.text


def test_an_empty_register_adds_nothing(client: TestClient, auth: Auth) -> None:
    body = screen(client, auth, declaration("EMPTY-1", 5000))
    assert "authorisation_missing" not in codes(body) and body["risk_level"] == "high"


def test_a_matching_authorisation_makes_the_substance_low_and_is_drawn_once(
    client: TestClient, auth: Auth
) -> None:
    post(client, auth, "/v1/authorisations", AUTH)
    post(client, auth, "/v1/notifications", NOTE)
    body = screen(client, auth, declaration("DT-100", 5000))
    found = codes(body)
    assert found["authorisation_matched"] == "low"
    assert found["substance_named"] == "low"
    assert body["risk_level"] == "low"
    matched = next(r for r in body["reasons"] if r["code"] == "authorisation_matched")
    assert "KZ-IMP-2026-0042" in matched["message"] and "15 000" in matched["message"]
    assert left(client, auth) == 15000
    screen(client, auth, declaration("DT-100", 5000))  # the same declaration again: no second draw
    assert left(client, auth) == 15000
    screen(client, auth, declaration("DT-100", 6000))  # an amendment replaces its draw
    assert left(client, auth) == 14000
    paint = declaration("DT-100", 6000)
    paint["items"] = [{"description": "краска масляная МА-15", "net_weight_kg": 6000}]
    screen(client, auth, paint)  # an amendment that no longer names it draws nothing
    assert left(client, auth) == 20000


def test_two_versions_in_one_batch_draw_as_the_last_one(client: TestClient, auth: Auth) -> None:
    post(client, auth, "/v1/authorisations", AUTH)
    post(client, auth, "/v1/notifications", NOTE)
    versions = [declaration("DT-200", 5000), declaration("DT-200", 7000), declaration("DT-201", 1000)]
    r = client.post("/v1/screenings/batch", json={"declarations": versions}, headers=auth("system"))
    assert r.status_code == 200, r.text
    assert left(client, auth) == 20000 - 7000 - 1000


def test_more_than_is_left_is_exceeded_and_not_drawn(client: TestClient, auth: Auth) -> None:
    post(client, auth, "/v1/authorisations", AUTH)
    post(client, auth, "/v1/notifications", NOTE)
    screen(client, auth, declaration("DT-1", 15000))
    body = screen(client, auth, declaration("DT-2", 6000))
    assert codes(body)["authorisation_exceeded"] == "high" and body["risk_level"] == "high"
    assert left(client, auth) == 5000


def test_no_authorisation_for_this_party(client: TestClient, auth: Auth) -> None:
    post(client, auth, "/v1/authorisations", AUTH)
    body = screen(client, auth, declaration("DT-3", 500, consignee="Shymkent Reagent Supply LLP"))
    assert codes(body)["authorisation_missing"] == "high"  # Table I
    toluene = declaration("DT-4", 500, consignee="Almaty Chemicals LLP")
    toluene["items"] = [{"description": "toluene 99.5%, 200 L drums", "net_weight_kg": 500}]
    assert codes(screen(client, auth, toluene))["authorisation_missing"] == "medium"  # Table II


def test_expired_revoked_and_wrong_crossing(client: TestClient, auth: Auth) -> None:
    old = AUTH | {
        "number": "OLD-1",
        "valid_to": (TODAY - timedelta(days=1)).isoformat(),
        "valid_from": (TODAY - timedelta(days=100)).isoformat(),
    }
    post(client, auth, "/v1/authorisations", old)
    assert codes(screen(client, auth, declaration("DT-5", 100)))["authorisation_expired"] == "high"
    post(client, auth, "/v1/authorisations", AUTH | {"crossings": ["Хоргос"]})
    body = screen(client, auth, declaration("DT-6", 100, crossing="Dostuk"))
    assert codes(body)["authorisation_not_at_crossing"] == "high"
    assert "authorisation_matched" in codes(
        screen(client, auth, declaration("DT-7", 100, crossing="Khorgos"))
    )
    post(client, auth, f"/v1/authorisations/{AUTH['number']}/revoke", {"reason": "withdrawn"})
    assert (
        codes(screen(client, auth, declaration("DT-8", 100, crossing="Khorgos")))["authorisation_expired"]
        == "high"
    )


def test_a_table_one_import_needs_a_pre_export_notification(client: TestClient, auth: Auth) -> None:
    post(client, auth, "/v1/authorisations", AUTH)
    assert codes(screen(client, auth, declaration("DT-9", 100)))["notification_missing"] == "high"
    post(client, auth, "/v1/notifications", NOTE)
    assert "notification_missing" not in codes(screen(client, auth, declaration("DT-10", 100)))


def test_cited_documents_are_used_whatever_the_party_is_called(client: TestClient, auth: Auth) -> None:
    post(client, auth, "/v1/authorisations", AUTH)
    post(client, auth, "/v1/notifications", NOTE)
    cited = [
        {"type": "authorisation", "number": AUTH["number"]},
        {"type": "notification", "number": NOTE["number"]},
    ]
    body = screen(client, auth, declaration("DT-11", 100, consignee="АО Другая фирма", documents=cited))
    assert set(codes(body)) >= {"authorisation_matched"} and "notification_missing" not in codes(body)


def test_csv_import_is_all_or_nothing(client: TestClient, auth: Auth) -> None:
    head = ",".join(CSV_COLUMNS) + "\n"
    good = (
        f"A-1,import,Almaty Chemicals LLP,ТОО «Алматы Кемикалс»,KZ,108-24-7,1000,kg,{TODAY},{TODAY},Khorgos\n"
    )
    bad = f"A-2,import,Other LLP,,KZ,ethanol,1000,kg,{TODAY},{TODAY},\n"
    csv_headers = auth("supervisor") | {"content-type": "text/csv"}
    r = client.post("/v1/authorisations/import", content=(head + good + bad).encode(), headers=csv_headers)
    assert r.status_code == 422 and "line 3" in r.text
    assert client.get("/v1/authorisations", headers=auth("supervisor")).json() == []
    r = client.post("/v1/authorisations/import", content=(head + good).encode(), headers=csv_headers)
    assert r.status_code == 201 and r.json() == {"created": 1, "numbers": ["A-1"]}
    r = client.post(
        "/v1/authorisations/import", content=b"x", headers=auth("supervisor") | {"content-type": "image/png"}
    )
    assert r.status_code == 415


def test_fifty_concurrent_declarations_never_draw_past_the_quantity(
    client: TestClient, auth: Auth, db: Database, resources: Resources
) -> None:
    post(client, auth, "/v1/authorisations", AUTH)
    post(client, auth, "/v1/notifications", NOTE)
    author = Author("cli", "", "test")

    def one(i: int) -> str:
        body = ScreeningRequest.model_validate(declaration(f"C-{i}", 1000))
        for _ in range(20):  # a deadlock or serialisation failure is retried, as the writer does
            try:
                with db.transaction() as session:
                    stored = submit_screening(session, db, resources, body, author)
                    return str(stored.screening.risk_level)
            except Exception as e:  # the retry is the point
                last = e
        raise last

    with ThreadPoolExecutor(max_workers=10) as pool:
        levels = list(pool.map(one, range(50)))
    assert levels.count("low") == 20 and levels.count("high") == 30
    assert left(client, auth) == 0
    r = client.get(f"/v1/authorisations/{AUTH['number']}", headers=auth("supervisor")).json()
    assert r["drawn"] == 20000


def test_fifty_concurrent_posts_through_the_writer_never_draw_past_the_quantity(
    client: TestClient, auth: Auth
) -> None:
    """POST /v1/screenings goes through the group-commit writer: several declarations in one transaction
    must see each other's draws."""
    post(client, auth, "/v1/authorisations", AUTH)
    post(client, auth, "/v1/notifications", NOTE)
    headers = auth("system")

    def one(i: int) -> str:
        r = client.post("/v1/screenings", json=declaration(f"W-{i}", 1000), headers=headers)
        assert r.status_code == 200, r.text
        return str(r.json()["risk_level"])

    with ThreadPoolExecutor(max_workers=25) as pool:
        levels = list(pool.map(one, range(50)))
    assert levels.count("low") == 20 and levels.count("high") == 30
    assert left(client, auth) == 0


def test_a_draw_waits_for_an_open_draw_on_the_same_authorisation(
    client: TestClient, auth: Auth, db: Database, resources: Resources
) -> None:
    """Two transactions at once on 1 500 kg left, 1 000 kg each: the second reads what is left only after
    the first commits (the authorisation row is locked, FOR UPDATE on PostgreSQL; one writer on SQLite)."""
    post(client, auth, "/v1/authorisations", AUTH | {"quantity": 1500})
    post(client, auth, "/v1/notifications", NOTE)
    author = Author("cli", "", "test")
    first_stored = threading.Event()

    def first() -> str:
        with db.transaction() as session:
            body = ScreeningRequest.model_validate(declaration("LOCK-1", 1000))
            level = str(submit_screening(session, db, resources, body, author).screening.risk_level)
            first_stored.set()
            time.sleep(1.5)  # the second starts meanwhile
        return level

    def second() -> str:
        first_stored.wait()
        with db.transaction() as session:
            body = ScreeningRequest.model_validate(declaration("LOCK-2", 1000))
            return str(submit_screening(session, db, resources, body, author).screening.risk_level)

    with ThreadPoolExecutor(max_workers=2) as pool:
        a, b = pool.submit(first), pool.submit(second)
        assert (a.result(), b.result()) == ("low", "high")
    assert left(client, auth) == 500


def test_statistics_and_liquids_count_authorised_trade_apart(client: TestClient, auth: Auth) -> None:
    post(client, auth, "/v1/authorisations", AUTH)
    post(client, auth, "/v1/notifications", NOTE)
    liquid = [{"description": "уксусный ангидрид 99%, 10 бочек по 200 л", "net_weight_kg": 2160}]
    licit = screen(client, auth, declaration("L-1", 0, items=liquid))
    other = screen(client, auth, declaration("L-2", 0, "Other Trading LLP", items=liquid))
    assert (licit["risk_level"], other["risk_level"]) == ("low", "high")
    totals = client.get("/v1/stats", headers=auth("supervisor")).json()["totals"]
    assert (totals["authorised"], totals["flagged_authorised"], totals["flagged_unauthorised"]) == (1, 0, 1)
    (row,) = client.get("/v1/reports/liquids", headers=auth("supervisor")).json()["rows"]
    assert (row["litres"], row["authorised_litres"], row["unauthorised_litres"]) == (4000, 2000, 2000)
    assert (row["tonnes"], row["authorised_tonnes"], row["unauthorised_tonnes"]) == (4.32, 2.16, 2.16)
    csv_text = client.get("/v1/reports/liquids?format=csv", headers=auth("supervisor")).text
    assert "authorised_litres" in csv_text.splitlines()[0] and ",2000," in csv_text
