"""Driving the pages through the test client like a browser: read the form's CSRF token, post forms."""

import re

from fastapi.testclient import TestClient
from httpx2 import Response

from tests.conftest import PASSWORD

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: TestClient, path: str = "/login") -> str:
    page = client.get(path)
    match = _TOKEN.search(page.text)
    assert match, f"no CSRF token on {path} ({page.status_code})"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> Response:
    token = csrf_token(client)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def post_form(
    client: TestClient, path: str, data: dict[str, str], token_from: str = "/substances"
) -> Response:
    return client.post(
        path, data={**data, "csrf_token": csrf_token(client, token_from)}, follow_redirects=False
    )


def screen(client: TestClient, description: str, **fields: str) -> Response:
    """Submit the lookup form; returns the redirect to the result."""
    return post_form(client, "/lookup", {"description": description, **fields}, token_from="/lookup")
