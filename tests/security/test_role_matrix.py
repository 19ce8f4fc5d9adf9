"""Every /v1 route x every role x no credentials: 401 without a key, 403 for a role the route does not admit,
and anything but 401/403 for the roles it does. The table must name every /v1 route the app has."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.security.keys import ROLES

ALL = set(ROLES)
SCREENING = {"reference": "MATRIX-1", "items": [{"description": "acetone"}]}
REGISTER = {"supervisor", "admin"}
# (method, path template) -> (a concrete path, roles admitted, JSON body)
MATRIX: dict[tuple[str, str], tuple[str, set[str], object]] = {
    ("POST", "/v1/screenings"): ("/v1/screenings", {"system", "officer", "admin"}, SCREENING),
    ("GET", "/v1/screenings"): ("/v1/screenings", ALL, None),
    ("POST", "/v1/screenings/batch"): (
        "/v1/screenings/batch",
        {"system", "officer", "admin"},
        {"declarations": [SCREENING]},
    ),
    ("GET", "/v1/screenings/{screening_id}"): (
        "/v1/screenings/00000000-0000-0000-0000-000000000000",
        ALL,
        None,
    ),
    ("POST", "/v1/screenings/{screening_id}/reviews"): (
        "/v1/screenings/00000000-0000-0000-0000-000000000000/reviews",
        {"officer", "supervisor"},
        {"outcome": "false_alarm"},
    ),
    ("GET", "/v1/screenings/{screening_id}/reviews"): (
        "/v1/screenings/00000000-0000-0000-0000-000000000000/reviews",
        ALL,
        None,
    ),
    ("POST", "/v1/ocr"): ("/v1/ocr", {"system", "officer", "supervisor"}, None),  # no photo: 422
    ("GET", "/v1/rules"): ("/v1/rules", ALL, None),
    ("GET", "/v1/lexicon"): ("/v1/lexicon", ALL, None),
    ("GET", "/v1/lexicon/search"): ("/v1/lexicon/search?q=acetone", ALL, None),
    ("GET", "/v1/stats"): ("/v1/stats?group_by=rule", {"supervisor", "admin"}, None),
    ("GET", "/v1/reports/liquids"): ("/v1/reports/liquids", {"supervisor", "admin"}, None),
    ("GET", "/v1/audit"): ("/v1/audit", {"supervisor", "admin"}, None),
    ("GET", "/v1/admin/keys"): ("/v1/admin/keys", {"admin"}, None),
    # the register of authorisations and notifications: supervisors and admins only
    ("POST", "/v1/authorisations"): ("/v1/authorisations", REGISTER, {"number": "M-1"}),
    ("POST", "/v1/authorisations/import"): ("/v1/authorisations/import", REGISTER, None),
    ("GET", "/v1/authorisations"): ("/v1/authorisations", REGISTER, None),
    ("GET", "/v1/authorisations/{number}"): ("/v1/authorisations/M-1", REGISTER, None),
    ("POST", "/v1/authorisations/{number}/revoke"): (
        "/v1/authorisations/M-1/revoke",
        REGISTER,
        {"reason": "x"},
    ),
    ("POST", "/v1/notifications"): ("/v1/notifications", REGISTER, {"number": "M-1"}),
    ("GET", "/v1/notifications"): ("/v1/notifications", REGISTER, None),
    ("GET", "/v1/notifications/{number}"): ("/v1/notifications/M-1", REGISTER, None),
    ("POST", "/v1/notifications/{number}/revoke"): (
        "/v1/notifications/M-1/revoke",
        REGISTER,
        {"reason": "x"},
    ),
    # watched parties and targeting profiles: supervisors and admins only (the notes are intelligence)
    ("POST", "/v1/watchlist"): ("/v1/watchlist", REGISTER, {"name": "M", "note": "x"}),
    ("GET", "/v1/watchlist"): ("/v1/watchlist", REGISTER, None),
    ("GET", "/v1/watchlist/{entry_id}"): ("/v1/watchlist/1", REGISTER, None),
    ("POST", "/v1/watchlist/{entry_id}/end"): ("/v1/watchlist/1/end", REGISTER, None),
    ("POST", "/v1/targeting-profiles"): (
        "/v1/targeting-profiles",
        REGISTER,
        {"note": "x", "origin_country": "CN"},
    ),
    ("GET", "/v1/targeting-profiles"): ("/v1/targeting-profiles", REGISTER, None),
    ("GET", "/v1/targeting-profiles/{entry_id}"): ("/v1/targeting-profiles/1", REGISTER, None),
    ("POST", "/v1/targeting-profiles/{entry_id}/end"): ("/v1/targeting-profiles/1/end", REGISTER, None),
    ("POST", "/v1/admin/keys"): ("/v1/admin/keys", {"admin"}, {"name": "matrix", "role": "system"}),
    ("POST", "/v1/admin/keys/{key_id}/revoke"): ("/v1/admin/keys/no-such-key/revoke", {"admin"}, None),
    ("POST", "/v1/admin/reload"): ("/v1/admin/reload", {"admin"}, None),
    ("POST", "/v1/admin/rescreen"): ("/v1/admin/rescreen", {"admin"}, {"since": "2026-01-01"}),
    ("GET", "/v1/admin/rescreens"): ("/v1/admin/rescreens", {"admin"}, None),
    ("GET", "/v1/admin/rescreens/{job_id}"): ("/v1/admin/rescreens/1", {"admin"}, None),
}


def test_the_matrix_names_every_v1_route() -> None:
    paths = create_app().openapi()["paths"]
    routes = {
        (method.upper(), path) for path, ops in paths.items() if path.startswith("/v1") for method in ops
    }
    assert routes == set(MATRIX)


@pytest.mark.parametrize(("method", "template"), sorted(MATRIX))
def test_route_access(
    client: TestClient, auth: Callable[[str], dict[str, str]], method: str, template: str
) -> None:
    path, admitted, body = MATRIX[(method, template)]
    anonymous = client.request(method, path, json=body)
    assert anonymous.status_code == 401, (method, path)
    for role in sorted(ALL):
        status = client.request(method, path, json=body, headers=auth(role)).status_code
        if role in admitted:
            assert status not in (401, 403), (method, path, role, status)
        else:
            assert status == 403, (method, path, role, status)
