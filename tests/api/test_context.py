"""Every response carries a request id and security headers; each request leaves one JSON access line with
its request id and no body."""

import json
import logging
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.db import repository
from app.db.session import Database
from app.logs import JsonFormatter
from app.security.keys import hash_key

Auth = Callable[[str], dict[str, str]]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/healthz", 200),
        ("get", "/v1/screenings", 401),
        ("post", "/v1/screenings", 422),
        ("get", "/v1/nope", 404),
        ("get", "/nope", 404),  # a page path: an HTML error page, under the pages' policy
    ],
)
def test_every_response_has_an_id_and_security_headers(
    client: TestClient, auth: Auth, method: str, path: str, status: int
) -> None:
    headers = auth("system") if status == 422 else {}
    r = client.request(method, path, json={} if method == "post" else None, headers=headers)
    assert r.status_code == status
    assert len(r.headers["x-request-id"]) == 32
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    csp = r.headers["content-security-policy"]
    if path.startswith(("/v1", "/healthz")):
        assert csp == "default-src 'none'; frame-ancestors 'none'"
    else:
        assert csp.startswith("default-src 'none';") and "frame-ancestors 'none'" in csp
        assert "script-src" not in csp and "unsafe" not in csp


def test_a_refused_body_still_gets_the_headers(client: TestClient, auth: Auth) -> None:
    big = {"reference": "R", "items": [{"description": "y" * 3999} for _ in range(300)]}
    r = client.post("/v1/screenings", json=big, headers=auth("system"))
    assert r.status_code == 413 and "x-request-id" in r.headers


def test_a_sane_incoming_request_id_is_kept_and_an_odd_one_replaced(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "clearance-42.a_b"}).headers["x-request-id"] == (
        "clearance-42.a_b"
    )
    replaced = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["x-request-id"]
    assert replaced != "<script>" and len(replaced) == 32


def test_docs_are_not_blocked_by_the_api_policy(client: TestClient) -> None:
    """The docs get their own policy (the service's scripts, inline styles), not the API's 'none'."""
    r = client.get("/docs")
    assert r.status_code == 200 and "script-src 'self'" in r.headers["content-security-policy"]


def test_access_line_has_the_request_id_the_key_and_no_body(
    client: TestClient, create_key: Callable[..., str], db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "уксусный ангидрид для ТОО Секрет"
    key = create_key("system", name="log test")
    with caplog.at_level(logging.INFO, logger="app.access"):
        r = client.post(
            "/v1/screenings",
            json={"reference": "R-LOG", "items": [{"description": secret}]},
            headers={"Authorization": f"Bearer {key}", "X-Request-ID": "trace-1"},
        )
    assert r.status_code == 200
    with db.transaction() as session:
        key_id = repository.find_active_key(session, hash_key(key)).id  # type: ignore[union-attr]
    lines = [json.loads(JsonFormatter().format(rec)) for rec in caplog.records if rec.name == "app.access"]
    (line,) = [x for x in lines if x.get("path") == "/v1/screenings"]
    assert (line["method"], line["status"], line["request_id"]) == ("POST", 200, "trace-1")
    assert line["duration_ms"] >= 0
    assert line["actor"] == f"api_key:{key_id}"  # each use of a key is attributed
    assert all(secret not in rec.getMessage() for rec in caplog.records)
