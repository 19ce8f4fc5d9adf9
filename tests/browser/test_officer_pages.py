"""The officer's pages in a real Chromium: log in, screen a Chinese and a Russian declaration, read the
highlights, cards and reading aid, switch language, search a misspelled substance, record an inspection,
and try an XSS payload. Screenshots of the main pages are kept in tests/artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, no_horizontal_scroll, screenshot


def screen(page: Page, description: str, crossing: str | None = None) -> None:
    page.goto("/lookup")
    page.get_by_label("Описание товара").fill(description)
    if crossing:
        page.get_by_text(
            "Машина и контейнер, код ТН ВЭД, брутто, места, маршрут"
        ).click()  # the route is folded away
        page.get_by_label("Пункт пропуска").select_option(crossing)
    page.get_by_role("button", name="Проверить", exact=True).click()
    page.wait_for_url(re.compile(r"/screenings/[0-9a-f-]{36}$"))


def test_the_issue_example_in_russian(page: Page) -> None:
    log_in(page)
    expect(page).to_have_url(re.compile("/lookup$"))
    screenshot(page, "lookup_ru")
    screen(page, "醋酸酐 25公斤×8桶", crossing="Torugart")
    expect(page.locator(".risk-words")).to_have_text("ВЫСОКИЙ РИСК")
    expect(page.locator(".risk")).to_have_class(re.compile("risk-high"))
    mark = page.locator("mark.hl-substance")
    expect(mark).to_have_text("醋酸酐")
    card = page.locator("#card-acetic_anhydride")
    expect(card.get_by_role("heading", level=3)).to_contain_text("уксусный ангидрид")
    expect(card).to_contain_text("Таблица I Конвенции 1988 г.")
    expect(card).to_contain_text("героин")
    expect(card.locator(".checks")).to_contain_text("плотность")
    reading = page.locator(".reading li")
    expect(reading).to_have_text(
        ["醋酸酐 = уксусный ангидрид", "25公斤 = 25 кг (килограмм)", "8桶 = 8 × бочка"]
    )
    expect(page.locator(".reasons li").first).to_contain_text("уксусный ангидрид")
    assert no_horizontal_scroll(page)
    screenshot(page, "result_ru")
    mark.get_by_role("link").click()  # the highlight leads to the card
    expect(page).to_have_url(re.compile("#card-acetic_anhydride$"))


def test_a_russian_declaration_and_switching_language(page: Page) -> None:
    log_in(page)
    screen(page, "Ангидрид уксусный технический, 20 т, бочки металлические по 200 л")
    expect(page.locator(".risk-words")).to_have_text("ВЫСОКИЙ РИСК")
    expect(page.locator("mark.hl-substance")).to_have_text("Ангидрид уксусный")
    page.get_by_role("link", name="English").click()
    expect(page.locator(".risk-words")).to_have_text("HIGH RISK")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#card-acetic_anhydride h3")).to_contain_text("acetic anhydride")
    screenshot(page, "result_en")
    page.get_by_role("link", name="中文").click()
    expect(page.locator(".risk-words")).to_have_text("高风险")
    expect(page.locator("#card-acetic_anhydride h3")).to_contain_text("醋酸酐")
    screenshot(page, "result_zh")
    page.goto("/lookup")  # the choice is remembered
    expect(page.get_by_role("heading", level=1)).to_have_text("筛查报关单")
    page.get_by_role("link", name="Русский").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Проверка декларации")


def test_search_a_misspelled_substance(page: Page) -> None:
    log_in(page, "baitov")  # supervisors land on the dashboard
    expect(page).to_have_url(re.compile("/dashboard$"))
    page.get_by_role("link", name="Поиск вещества").click()
    page.get_by_label("Название на любом языке").fill("эфедрин гидрохлорид")
    page.keyboard.press("Enter")
    expect(page.locator("#card-ephedrine")).to_be_visible()
    page.get_by_label("Название на любом языке").fill("ephedrin")
    page.get_by_role("button", name="Найти").click()
    expect(page.locator("#card-ephedrine h3")).to_contain_text("эфедрин")
    expect(page.locator("#card-ephedrine")).to_contain_text("метамфетамин")
    screenshot(page, "substances_ru")


def test_a_listed_chemical_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page)
    screen(page, "Нитроэтан технический 99%, бочки металлические 200 л, 16 шт.")
    expect(page.locator(".risk-words")).to_have_text("СРЕДНИЙ РИСК")
    expect(page.locator(".reasons li").first).to_contain_text("нитроэтан")
    card = page.locator("#card-nitroethane")
    expect(card.locator(".badge")).to_have_text("Национальный перечень прекурсоров")
    expect(card.locator('[data-list="regional_seizures"]')).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "result_listed_phone_ru")


def test_record_an_inspection(page: Page) -> None:
    log_in(page)
    screen(page, "油漆 200升/桶×80桶 净重17280公斤")
    page.get_by_label("ложная тревога").check()
    page.get_by_label("Примечание").fill("Вскрыто 4 бочки: алкидная эмаль, запаха уксуса нет")
    page.get_by_role("button", name="Записать результат").click()
    rows = page.locator("table.reviews tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("ложная тревога")
    expect(rows.first).to_contain_text("Иванова А.")
    expect(rows.first).to_contain_text("алкидная эмаль")
    page.get_by_label("прекурсор подтверждён").check()
    page.get_by_label("Обнаруженное вещество").select_option("acetic_anhydride")
    page.get_by_label("Изъято").fill("16 000")
    page.get_by_role("button", name="Записать результат").click()
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("прекурсор подтверждён")
    expect(rows.first).to_contain_text("16 000")  # grouped as read
    expect(rows.nth(1)).to_contain_text("заменён более поздним")
    screenshot(page, "inspection_ru")


def test_an_xss_payload_shows_as_text(page: Page) -> None:
    log_in(page)
    payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2;alert(1)</script> 醋酸酐'
    screen(page, payload)
    expect(page.locator(".declaration")).to_contain_text('<img src=x onerror="window.__xss=1">')
    expect(page.locator(".declaration")).to_contain_text("<script>")
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator(".declaration img, .declaration script").count() == 0


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus (it must be reachable by keyboard)."""
    for _ in range(80):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with Tab")


def test_keyboard_alone(page: Page) -> None:
    page.goto("/login")
    tab_to(page, "#username")
    page.keyboard.type("ivanova")
    tab_to(page, "#password")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("/lookup$"))
    tab_to(page, "#description")
    page.keyboard.type("уксусного ангидрида 200 л")
    for field in ("#quantity", "#net_weight_kg", "#packaging", "form.lookup button[type=submit]"):
        tab_to(page, field)  # every field in turn, in page order, the button right after the essentials
    tab_to(page, "#more-details > summary")
    page.keyboard.press("Enter")  # the folded fields open from the keyboard too
    for field in ("#hs_code", "#crossing", "#origin_country", "#transit_3"):
        tab_to(page, field)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")  # back to the reference field (an input: Enter sends the form)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "reference"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/screenings/"))
    expect(page.locator(".risk-words")).to_have_text("ВЫСОКИЙ РИСК")
    tab_to(page, "mark.hl-substance a")  # the highlight is a link to its card
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#card-"))


def test_readable_on_a_tablet(page: Page) -> None:
    page.set_viewport_size({"width": 768, "height": 1024})
    log_in(page)
    screen(page, "醋酸酐 200升 塑料桶 × 80")
    assert no_horizontal_scroll(page)
    screenshot(page, "result_tablet")
    page.goto("/lookup")
    assert no_horizontal_scroll(page)
    screenshot(page, "lookup_tablet")


def test_form_errors_keep_what_was_typed(page: Page) -> None:
    log_in(page)
    page.get_by_label("Количество").fill("двести")
    page.get_by_label("Единица").fill("л")
    page.get_by_role("button", name="Проверить", exact=True).click()
    expect(page.locator("#description-error")).to_have_text("Заполните это поле.")
    expect(page.locator("#quantity-error")).to_be_visible()
    expect(page.get_by_label("Количество")).to_have_value("двести")
    expect(page.get_by_label("Единица")).to_have_value("л")
    screenshot(page, "lookup_errors_ru")


def test_a_pasted_paper_declaration_on_a_phone(page: Page) -> None:
    """Three numbered lines pasted from a paper declaration, read on a 360×740 phone: three goods, each with
    its own figures; the anhydride named on the second line; nothing wider than the screen."""
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page)
    screen(
        page, "1. 男式棉衬衫 50件/箱 120箱\n2. 乙酸肝 200升/桶 80桶\n3. 玉米油 200升/桶 80桶 净重19000公斤"
    )
    expect(page.locator(".risk-words")).to_have_text("ВЫСОКИЙ РИСК")
    goods = page.locator("ol.goods-lines li")
    expect(goods).to_have_count(3)
    expect(goods.nth(2)).to_contain_text("19 000 кг")
    expect(page.locator(".reasons li").filter(has_text="Товар 2:").first).to_contain_text("созвучными")
    expect(page.locator("mark.hl-substance")).to_have_text("乙酸肝")
    screenshot(page, "result_goods_lines_phone")
    assert no_horizontal_scroll(page)  # the substance card used to be wider than a 360 px screen


def test_the_lookup_form_on_a_phone_has_its_button_on_the_first_screen(page: Page) -> None:
    """Description, quantity, net weight, packaging and the button first; HS code, route and the rest folded
    away below it (on a 360x740 phone the button used to be 1,856 px down)."""
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page)
    page.goto("/lookup")
    button = page.get_by_role("button", name="Проверить", exact=True)
    box = button.bounding_box()
    screenshot(page, "lookup_phone_ru")
    assert box is not None and box["y"] + box["height"] <= 740, box
    expect(page.get_by_label("Код ТН ВЭД")).to_be_hidden()
    assert no_horizontal_scroll(page)
    screenshot(page, "lookup_phone_ru")
    page.get_by_label("Описание товара").fill("Краска масляная МА-15, бочки 200 л")
    page.get_by_text("Машина и контейнер, код ТН ВЭД, брутто, места, маршрут").click()
    page.get_by_label("Код ТН ВЭД").fill("32x")  # refused: the folded part comes back open with its error
    button.click()
    expect(page.locator("#hs_code-error")).to_be_visible()
    expect(page.get_by_label("Код ТН ВЭД")).to_have_value("32x")
    expect(page.get_by_label("Описание товара")).to_have_value("Краска масляная МА-15, бочки 200 л")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 360, "height": 740}])
def test_a_refused_inspection_record_opens_at_its_error(page: Page, viewport: dict[str, int]) -> None:
    """A confirmed precursor without the quantity seized is refused; the page opens with that field focused
    and in view (it used to open at the top, the error 1,750 px below); switching language then shows the
    screening (it used to be a 405 page); a saved record says so."""
    page.set_viewport_size(viewport)
    log_in(page)
    screen(page, "醋酸酐 200升/桶×80桶")
    expect(page.get_by_label("Обнаруженное вещество")).to_have_value("acetic_anhydride")  # chosen already
    page.get_by_label("прекурсор подтверждён").check()
    page.get_by_role("button", name="Записать результат").click()
    field = page.locator("#review_quantity")
    expect(field).to_be_focused()
    expect(page.locator("#quantity-error")).to_have_text("Укажите, сколько изъято.")
    expect(field).to_be_in_viewport()
    assert no_horizontal_scroll(page)
    screenshot(page, f"inspection_refused_{viewport['width']}")
    page.get_by_role("link", name="English").click()  # from the refused form's address
    expect(page.locator(".risk-words")).to_have_text("HIGH RISK")
    page.get_by_role("link", name="Русский").click()
    page.get_by_label("прекурсор подтверждён").check()
    page.locator("#review_quantity").fill("16 000")
    page.get_by_role("button", name="Записать результат").click()
    expect(page.get_by_role("status").filter(has_text="записан")).to_have_text("Результат досмотра записан.")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 360, "height": 740}])
def test_finding_a_truck_again(page: Page, viewport: dict[str, int]) -> None:
    """The plate typed on the form one way and searched another; the recent list says what was screened."""
    page.set_viewport_size(viewport)
    log_in(page)
    page.goto("/lookup")
    page.get_by_label("Описание товара").fill("Краска масляная МА-15, бочки 200 л × 80")
    page.get_by_text("Машина и контейнер, код ТН ВЭД, брутто, места, маршрут").click()
    page.get_by_label("Госномер машины").fill("А 555 ВС 02")
    page.get_by_role("button", name="Проверить", exact=True).click()
    page.wait_for_url(re.compile(r"/screenings/[0-9a-f-]{36}$"))
    page.get_by_role("link", name="Найти проверку").click()
    page.get_by_label("Госномер машины").fill("a555bc02")
    page.get_by_role("button", name="Найти").click()
    expect(page.get_by_role("heading", name=re.compile("Найдено: 1"))).to_be_visible()
    expect(page.locator("table.latest tbody tr").first).to_contain_text("A555BC02")
    assert no_horizontal_scroll(page)
    screenshot(page, f"search_{viewport['width']}")
    page.locator("table.latest tbody a").first.click()
    expect(page.locator(".declaration")).to_contain_text("Краска масляная МА-15")


@pytest.mark.parametrize("viewport", [(1366, 768), (360, 740)], ids=["desktop", "phone"])
def test_the_goods_reading_aid_names_the_heading(page: Page, viewport: tuple[int, int]) -> None:
    """Issue 17, point 1: shirts declared in Chinese read as "6205 20 — Рубашки мужские…" beside the words."""
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page)
    screen(page, "男式棉衬衫 100%棉 500件")
    guess = page.locator(".goods-guess")
    expect(guess).to_contain_text("Похоже на:")
    expect(guess.locator(".hs").first).to_have_text("6205 20")
    expect(guess).to_contain_text("Рубашки мужские или для мальчиков")
    assert no_horizontal_scroll(page)
    screenshot(page, f"result_goods_guess_{'phone' if viewport[0] < 500 else 'desktop'}")
    page.get_by_role("link", name="English").click()
    expect(page.locator(".goods-guess")).to_contain_text("Shirts; men's or boys', of cotton")


@pytest.mark.parametrize("viewport", [(1366, 768), (360, 740)], ids=["desktop", "phone"])
def test_a_number_as_the_paper_prints_it_is_shown_as_read_first(
    page: Page, viewport: tuple[int, int]
) -> None:
    """Issue 17, point 2: "16,600" typed in the net weight comes back as "16 600" with a note, before
    anything is screened; sent again, it is screened with 16 600 kg."""
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page)
    page.goto("/lookup")
    page.get_by_label("Описание товара").fill("玉米油 200升/桶 80桶")
    page.get_by_label("Вес нетто, кг").fill("16,600")
    page.get_by_role("button", name="Проверить", exact=True).click()
    expect(page.locator(".notice")).to_contain_text("Проверьте, как прочитаны числа")
    expect(page.locator("#net_weight_kg-read")).to_have_text("«16,600» прочитано как 16 600")
    expect(page.get_by_label("Вес нетто, кг")).to_have_value("16 600")
    assert no_horizontal_scroll(page)
    screenshot(page, f"lookup_numbers_read_{'phone' if viewport[0] < 500 else 'desktop'}")
    page.get_by_role("button", name="Проверить", exact=True).click()
    page.wait_for_url(re.compile(r"/screenings/[0-9a-f-]{36}$"))
    expect(page.locator("body")).to_contain_text("16 600")


@pytest.mark.parametrize("viewport", [(1366, 768), (360, 740)], ids=["desktop", "phone"])
def test_switching_language_after_a_form_error_keeps_what_was_typed(
    page: Page, viewport: tuple[int, int]
) -> None:
    """Issue 17, point 6: a refused form, then "English": the same text and figures, the error in English."""
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    log_in(page)
    page.goto("/lookup")
    page.get_by_label("Описание товара").fill("Ацетон технический, 20 бочек")
    page.get_by_label("Количество").fill("abc")
    page.get_by_role("button", name="Проверить", exact=True).click()
    expect(page.locator("#quantity-error")).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Goods description")).to_have_value("Ацетон технический, 20 бочек")
    expect(page.get_by_label("Quantity")).to_have_value("abc")
    expect(page.locator("#quantity-error")).to_be_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, f"lookup_error_english_{'phone' if viewport[0] < 500 else 'desktop'}")
