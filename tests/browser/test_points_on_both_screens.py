"""Issue 17's points that had their browser test on one screen only, now on a 1366×768 desktop and a 360×740
phone, with screenshots: local time (point 7, a deployment in Bishkek), the audit page (8), the spreadsheet
downloads (9), the API docs without the internet (11) and the metrics after pages were browsed (12)."""

import re
import threading
import time
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Route, expect

from app.config import Settings
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from tests.browser.conftest import _free_port, log_in, no_horizontal_scroll, screenshot

SCREENS = [(1366, 768), (360, 740)]
IDS = ["desktop", "phone"]


def _name(viewport: tuple[int, int]) -> str:
    return "phone" if viewport[0] < 500 else "desktop"


@pytest.fixture(scope="module")
def bishkek_url(browser_db: Database, resources: Resources) -> Iterator[str]:
    """A second server over the same data, deployed in Kyrgyzstan (TIME_ZONE=Asia/Bishkek, UTC+6)."""
    settings = Settings(
        database_url=browser_db.url, rate_limit_per_minute=0, login_per_minute=0, time_zone="Asia/Bishkek"
    )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings, resources), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the Bishkek server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("viewport", SCREENS, ids=IDS)
def test_local_time_with_its_zone(browser: Browser, bishkek_url: str, viewport: tuple[int, int]) -> None:
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, locale="ru-RU", base_url=bishkek_url
    )
    page = context.new_page()
    try:
        log_in(page)
        page.goto("/lookup")
        page.get_by_label("Описание товара").fill("Ацетон технический, 20 бочек")
        page.get_by_role("button", name="Проверить", exact=True).click()
        page.wait_for_url(re.compile(r"/screenings/[0-9a-f-]{36}$"))
        expect(page.locator("body")).to_contain_text(re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d \(UTC\+06:00\)"))
        assert no_horizontal_scroll(page)
        screenshot(page, f"local_time_bishkek_{_name(viewport)}")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", SCREENS, ids=IDS)
def test_the_audit_page(page: Page, viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, "baitov")
    page.goto("/audit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Журнал действий")
    expect(page.locator("#audit-total")).to_contain_text("Записей:")
    assert no_horizontal_scroll(page)
    screenshot(page, f"audit_{_name(viewport)}")


@pytest.mark.parametrize("viewport", SCREENS, ids=IDS)
def test_a_spreadsheet_download(page: Page, viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page, "baitov")
    with page.expect_download() as info:
        page.locator('ul.downloads a[href*="group_by=crossing"][href*="dialect=semicolon"]').click()
    download = info.value
    assert re.fullmatch(r"stats-by-crossing-\d{8}-\d{8}\.csv", download.suggested_filename)
    assert (
        download.path().read_text(encoding="utf-8-sig").splitlines()[0].startswith("пункт пропуска;Проверок;")
    )
    assert no_horizontal_scroll(page)
    screenshot(page, f"downloads_{_name(viewport)}")


@pytest.mark.parametrize("viewport", SCREENS, ids=IDS)
def test_the_api_docs_without_the_internet(page: Page, base_url: str, viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    own, refused = urlparse(base_url).netloc, []

    def only_the_service(route: Route) -> None:
        if urlparse(route.request.url).netloc in (own, ""):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_service)
    page.goto("/docs")
    expect(page.locator(".opblock-summary-path", has_text="/v1/screenings").first).to_be_visible()
    screenshot(page, f"api_docs_{_name(viewport)}")
    assert refused == []


@pytest.mark.parametrize("viewport", SCREENS, ids=IDS)
def test_the_metrics_after_browsing(page: Page, viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page)  # pages with their style sheet and icon
    page.goto("/substances")
    text = page.goto("/metrics").text()  # type: ignore[union-attr]
    static = re.findall(r'route="/static/\{path\}"', text)
    assert static, "the static files are counted by their mount"
    overflow = re.search(r"^db_pool_overflow(?:\{[^}]*\})? (-?[\d.e+]+)$", text, re.MULTILINE)
    assert overflow is not None and float(overflow.group(1)) >= 0
    screenshot(page, f"metrics_{_name(viewport)}")
