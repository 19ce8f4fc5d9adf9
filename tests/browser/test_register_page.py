"""The supervisors' register page in a real Chromium, on a laptop and on a 360x740 phone: the authorisation
with what is left, a targeting profile with its note, and the wide tables scroll inside their box, not the
page."""

from collections.abc import Iterator
from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import delete

from app.db.models import Authorisation, WatchEntry
from app.db.session import Database
from tests.browser.conftest import log_in, no_horizontal_scroll, screenshot


@pytest.fixture
def authorisation(browser_db: Database) -> Iterator[None]:
    """One authorisation, removed afterwards: with the register in use every other page test would see the
    register's reasons."""
    with browser_db.transaction() as session:
        session.add(
            Authorisation(
                number="KZ-IMP-2026-0042",
                kind="import",
                holder={
                    "name": "Almaty Chemicals LLP",
                    "aliases": ["ТОО «Алматы Кемикалс»"],
                    "country": "KZ",
                },
                substance_id="acetic_anhydride",
                quantity=20000.0,
                unit="kg",
                valid_from=date(2026, 1, 1),
                valid_to=date(2099, 12, 31),
                crossings=["khorgos"],
                created_by="test",
            )
        )
        session.add(
            WatchEntry(
                kind="profile",
                crossing_id="khorgos",
                hs_prefix="3210",
                note="Краска под 3210 через Хоргос: в 2026 году в таких бочках находили уксусный ангидрид",
                severity="medium",
                created_by="test",
            )
        )
    yield
    with browser_db.transaction() as session:
        session.execute(delete(Authorisation))
        session.execute(delete(WatchEntry))


def test_the_register_on_a_laptop(page: Page, authorisation: None) -> None:
    log_in(page, "baitov")
    page.get_by_role("link", name="Разрешения").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Реестр разрешений и уведомлений")
    row = page.locator("table.register tbody tr").first
    expect(row).to_contain_text("KZ-IMP-2026-0042")
    expect(row).to_contain_text("20 000 кг")
    expect(row).to_contain_text("Хоргос")
    expect(row).to_contain_text("действует")
    assert no_horizontal_scroll(page)


def test_the_register_on_a_phone(browser: Browser, base_url: str, authorisation: None) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU", base_url=base_url)
    page = context.new_page()
    try:
        log_in(page, "baitov")
        page.goto("/register")
        expect(page.locator("table.register tbody tr").first).to_contain_text("KZ-IMP-2026-0042")
        expect(page.get_by_role("heading", name="Наблюдение и профили риска")).to_be_visible()
        expect(page.locator("table.register").last).to_contain_text("уксусный ангидрид")
        assert no_horizontal_scroll(page)
        screenshot(page, "register_phone_ru")
    finally:
        context.close()


def test_the_audit_log_on_a_phone(browser: Browser, base_url: str, authorisation: None) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU", base_url=base_url)
    page = context.new_page()
    try:
        log_in(page, "baitov")
        page.get_by_role("link", name="Журнал").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Журнал действий")
        expect(page.locator("#audit-total")).to_contain_text("Записей:")
        assert no_horizontal_scroll(page)
        screenshot(page, "audit_phone_ru")
    finally:
        context.close()


@pytest.fixture
def cleared(browser_db: Database) -> Iterator[None]:
    """The register emptied after the test: other page tests must not see its reasons."""
    yield
    with browser_db.transaction() as session:
        session.execute(delete(Authorisation))
        session.execute(delete(WatchEntry))


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 360, "height": 740}])
def test_a_supervisor_enters_and_revokes_an_authorisation(
    browser: Browser, base_url: str, cleared: None, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport, locale="ru-RU", base_url=base_url)
    page = context.new_page()
    try:
        log_in(page, "baitov")
        page.goto("/register")
        page.get_by_text("Внести разрешение").first.click()  # the summary opens the form
        page.get_by_label("Номер документа").first.fill("KZ-IMP-2026-0777")
        page.get_by_label("Владелец (наименование)").fill("Almaty Chemicals LLP")
        page.get_by_label("Другие написания, по одному в строке").first.fill("ТОО «Алматы Кемикалс»")
        page.get_by_label("Количество").first.fill("абв")  # refused, the rest kept
        page.locator("#a_substance").select_option("acetic_anhydride")
        page.get_by_label("Действует с").first.fill("2026-01-01")
        page.get_by_label("Действует по").first.fill("2099-12-31")
        page.get_by_role("button", name="Внести разрешение").click()
        expect(page.locator("#a_quantity-error")).to_have_text("Введите число, например 200 или 18 000,5.")
        expect(page.get_by_label("Владелец (наименование)")).to_have_value("Almaty Chemicals LLP")
        assert no_horizontal_scroll(page)
        page.locator("#a_quantity").fill("20 000")
        page.get_by_role("button", name="Внести разрешение").click()
        expect(page.get_by_role("status")).to_have_text("Разрешение внесено.")
        row = page.locator("table.register tbody tr", has_text="KZ-IMP-2026-0777")
        expect(row).to_contain_text("20 000 кг")
        expect(row).to_contain_text("действует")
        assert no_horizontal_scroll(page)
        screenshot(page, f"register_entered_{viewport['width']}")
        page.once("dialog", lambda dialog: dialog.accept())  # "Отозвать этот документ?"
        row.get_by_placeholder("Причина отзыва").fill("лицензия отозвана")
        row.get_by_role("button", name="Отозвать").click()
        expect(page.get_by_role("status")).to_have_text("Документ отозван.")
        expect(page.locator("table.register tbody tr", has_text="KZ-IMP-2026-0777")).to_contain_text(
            "отозвано"
        )
    finally:
        context.close()
