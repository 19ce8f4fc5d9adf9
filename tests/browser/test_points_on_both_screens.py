"""Issue 17's points that had their browser test on one screen only, now on a 1366×768 desktop and a 360×740
phone, with screenshots: local time (point 7, a deployment in Bishkek), the audit page (8), the spreadsheet
downloads (9), the API docs without the internet (11) and the metrics after pages were browsed (12)."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from app.db.session import Database
from app.screening.pipeline import Resources
from tests.browser.conftest import log_in, no_horizontal_scroll, screenshot, serving

SCREENS = [(1366, 768), (360, 740)]
IDS = ["desktop", "phone"]


def _name(viewport: tuple[int, int]) -> str:
    return "phone" if viewport[0] < 500 else "desktop"


@pytest.fixture(scope="module")
def bishkek_url(browser_db: Database, resources: Resources) -> Iterator[str]:
    """A second server over the same data, deployed in Kyrgyzstan (TIME_ZONE=Asia/Bishkek, UTC+6)."""
    with serving(browser_db, resources, time_zone="Asia/Bishkek") as url:
        yield url


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
def test_the_api_docs_without_the_internet(page: Page, offline: list[str], viewport: tuple[int, int]) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto("/docs")
    expect(page.locator(".opblock-summary-path", has_text="/v1/screenings").first).to_be_visible()
    screenshot(page, f"api_docs_{_name(viewport)}")
    assert offline == []


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
