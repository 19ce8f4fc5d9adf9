"""The supervisors' dashboard over seeded data: its figures, chart bars and CSV downloads equal what the test
computes from the tables itself (tests/reports/seeded.py)."""

import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from fastapi.testclient import TestClient

from app.db.session import Database
from app.screening.pipeline import Resources
from app.seeding import seed
from app.web.charts import Bar, horizontal, tick_labels, vertical
from tests.reports.seeded import NOW, current_rows, hit_rate, outcome_counts
from tests.web.helpers import login

FLAGGED = ("medium", "high")
PERIOD = {"from": "2026-09-20", "to": "2026-11-20"}  # 62 days: one column a day


@pytest.fixture
def supervisor(
    client: TestClient, create_user: Callable[..., str], db: Database, resources: Resources
) -> TestClient:
    seed(db, resources, count=120, days=60, seed=3, now=NOW)
    login(client, create_user("supervisor"))
    return client


def _figure(html: str, fig: str) -> str:
    match = re.search(rf'<dd id="fig-{fig}">([^<]*)', html)
    assert match, fig
    return match.group(1).strip()


def _bars(html: str, chart: str) -> dict[str, tuple[float, float]]:
    svg = re.search(rf'data-chart="{chart}">(.*?)</svg>', html, re.S)
    assert svg, chart
    return {
        label: (float(value), float(part))
        for label, value, part in re.findall(
            r'<g class="bar" data-label="([^"]*)" data-value="([^"]*)" data-part="([^"]*)"', svg.group(1)
        )
    }


def test_figures_and_charts_equal_the_tables(supervisor: TestClient, db: Database) -> None:
    rows = current_rows(db)
    html = supervisor.get("/dashboard", params={**PERIOD, "lang": "en"}).text
    outcomes = outcome_counts(rows)
    assert int(_figure(html, "screenings")) == len(rows)
    assert int(_figure(html, "flagged")) == sum(r.risk in FLAGGED for r in rows)
    assert int(_figure(html, "inspected")) == sum(outcomes.values())
    assert int(_figure(html, "confirmed")) == outcomes["confirmed_precursor"]
    rate = hit_rate(rows)
    assert _figure(html, "hit-rate") == (f"{rate * 100:.0f}%" if rate is not None else "—")
    # one column per day of the period, each with that day's screenings and flags
    days = _bars(html, "time")
    assert len(days) == (date(2026, 11, 20) - date(2026, 9, 20)).days + 1
    per_day = Counter(r.screened_at.date().isoformat() for r in rows)
    flagged_per_day = Counter(r.screened_at.date().isoformat() for r in rows if r.risk in FLAGGED)
    assert {d: v for d, v in days.items() if v[0]} == {
        d: (float(n), float(flagged_per_day[d])) for d, n in per_day.items()
    }
    # crossings by their English name; Torugart's bar counts every spelling of Torugart
    crossings = _bars(html, "crossing")
    torugart = [r for r in rows if r.crossing == "torugart"]
    assert crossings["Torugart"] == (len(torugart), sum(r.risk in FLAGGED for r in torugart))


def test_crossing_filter_and_latest_high_risk_table(supervisor: TestClient, db: Database) -> None:
    rows = [r for r in current_rows(db) if r.crossing == "torugart"]
    html = supervisor.get("/dashboard", params={**PERIOD, "crossing": "torugart", "lang": "en"}).text
    assert int(_figure(html, "screenings")) == len(rows)
    high = sorted((r for r in rows if r.risk == "high"), key=lambda r: r.screened_at, reverse=True)[:15]
    linked = re.findall(r'<a href="/screenings/([0-9a-f-]{36})">', html)
    assert linked == [r.id for r in high]


def test_csv_downloads_match_the_api(
    supervisor: TestClient, db: Database, auth: Callable[[str], dict[str, str]], resources: Resources
) -> None:
    """The downloads are for a spreadsheet: headers in the page's language, names instead of ids, shares in
    per cent, a blank key in words; their figures are the API's."""
    page = supervisor.get("/dashboard", params=PERIOD).text
    links = [
        link.replace("&amp;", "&") for link in re.findall(r'href="(/dashboard/[a-z.]+\.csv\?[^"]+)"', page)
    ]
    # stats by day, crossing, substance, list, rule, risk level; the liquids report; each also for Excel
    assert len(links) == 14 and sum("dialect=semicolon" in link for link in links) == 7
    by_list = next(link for link in links if "group_by=list" in link and "dialect" not in link)
    rows = list(csv.reader(io.StringIO(supervisor.get(by_list).text.lstrip("\ufeff"))))
    assert rows[0][:4] == ["перечень", "Проверок", "С признаками риска", "Доля с признаками риска, %"]
    assert {"Таблица I Конвенции 1988 г.", "(ни в одном перечне)"} <= {row[0] for row in rows[1:]}
    by_rule = next(link for link in links if "group_by=rule" in link and "dialect" not in link)
    download = supervisor.get(f"{by_rule}&lang=en")
    assert download.headers["content-type"].startswith("text/csv")
    assert 'filename="stats-by-rule-20260920-20261120.csv"' in download.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(download.text.lstrip("\ufeff"))))
    api = supervisor.get(
        "/v1/stats", params={**PERIOD, "group_by": "rule"}, headers=auth("supervisor")
    ).json()
    titles = {r.code: r.title.en for r in resources.rules.rules}
    expected = {
        (titles[g["key"]["rule"]] if g["key"]["rule"] else "(no rule fired)"): g for g in api["groups"]
    }
    assert {r["rule"]: int(r["Screenings"]) for r in table} == {
        k: g["screenings"] for k, g in expected.items()
    }
    for r in table:  # a share in per cent, as the API's fraction times 100
        share = expected[r["rule"]]["flagged_share"]
        assert (r["Flagged, %"] or None) == (None if share is None else f"{round(share * 100, 1):g}")
    # the dialect Russian Excel reads: ";" between cells, "," before decimals
    excel = supervisor.get(next(link for link in links if "group_by=day" in link and "dialect" in link)).text
    header, first = excel.lstrip("\ufeff").splitlines()[:2]
    assert header.startswith("день;Проверок;С признаками риска;Доля с признаками риска, %;")
    assert "." not in first.split(";")[3] and first.count(";") == header.count(";")


def test_unreadable_dates_fall_back_and_say_so(supervisor: TestClient) -> None:
    page = supervisor.get("/dashboard", params={"from": "yesterday", "lang": "en"})
    assert page.status_code == 200
    assert "The dates could not be read" in page.text


@pytest.mark.parametrize(
    ("values", "expected_widths"),
    [([10, 5, 0], [1.0, 0.5, 0.0]), ([3], [1.0]), ([0, 0], [0.0, 0.0])],
)
def test_horizontal_bars_scale_to_the_longest(values: list[int], expected_widths: list[float]) -> None:
    chart = horizontal([Bar(str(i), v, v / 2, "") for i, v in enumerate(values)])
    full = chart.width - 190  # the room for the figure after the longest bar
    assert [round(b.width / full, 3) for b in chart.bars] == expected_widths
    assert all(b.part_width == pytest.approx(b.width / 2) for b in chart.bars)


def test_vertical_bars_stand_on_the_axis_and_ticks_thin_out() -> None:
    chart = vertical([Bar(f"d{i}", i, 0, "") for i in range(30)])
    assert all(b.y + b.height == pytest.approx(chart.axis_y) for b in chart.bars)
    assert max(b.height for b in chart.bars) == pytest.approx(chart.axis_y - 16)
    assert len(tick_labels(chart.bars)) <= 8 and tick_labels(chart.bars)[0].label == "d0"


@pytest.mark.parametrize(
    ("label", "width", "expected"),
    [
        ("Torugart", 200, "Torugart"),
        (
            "1-甲基-3-(3,4-(亚甲二氧基)苯基)缩水甘油酸酯",
            120,
            "1-甲基-3-(3,4-…",
        ),  # a Chinese character counts 12 px
        ("Коммерческое количество вещества таблицы I", 150, "Коммерческое количе…"),
    ],
)
def test_labels_are_cut_to_their_room(label: str, width: int, expected: str) -> None:
    from app.web.charts import fit

    assert fit(label, width) == expected


def test_flags_with_and_without_an_authorisation_apart(
    client: TestClient, create_user: Callable[..., str], auth: Callable[[str], dict[str, str]]
) -> None:
    from tests.api.test_register import AUTH, NOTE, declaration

    headers = auth("supervisor")
    assert client.post("/v1/authorisations", json=AUTH, headers=headers).status_code == 201
    assert client.post("/v1/notifications", json=NOTE, headers=headers).status_code == 201
    liquid = [{"description": "уксусный ангидрид 99%, 10 бочек по 200 л", "net_weight_kg": 2160}]
    for body in (
        declaration("D-1", 0, items=liquid),
        declaration("D-2", 0, "Other Trading LLP", items=liquid),
        declaration("D-3", 0, "Third Trading LLP", items=liquid),
    ):
        assert client.post("/v1/screenings", json=body, headers=auth("system")).status_code == 200
    login(client, create_user("supervisor"))
    for lang, word, m3 in (
        ("en", "under authorisations", "m³"),
        ("ru", "по разрешениям", "м³"),
        ("zh", "持许可证", "立方米"),
    ):
        html = client.get("/dashboard", params={"lang": lang}).text
        assert (_figure(html, "flagged"), _figure(html, "flagged-unauthorised")) == ("2", "2")
        assert _figure(html, "authorised") == "1"
        # the liquids chart: 6.0 m³ declared, 2.0 under the authorisation; its units in the page's language
        assert f"2.0 {m3} {word}" in html


def test_labels_have_the_charts_width_and_a_cut_is_said() -> None:
    """Issue 17, point 10: a rule's title is written above its bar across the chart (it was cut to a 260 px
    column), and a chart that keeps the longest bars says how many there were."""
    title = "Описание похоже на товары другой группы (правило о классификации)"
    chart = horizontal([Bar(title, 3, 1, "")], of=35)
    assert chart.bars[0].short == title
    assert chart.bars[0].x == 0 and chart.bars[0].y > 12  # the label's line is above the bar
    assert chart.of == 35
    assert horizontal([Bar("a", 1, 0, "")], of=1).of == 0  # everything shown: nothing to say
