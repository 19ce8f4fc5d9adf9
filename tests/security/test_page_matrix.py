"""Every page x every web role x no login: the login page for nobody (0 below), 403 for a role the page
does not admit, and anything else for the roles it does. An API key is no login for the pages. The table
must name every page route the app has."""

from collections.abc import Callable

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.web import audit_page, auth, dashboard, pages, register_actions, register_page, search_page
from tests.web.helpers import csrf_token, login

WEB = {"officer", "supervisor", "admin"}
ID = "00000000-0000-0000-0000-000000000000"
# (method, path template) -> (a concrete path, roles admitted, form)
PAGES: dict[tuple[str, str], tuple[str, set[str], dict[str, str] | None]] = {
    ("GET", "/"): ("/", WEB, None),
    ("GET", "/lookup"): ("/lookup", {"officer", "admin"}, None),
    ("POST", "/lookup"): ("/lookup", {"officer", "admin"}, {"description": "acetone"}),
    ("POST", "/lookup/language"): (
        "/lookup/language?lang=en",
        {"officer", "admin"},
        {"description": "acetone"},
    ),
    ("GET", "/screenings/{screening_id}"): (f"/screenings/{ID}", WEB, None),
    ("POST", "/screenings/{screening_id}/reviews"): (
        f"/screenings/{ID}/reviews",
        {"officer", "supervisor"},
        {"outcome": "false_alarm"},
    ),
    ("GET", "/substances"): ("/substances?q=acetone", WEB, None),
    ("GET", "/dashboard"): ("/dashboard", {"supervisor", "admin"}, None),
    ("GET", "/dashboard/stats.csv"): ("/dashboard/stats.csv?group_by=rule", {"supervisor", "admin"}, None),
    ("GET", "/dashboard/liquids.csv"): ("/dashboard/liquids.csv", {"supervisor", "admin"}, None),
    ("GET", "/screenings/{screening_id}/reviews"): (f"/screenings/{ID}/reviews", WEB, None),
    ("GET", "/screenings"): ("/screenings?plate=A123BC01", WEB, None),
    ("GET", "/register"): ("/register", {"supervisor", "admin"}, None),
    ("POST", "/register/authorisations"): (
        "/register/authorisations",
        {"supervisor", "admin"},
        {"a_number": ""},
    ),
    ("POST", "/register/notifications"): (
        "/register/notifications",
        {"supervisor", "admin"},
        {"n_number": ""},
    ),
    ("POST", "/register/watchlist"): ("/register/watchlist", {"supervisor", "admin"}, {"w_name": ""}),
    ("POST", "/register/authorisations/{number:path}/revoke"): (
        "/register/authorisations/NO-SUCH/revoke",
        {"supervisor", "admin"},
        {"reason": "x"},
    ),
    ("POST", "/register/notifications/{number:path}/revoke"): (
        "/register/notifications/NO-SUCH/revoke",
        {"supervisor", "admin"},
        {"reason": "x"},
    ),
    ("POST", "/register/watchlist/{entry_id}/end"): (
        "/register/watchlist/999999/end",
        {"supervisor", "admin"},
        {},
    ),
    ("GET", "/audit"): ("/audit", {"supervisor", "admin"}, None),
}
# Open to everybody by design.
PUBLIC = {("GET", "/login"), ("POST", "/login"), ("POST", "/logout")}


def test_the_table_names_every_page() -> None:
    routes = {
        (method, route.path)
        for router in (
            auth.router,
            pages.router,
            dashboard.router,
            register_page.router,
            register_actions.router,
            search_page.router,
            audit_page.router,
        )
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    }
    assert routes == set(PAGES) | PUBLIC


def _request(client: TestClient, method: str, path: str, form: dict[str, str] | None) -> int:
    """The status, with a redirect to the login page told apart as 0."""
    if method == "GET":
        response = client.get(path, follow_redirects=False)
    else:
        data = {**(form or {}), "csrf_token": csrf_token(client, "/login")}
        response = client.post(path, data=data, follow_redirects=False)
    if response.status_code == 303 and response.headers["location"].startswith("/login"):
        return 0
    return response.status_code


@pytest.mark.parametrize(("method", "template"), sorted(PAGES))
def test_page_access(
    client: TestClient,
    create_user: Callable[..., str],
    auth: Callable[[str], dict[str, str]],
    method: str,
    template: str,
) -> None:
    path, admitted, form = PAGES[(method, template)]
    assert _request(client, method, path, form) == 0  # to the login page
    client.headers.update(auth("admin"))  # an API key opens no page
    assert _request(client, method, path, form) == 0
    for role in sorted(WEB):
        client.cookies.clear()
        login(client, create_user(role))
        status = _request(client, method, path, form)
        if role in admitted:
            # admitted: the page, its redirect (home, a stored form), a 404 for the made-up id, or the empty
            # form refused with its errors (422)
            assert status in (200, 303, 404, 422), (method, path, role, status)
        else:
            assert status == 403, (method, path, role, status)
