"""The officer photographs a paper declaration on a phone: the text read lands in the description beside the
photo, the officer corrects a character and screens it; the result says the description came from a photo."""

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.api.test_ocr import page as printed_page
from tests.browser.conftest import log_in, no_horizontal_scroll, screenshot

LINES = [
    "1. 男式棉衬衫 100%棉 50件/箱 120箱",
    "2. 醋酸酐 200升/桶 80桶",
    "3. 玉米油 200升/桶 80桶 净重17280公斤",
]


def test_photo_read_corrected_and_screened_on_a_phone(page: Page, tmp_path: Path) -> None:
    photo = tmp_path / "declaration.jpg"
    photo.write_bytes(printed_page(LINES, turn=90, kind="JPEG"))  # taken with the phone turned
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page)
    page.goto("/lookup")
    page.get_by_label("Фото декларации или этикетки").set_input_files(str(photo))
    # the reading process runs at idle priority: on a machine as busy as CI's it waits for the processor
    page.get_by_role("button", name="Прочитать фото").click(timeout=60_000)
    page.wait_for_url(re.compile(r"/lookup/photo$"))
    expect(page.locator(".photo-read img.photo-preview")).to_be_visible()
    expect(page.locator(".photo-lines li")).to_have_count(3)
    box = page.get_by_label("Описание товара")
    read = box.input_value()
    assert read.replace(" ", "").splitlines()[1].startswith("2.醋酸酐"), read
    screenshot(page, "photo_read_phone_ru")
    assert no_horizontal_scroll(page)
    # the officer checks the photo and corrects the corn oil's net weight: 17280 -> 19280
    assert "17280" in read
    box.fill(read.replace("17280", "19280"))
    page.get_by_role("button", name="Проверить", exact=True).click()
    page.wait_for_url(re.compile(r"/screenings/[0-9a-f-]{36}$"))
    expect(page.locator(".risk-words")).to_have_text("ВЫСОКИЙ РИСК")
    expect(page.locator(".photo-note")).to_contain_text("прочитано с фото")
    goods = page.locator("ol.goods-lines li")
    expect(goods).to_have_count(3)
    expect(goods.nth(2)).to_contain_text("19 280 кг")
    expect(page.locator("mark.hl-substance").first).to_have_text("醋酸酐")
    screenshot(page, "photo_result_phone_ru")
    assert no_horizontal_scroll(page)


def test_a_file_that_is_not_a_photo_is_refused_on_the_form(page: Page, tmp_path: Path) -> None:
    wrong = tmp_path / "declaration.pdf"
    wrong.write_bytes(b"%PDF-1.7 a scanned declaration")
    log_in(page)
    page.goto("/lookup")
    page.get_by_label("Описание товара").fill("уже набранный текст")
    page.get_by_label("Фото декларации или этикетки").set_input_files(str(wrong))
    page.get_by_role("button", name="Прочитать фото").click()
    expect(page.locator("#photo-error, .field-error").first).to_contain_text("JPEG, PNG или WebP")
    expect(page.get_by_label("Описание товара")).to_have_value("уже набранный текст")  # nothing lost
