"""Every form refuses a post without this site's token (and from another origin): nothing is written."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.db.session import Database
from tests.conftest import count_rows
from tests.web.helpers import csrf_token, login


@pytest.mark.parametrize(
    ("token", "origin"),
    [
        (None, None),  # no token
        ("forged.token", None),  # not signed by this site
        ("GOOD", "https://evil.example"),  # the right token, posted from another site
    ],
)
def test_lookup_without_a_valid_token_is_refused(
    client: TestClient,
    create_user: Callable[..., str],
    db: Database,
    token: str | None,
    origin: str | None,
) -> None:
    login(client, create_user("officer"))
    good = csrf_token(client, "/lookup")
    data = {"description": "醋酸酐"}
    if token is not None:
        data["csrf_token"] = good if token == "GOOD" else token
    headers = {"Origin": origin} if origin else {}
    response = client.post("/lookup", data=data, headers=headers, follow_redirects=False)
    assert response.status_code == 403
    assert "Форма устарела" in response.text
    with db.transaction() as session:
        assert count_rows(session, "screenings") == 0


def test_a_token_from_another_browser_is_refused(
    client: TestClient, create_user: Callable[..., str], db: Database
) -> None:
    login(client, create_user("officer"))
    token = csrf_token(client, "/lookup")
    session_cookie = client.cookies.get("session") or ""
    client.cookies.clear()
    client.cookies.set("session", session_cookie)
    client.cookies.set("csrf", "another-browsers-cookie")
    response = client.post(
        "/lookup", data={"description": "醋酸酐", "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 403


def test_login_and_logout_need_the_token_too(client: TestClient, create_user: Callable[..., str]) -> None:
    name = create_user("officer")
    refused = client.post("/login", data={"username": name, "password": "correct horse battery"})
    assert refused.status_code == 403
    login(client, name)
    assert client.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert client.get("/lookup", follow_redirects=False).status_code == 200  # still logged in
