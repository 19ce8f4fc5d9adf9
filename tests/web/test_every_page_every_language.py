"""Every page renders in every language with no untranslated string (a missing key fails the render)."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.web.i18n import catalogue
from tests.web.helpers import login, screen


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_pages_in(lang: str, client: TestClient, create_user: Callable[..., str]) -> None:
    assert client.get(f"/login?lang={lang}").status_code == 200
    login(client, create_user("officer"))
    location = screen(client, "醋酸酐 200升 塑料桶").headers["location"]
    texts = catalogue()
    for path in ("/lookup", location, "/substances?q=ephedrine", "/substances?q=nothing-like-it", "/nowhere"):
        page = client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}")
        assert page.status_code in (200, 404), path
        assert f'<html lang="{lang}">' in page.text
        assert texts["app_name"][lang] in page.text
    # the choice is remembered
    assert f'<html lang="{lang}">' in client.get("/lookup").text


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_dashboard_in(lang: str, client: TestClient, create_user: Callable[..., str]) -> None:
    login(client, create_user("supervisor"))
    page = client.get(f"/dashboard?lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert catalogue()["dash_title"][lang] in page.text
