"""Issue 17's goal: no page scrolls sideways on a 360×740 phone, in any of the three languages, with the
seeded data of the browser tests (the dashboard's tables, the register's, a result page with several goods
lines)."""

import re

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import log_in, screenshot

OFFICER_PAGES = ["/lookup", "/screenings", "/substances?q=ацетон"]
SUPERVISOR_PAGES = ["/dashboard", "/register", "/audit"]


def _wide(page: Page) -> list[str]:
    """The elements that reach past the screen's right edge (what to fix when the assertion fails)."""
    found: list[str] = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
        "window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    return found


@pytest.mark.parametrize("lang", ["ru", "en", "zh"])
def test_no_page_scrolls_sideways_at_360_px(page: Page, lang: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page)
    page.goto(f"/lookup?lang={lang}")
    page.locator("#description").fill("1. 醋酸酐 200升/桶 80桶\n2. 玉米油 净重17280公斤\n3. 男式棉衬衫 500件")
    page.locator("form.lookup button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/screenings/[0-9a-f-]{36}$"))
    pages = [page.url, *OFFICER_PAGES]
    for path in pages:
        page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (path, _wide(page))
    page.context.clear_cookies()
    page.goto(f"/login?lang={lang}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), ("/login", _wide(page))
    page.goto("/login?lang=ru")  # log_in reads the Russian labels
    log_in(page, "baitov")
    for path in SUPERVISOR_PAGES:
        page.goto(f"{path}?lang={lang}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (path, _wide(page))
        screenshot(page, f"phone_{path.strip('/')}_{lang}")
