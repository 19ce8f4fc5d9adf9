"""Bad input gets a 4xx whose JSON body names the field; nothing is written."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.db.session import Database
from tests.conftest import count_rows

Auth = Callable[[str], dict[str, str]]


def _item(**kw: Any) -> dict[str, Any]:
    return {"description": "acetone", **kw}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"items": [_item()]}, "reference"),
        ({"reference": "R"}, "items"),
        ({"reference": "R", "items": []}, "items"),
        ({"reference": "R", "items": [_item() for _ in range(501)]}, "items"),
        ({"reference": "R", "items": [{"description": ""}]}, "items.0.description"),
        ({"reference": "R", "items": [{"description": "   "}]}, "items.0.description"),
        ({"reference": "R", "items": [{"description": "x" * 4001}]}, "items.0.description"),
        ({"reference": "R", "items": [{"description": 42}]}, "items.0.description"),
        ({"reference": "R", "items": [_item(quantity=-1)]}, "items.0.quantity"),
        ({"reference": "R", "items": [_item(quantity="lots")]}, "items.0.quantity"),
        ({"reference": "R", "items": [_item(hs_code="29A5")]}, "items.0.hs_code"),
        ({"reference": "R", "items": [_item(hs_code="12")]}, "items.0.hs_code"),
        ({"reference": "R", "items": [_item(colour="red")]}, "items.0.colour"),
        ({"reference": "R", "items": [_item()], "origin_country": "XX"}, "origin_country"),
        ({"reference": "R", "items": [_item()], "destination_country": "China"}, "destination_country"),
        ({"reference": "R", "items": [_item()], "transit_countries": ["KG", "ZZ"]}, "transit_countries.1"),
        ({"reference": "R", "items": [_item()], "language": "de"}, "language"),
        ({"reference": "R", "items": [_item()], "direction": "sideways"}, "direction"),
        (
            {"reference": "R", "items": [_item()], "consignee": {"name": "A", "country": "QQ"}},
            "consignee.country",
        ),
        ({"reference": "R", "items": [_item()], "extra": 1}, "extra"),
        ([1, 2, 3], "body"),
        ({"reference": "R", "items": [{"description": "\x00\x00"}]}, "items.0.description"),
        ({"reference": "R", "items": [_item(quantity=1e300)]}, "items.0.quantity"),
    ],
)
def test_invalid_fields_are_422_naming_the_field(
    client: TestClient, auth: Auth, db: Database, body: Any, field: str
) -> None:
    r = client.post("/v1/screenings", json=body, headers=auth("system"))
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "invalid_request"
    assert field in [d["field"] for d in error["details"]]
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 0


def test_nul_and_lone_surrogates_are_cleaned_not_a_500(client: TestClient, auth: Auth, db: Database) -> None:
    # Both are legal in JSON escapes and cannot be stored as text: NUL is dropped, a lone surrogate becomes
    # U+FFFD, and the declaration is screened and stored.
    raw = b'{"reference": "R\\u0000", "items": [{"description": "acetone \\ud83d drum\\u0000"}]}'
    headers = {**auth("system"), "Content-Type": "application/json"}
    r = client.post("/v1/screenings", content=raw, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["reference"] == "R"
    assert r.json()["risk_level"] == "medium"
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 1


def test_malformed_json_is_400(client: TestClient, auth: Auth) -> None:
    headers = {**auth("system"), "Content-Type": "application/json"}
    r = client.post("/v1/screenings", content=b'{"reference": "R", "items": [', headers=headers)
    assert r.status_code == 400
    assert r.json()["error"]["code"] == "malformed_json"


def test_body_over_one_megabyte_is_413(client: TestClient, auth: Auth, db: Database) -> None:
    items = [{"description": "y" * 3999} for _ in range(300)]  # about 1.2 MB
    r = client.post("/v1/screenings", json={"reference": "R", "items": items}, headers=auth("system"))
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "body_too_large"
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 0


def test_body_over_limit_without_content_length_is_413(client: TestClient, auth: Auth) -> None:
    def chunks() -> Any:
        yield b'{"reference": "R", "items": ['
        for _ in range(300):
            yield b'{"description": "' + b"z" * 3990 + b'"},'
        yield b'{"description": "z"}]}'

    headers = {**auth("system"), "Content-Type": "application/json"}
    r = client.post("/v1/screenings", content=chunks(), headers=headers)
    assert r.status_code == 413


def test_bad_query_parameters_are_422(client: TestClient, auth: Auth) -> None:
    headers = auth("system")
    for params in [
        {"limit": 0},
        {"limit": 1000},
        {"offset": -1},
        {"risk_level": "severe"},
        {"since": "yesterday"},
    ]:
        r = client.get("/v1/screenings", params=params, headers=headers)
        assert r.status_code == 422, params
        assert r.json()["error"]["details"][0]["field"] == next(iter(params))


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        # a moment UTC cannot hold (the first second of year 1 an hour east of Greenwich, the day after the
        # last date): schemathesis found a 500 here
        ("POST", "/v1/admin/rescreen", {"since": "0001-01-01T00:00:01+00:01"}),
        ("POST", "/v1/admin/rescreen", {"since": "2026-01-01", "until": "9999-12-31"}),
        ("GET", "/v1/screenings?since=0001-01-01T00:00:00%2B05:00", None),
        ("GET", "/v1/screenings?until=9999-12-31T23:59:59-05:00", None),
        # a report up to the first day, no start given: its default start, 30 days before, is before year 1
        ("GET", "/v1/stats?to=0001-01-01", None),
        ("GET", "/v1/reports/liquids?to=0001-01-02", None),
    ],
)
def test_dates_at_the_ends_of_time_are_no_500(
    client: TestClient, auth: Auth, method: str, path: str, body: dict[str, str] | None
) -> None:
    r = client.request(method, path, json=body, headers=auth("admin"))
    assert r.status_code == (202 if path == "/v1/admin/rescreen" else 200), r.text


def test_unexpected_error_is_500_with_an_error_id_and_no_trace(
    client: TestClient, auth: Auth, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import app.services as services

    def explode(*_: Any, **__: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(services, "screen", explode)
    client_no_raise = TestClient(client.app, raise_server_exceptions=False)
    r = client_no_raise.post(
        "/v1/screenings", json={"reference": "R", "items": [_item()]}, headers=auth("system")
    )
    assert r.status_code == 500
    error = r.json()["error"]
    assert error["code"] == "internal_error"
    assert "secret" not in r.text and "Traceback" not in r.text
    assert r.headers["x-content-type-options"] == "nosniff" and len(r.headers["x-request-id"]) == 32
    assert any(error["error_id"] in rec.getMessage() for rec in caplog.records)


@pytest.mark.parametrize(
    ("path", "body", "schema"),
    [
        ("/v1/admin/keys", {"role": "supervisor", "name": "\u00a0"}, "KeyIn"),
        ("/v1/watchlist", {"name": "\u3000", "note": "x"}, "WatchedPartyIn"),
    ],
)
def test_a_blank_name_is_refused_and_the_schema_says_so(
    client: TestClient, auth: Auth, path: str, body: dict[str, str], schema: str
) -> None:
    """A name of white space only (a no-break or ideographic space) is refused, and the published schema
    says so, so that a client checking against it is not surprised (schemathesis found them disagreeing)."""
    assert client.post(path, json=body, headers=auth("admin")).status_code == 422
    spec = client.get("/openapi.json").json()["components"]["schemas"][schema]["properties"]["name"]
    assert "pattern" in spec
