"""/docs and /redoc in a real Chromium with every request off the service refused (a border post without the
internet): both render the API from the service's own files, and the content security policy blocks nothing
they need (issue 17, point 11)."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot


def test_swagger_ui_works_offline(page: Page, offline: list[str]) -> None:
    page.goto("/docs")
    expect(page.locator(".swagger-ui .title").first).to_contain_text("Precursor screening service")
    expect(page.locator(".opblock-summary-path", has_text="/v1/screenings").first).to_be_visible()
    screenshot(page, "api_docs_swagger")
    assert offline == []


def test_redoc_works_offline(page: Page, offline: list[str]) -> None:
    page.goto("/redoc")
    expect(page.get_by_role("heading", name="Precursor screening service").first).to_be_visible(
        timeout=20_000
    )
    expect(page.get_by_text("/v1/screenings").first).to_be_attached()
    screenshot(page, "api_docs_redoc")
    # ReDoc's "API docs by Redocly" footer wants a logo from its CDN: the policy stops it before it is asked
    # for (no request reached the network), and nothing else is refused
    assert [m for m in offline if "cdn.redoc.ly/redoc/logo-mini.svg" not in m] == []
