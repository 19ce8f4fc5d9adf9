"""The supervisors' dashboard in a real Chromium over seeded data: the figures equal the tables' (computed
by the test), the charts are drawn, the crossing filter, a high-risk row leads to its screening, a CSV
download, Chinese, a tablet screen."""

import re

from playwright.sync_api import Page, expect

from app.db.models import utcnow
from app.db.session import Database
from tests.browser.conftest import log_in, no_horizontal_scroll, screenshot
from tests.reports.seeded import current_rows

FLAGGED = ("medium", "high")


def _last_30_days(db: Database) -> list:
    today = utcnow().date()
    return [r for r in current_rows(db) if (today - r.screened_at.date()).days <= 29]


def test_figures_charts_filter_and_drill_down(page: Page, browser_db: Database) -> None:
    rows = _last_30_days(browser_db)
    log_in(page, "baitov")
    expect(page).to_have_url(re.compile("/dashboard$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Сводка по проверкам")
    expect(page.locator("#fig-screenings")).to_have_text(str(len(rows)))
    expect(page.locator("#fig-flagged")).to_contain_text(str(sum(r.risk in FLAGGED for r in rows)))
    expect(page.locator("figure.chart")).to_have_count(5)
    assert page.locator('svg[data-chart="time"] g.bar').count() == 30
    assert page.locator('svg[data-chart="crossing"] rect.bar-part').count() >= 3
    assert no_horizontal_scroll(page)
    screenshot(page, "dashboard_ru")

    torugart = [r for r in rows if r.crossing == "torugart"]
    page.get_by_label("Пункт пропуска").select_option("torugart")
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile("crossing=torugart"))
    expect(page.locator("#fig-screenings")).to_have_text(str(len(torugart)))

    page.get_by_label("Пункт пропуска").select_option("")
    page.get_by_role("button", name="Показать").click()
    first = page.locator("table.latest tbody tr").first
    reference = first.locator("a").inner_text()
    first.locator("a").click()
    expect(page).to_have_url(re.compile(r"/screenings/[0-9a-f-]{36}$"))
    expect(page.locator("body")).to_contain_text(reference)
    expect(page.locator(".risk-words")).to_have_text("ВЫСОКИЙ РИСК")


def test_csv_download_chinese_and_tablet(page: Page, browser_db: Database) -> None:
    log_in(page, "baitov")
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("правило")).click()
    download = info.value
    assert download.suggested_filename.startswith("stats-by-rule-")
    text = download.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith('правило,Проверок,С признаками риска,"Доля с признаками риска, %"')
    with page.expect_download() as info:  # the same for Russian Excel: ";" between cells
        page.locator("ul.downloads li", has_text="правило").get_by_role("link", name="для Excel").click()
    text = info.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("правило;Проверок;С признаками риска;Доля с признаками риска, %;")
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("筛查统计概览")
    expect(page.locator("figure.chart figcaption").first).to_have_text("报关单与标记随时间变化")
    screenshot(page, "dashboard_zh")
    page.set_viewport_size({"width": 768, "height": 1024})
    assert no_horizontal_scroll(page)
    screenshot(page, "dashboard_tablet")


def test_charts_read_whole_on_a_desktop_and_a_phone(page: Page, browser_db: Database) -> None:
    """Issue 17, point 10: the time chart's first and last dates lie inside the chart (the first was cut at
    the left edge); rule titles are written whole; the hit-rate chart has its own legend (its red part is the
    confirmed share, not "flagged"); the liquids' units are in the page's language; a chart that keeps only
    the longest bars says how many there were."""
    log_in(page, "baitov")
    for width, height, name in ((1366, 768, "desktop"), (360, 740, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/dashboard?lang=ru")
        ticks = page.locator('svg[data-chart="time"] text.tick')
        boxes = ticks.evaluate_all(
            "els => els.map(e => { const b = e.getBBox(); return [b.x, b.x + b.width]; })"
        )
        assert boxes and all(left >= 0 and right <= 640 for left, right in boxes), boxes
        for bar in page.locator('svg[data-chart="rules"] g.bar').all():
            assert bar.locator("text.bar-label").text_content() == bar.get_attribute("data-label")
        rules = page.locator("figure.chart", has=page.locator('svg[data-chart="rules"]'))
        expect(rules.locator(".legend")).to_contain_text("доля подтверждённых прекурсоров")
        expect(rules.locator(".legend")).not_to_contain_text("отмеченные")
        liquids = page.locator('svg[data-chart="liquids"] text.bar-text').first
        expect(liquids).to_contain_text(re.compile(r"м³ · [\d ]+[.,]\d т"))
        screenshot(page, f"dashboard_charts_{name}")
        wide = page.evaluate(
            "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
            "window.innerWidth + 1).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + "
            "Math.round(e.getBoundingClientRect().right))"
        )
        assert no_horizontal_scroll(page), (name, wide)
    page.goto("/dashboard?lang=en")
    liquids = page.locator('svg[data-chart="liquids"] text.bar-text').first
    expect(liquids).to_contain_text(re.compile(r"m³ · [\d ]+[.,]\d t"))
