"""The audit log on the web for supervisors and admins (issue 17, point 8): failed logins and lock-outs are
entries, filters by action, actor and target narrow the list, three languages; not for officers."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.web.i18n import catalogue
from tests.web.helpers import login, post_form


def test_failed_logins_and_a_lock_out_are_audited(
    client: TestClient, create_user: Callable[..., str], auth: Callable[[str], dict[str, str]]
) -> None:
    victim = create_user("officer")
    for _ in range(5):  # LOGIN_MAX_FAILURES: the fifth failure locks the account
        assert post_form(client, "/login", {"username": victim, "password": "wrong"}).status_code == 400
    assert post_form(client, "/login", {"username": "nobody-here", "password": "x"}).status_code == 400
    events = client.get("/v1/audit?action=login.failed", headers=auth("admin")).json()["items"]
    assert [e["target_id"] for e in events].count(victim) == 5
    assert {e["details"]["known_account"] for e in events} == {True, False}
    (locked,) = client.get("/v1/audit?action=login.locked", headers=auth("admin")).json()["items"]
    assert locked["target_id"] == victim and locked["details"]["until"]


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_supervisors_read_and_filter_the_log(
    lang: str, client: TestClient, create_user: Callable[..., str], auth: Callable[[str], dict[str, str]]
) -> None:
    post_form(client, "/login", {"username": "ghost", "password": "x"})
    client.post("/v1/watchlist", json={"name": "Acme LLP", "note": "n"}, headers=auth("supervisor"))
    login(client, create_user("supervisor", username="chief"))
    words = catalogue()
    page = client.get(f"/audit?lang={lang}").text
    assert words["audit_title"][lang] in page
    assert "login.failed" in page and "watch.create" in page
    only_logins = client.get(f"/audit?lang={lang}&action=login.failed").text
    assert "ghost" in only_logins and "watch.create" not in only_logins.split("<tbody>")[1]
    by_target = client.get(f"/audit?lang={lang}&target=nobody").text
    assert words["reg_empty"][lang] in by_target


def test_officers_do_not_see_the_log(client: TestClient, create_user: Callable[..., str]) -> None:
    login(client, create_user("officer"))
    assert client.get("/audit", follow_redirects=False).status_code in (303, 403)
