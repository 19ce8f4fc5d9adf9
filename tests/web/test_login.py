"""Login, sessions and logout: argon2 passwords, signed HttpOnly SameSite cookies naming a server-side
session, failed logins throttled per account and per address, safe redirects."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from app.config import Settings
from app.db import accounts
from app.db.models import User, WebSession
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from tests.web.helpers import csrf_token, login


def test_a_page_without_login_redirects_to_login_and_back(
    client: TestClient, create_user: Callable[..., str]
) -> None:
    page = client.get("/lookup?x=1", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Flookup%3Fx%3D1"
    name = create_user("officer")
    token = csrf_token(client, page.headers["location"])
    done = client.post(
        "/login",
        data={
            "username": name,
            "password": "correct horse battery",
            "csrf_token": token,
            "next": "/lookup?x=1",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/lookup?x=1"


def test_login_sets_a_hardened_cookie_and_a_session_row(
    client: TestClient, create_user: Callable[..., str], db: Database
) -> None:
    name = create_user("officer")
    response = login(client, name)
    assert response.status_code == 303
    assert response.headers["location"] == "/lookup"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here; see the HTTPS test
    with db.transaction() as session:
        rows = session.scalars(select(WebSession)).all()
        assert len(rows) == 1
        assert rows[0].token_hash not in cookie  # only a hash of the token is stored
    assert client.get("/lookup").status_code == 200


def test_cookies_are_secure_over_https(
    db: Database, resources: Resources, create_user: Callable[..., str]
) -> None:
    name = create_user("officer")
    app = create_app(Settings(database_url=db.url, rate_limit_per_minute=0), resources)
    with TestClient(app, base_url="https://testserver") as c:
        response = login(c, name)
    cookies = response.headers.get_list("set-cookie")
    assert cookies and all("Secure" in c for c in cookies)
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_wrong_password_and_unknown_user_get_the_same_answer(
    client: TestClient, create_user: Callable[..., str], db: Database
) -> None:
    name = create_user("officer")
    wrong = login(client, name, "not the password")
    unknown = login(client, "nobody-by-this-name", "not the password")
    assert wrong.status_code == unknown.status_code == 400
    assert "Неверное имя пользователя или пароль" in wrong.text
    assert "Неверное имя пользователя или пароль" in unknown.text
    assert "session=" not in wrong.headers.get("set-cookie", "")
    with db.transaction() as session:
        user = accounts.find_user(session, name)
        assert user is not None and user.failed_logins == 1


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    client: TestClient, create_user: Callable[..., str], db: Database
) -> None:
    name = create_user("officer")
    for _ in range(5):  # login_max_failures
        assert login(client, name, "guess").status_code == 400
    locked = login(client, name)
    assert locked.status_code == 429
    assert "Повторите через" in locked.text
    with db.transaction() as session:
        user = session.scalars(select(User).where(User.username == name)).one()
        assert user.locked_until is not None
        wait = (user.locked_until - user.created_at).total_seconds()
        assert 55 <= wait <= 600  # 60 s after the fifth failure
        user.locked_until = None  # the lock has run out
    assert login(client, name).status_code == 303
    with db.transaction() as session:
        assert accounts.find_user(session, name).failed_logins == 0  # type: ignore[union-attr]


def test_one_address_is_throttled_across_usernames(
    db: Database, resources: Resources, create_user: Callable[..., str]
) -> None:
    settings = Settings(database_url=db.url, rate_limit_per_minute=0, login_per_minute=4)
    with TestClient(create_app(settings, resources)) as c:
        answers = [login(c, f"user{i}", "guess").status_code for i in range(4)]
    assert answers[:2] == [400, 400]  # the burst is half the rate per minute
    assert answers[-1] == 429


def test_disabled_user_cannot_log_in_and_loses_open_sessions(
    client: TestClient, create_user: Callable[..., str], db: Database
) -> None:
    name = create_user("officer")
    login(client, name)
    assert client.get("/lookup").status_code == 200
    with db.transaction() as session:
        user = accounts.find_user(session, name)
        assert user is not None
        accounts.set_disabled(session, user, True)
    assert client.get("/lookup", follow_redirects=False).status_code == 303
    assert login(client, name).status_code == 400


def test_logout_ends_the_session_for_a_copied_cookie_too(
    client: TestClient, create_user: Callable[..., str]
) -> None:
    name = create_user("officer")
    login(client, name)
    stolen = client.cookies.get("session")
    token = csrf_token(client, "/lookup")
    out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert out.status_code == 303
    assert out.headers["location"] == "/login"
    client.cookies.clear()
    client.cookies.set("session", stolen or "")
    assert client.get("/lookup", follow_redirects=False).status_code == 303


def test_a_forged_session_cookie_is_ignored(client: TestClient, create_user: Callable[..., str]) -> None:
    name = create_user("officer")
    login(client, name)
    value = client.cookies.get("session") or ""
    token, _, signature = value.rpartition(".")
    client.cookies.clear()
    client.cookies.set("session", f"{token}x.{signature}")
    assert client.get("/lookup", follow_redirects=False).status_code == 303


def test_next_cannot_send_the_user_to_another_site(
    client: TestClient, create_user: Callable[..., str]
) -> None:
    name = create_user("officer")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        token = csrf_token(client, "/substances")
        response = client.post(
            "/login",
            data={"username": name, "password": "correct horse battery", "csrf_token": token, "next": target},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/lookup"


def test_supervisor_lands_on_the_dashboard(client: TestClient, create_user: Callable[..., str]) -> None:
    response = login(client, create_user("supervisor"))
    assert response.headers["location"] == "/dashboard"
