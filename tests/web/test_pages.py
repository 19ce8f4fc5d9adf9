"""The lookup form, the result page and inspection results through the test client, on both databases."""

import html
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.core.numbers import format_number
from app.db.models import Review, Screening
from app.db.session import Database
from tests.conftest import count_rows
from tests.web.helpers import login, post_form, screen


@pytest.fixture
def officer(client: TestClient, create_user: Callable[..., str]) -> TestClient:
    login(client, create_user("officer", username="petrov"))
    return client


def _result(client: TestClient, response_location: str, lang: str = "ru") -> str:
    page = client.get(f"{response_location}?lang={lang}")
    assert page.status_code == 200
    return page.text


def test_the_issue_example_reads_as_acetic_anhydride_in_russian(officer: TestClient, db: Database) -> None:
    done = screen(officer, "醋酸酐 25公斤×8桶", crossing="Torugart", origin_country="CN")
    assert done.status_code == 303
    html = _result(officer, done.headers["location"])
    assert "ВЫСОКИЙ РИСК" in html
    assert '<mark class="hl-substance"><a href="#card-acetic_anhydride">醋酸酐</a></mark>' in html
    assert 'id="card-acetic_anhydride"' in html
    assert "Таблица I Конвенции 1988 г." in html
    assert "героин" in html  # what it is used for
    assert "108-24-7" in html and "2915.24" in html
    assert "Что проверить" in html
    # the reading aid: every segment with its meaning
    for src, meaning in (("醋酸酐", "уксусный ангидрид"), ("25公斤", "25 кг"), ("8桶", "8 × бочка")):
        assert re.search(
            rf'<span class="src" lang="zh">{src}</span> = <span class="gloss">{meaning}', html
        ), src
    assert "200 кг" in html  # 25 kg × 8 drums, read as net mass
    with db.transaction() as session:
        row = session.scalars(select(Screening)).one()
        assert row.user is not None and row.user.username == "petrov"
        assert row.api_key_id is None
        assert row.request_body["items"][0]["description"] == "醋酸酐 25公斤×8桶"
        assert row.crossing == "Torugart"


def test_a_russian_declaration_in_english_and_chinese(officer: TestClient) -> None:
    done = screen(officer, "Ангидрид уксусный, 20 т, бочки по 200 л")
    location = done.headers["location"]
    english = _result(officer, location, "en")
    assert "HIGH RISK" in english and "acetic anhydride" in english
    assert "1988 Convention, Table I" in english
    chinese = _result(officer, location, "zh")
    assert "高风险" in chinese and "醋酸酐" in chinese
    assert "查验要点" in chinese


def test_an_ordinary_description_is_not_flagged(officer: TestClient) -> None:
    html = _result(officer, screen(officer, "cotton T-shirts, 40 cartons").headers["location"])
    assert "РИСК НЕ ВЫЯВЛЕН" in html
    assert "hl-substance" not in html
    assert "Найденные вещества" not in html


def test_declaration_text_is_escaped(officer: TestClient) -> None:
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)> 醋酸酐'
    html = _result(officer, screen(officer, payload, packaging="<b>drums</b>").headers["location"])
    assert "<script>" not in html and "<img" not in html and "<b>drums" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;b&gt;drums&lt;/b&gt;" in html


def test_bad_fields_come_back_with_everything_typed_and_nothing_stored(
    officer: TestClient, db: Database
) -> None:
    response = screen(officer, "   ", quantity="two hundred", hs_code="29x5", origin_country="XX", unit="л")
    assert response.status_code == 422
    html = response.text
    for field in ("description", "quantity", "hs_code", "origin_country"):
        assert f'id="{field}-error"' in html, field
    assert 'value="two hundred"' in html and 'value="29x5"' in html and 'value="л"' in html
    with db.transaction() as session:
        assert count_rows(session, "screenings") == 0


def test_numbers_as_officers_type_them(officer: TestClient, db: Database) -> None:
    screen(officer, "油漆", quantity="18 000,5", unit="л", net_weight_kg="20800", package_count="80")
    with db.transaction() as session:
        item = session.scalars(select(Screening)).one().items[0]
        assert (item.quantity, item.unit, item.net_weight_kg, item.package_count) == (
            18000.5,
            "л",
            20800.0,
            80,
        )


@pytest.mark.parametrize(
    ("net", "unit", "quantity", "stored_net", "stored_quantity"),
    [
        ("16,600", "кг", "16,600", 16600.0, 16600.0),  # a Chinese declaration's thousands comma
        ("16 600,5", "кг", "1,5", 16600.5, 1.5),
        ("12'960", "т", "12.960", 12960.0, 12.96),  # tonnes: "12.960" is a decimal
    ],
)
def test_numbers_as_the_paper_prints_them(
    officer: TestClient,
    db: Database,
    net: str,
    unit: str,
    quantity: str,
    stored_net: float,
    stored_quantity: float,
) -> None:
    fields = {"quantity": quantity, "unit": unit, "net_weight_kg": net}
    done = screen(officer, "玉米油", **fields)
    if done.status_code == 200:  # an ambiguous number: shown as read, nothing screened yet
        with db.transaction() as session:
            assert count_rows(session, "screenings") == 0
        for name, value in fields.items():
            if name != "unit" and value != format_number(
                stored_net if name == "net_weight_kg" else stored_quantity
            ):
                shown = re.search(rf'name="{name}" value="([^"]*)"', done.text)
                assert shown is not None
                fields[name] = html.unescape(shown.group(1))
        done = screen(officer, "玉米油", numbers_checked="1", **fields)
    assert done.status_code == 303
    with db.transaction() as session:
        item = session.scalars(select(Screening)).one().items[0]
        assert (item.net_weight_kg, item.quantity) == (stored_net, stored_quantity)
    # shown back as read, grouped: "16 600", never "16600" that reads like 16.6 to a Russian eye
    assert f"<dd>{format_number(stored_net)}</dd>" in _result(officer, done.headers["location"])


def test_recording_an_inspection_keeps_history(officer: TestClient, db: Database) -> None:
    location = screen(officer, "醋酸酐 25公斤×8桶").headers["location"]
    sid = location.rsplit("/", 1)[1]
    first = post_form(officer, f"{location}/reviews", {"outcome": "not_inspected", "note": ""})
    assert first.status_code == 303
    second = post_form(
        officer,
        f"{location}/reviews",
        {
            "outcome": "confirmed_precursor",
            "note": "8 бочек, запах уксуса",
            "substance_id": "acetic_anhydride",
            "quantity": "200",
            "quantity_unit": "kg",
        },
    )
    assert second.status_code == 303 and second.headers["location"].endswith("#inspection")
    with db.transaction() as session:
        reviews = session.scalars(select(Review).where(Review.screening_id == sid).order_by(Review.id)).all()
        assert [r.outcome for r in reviews] == ["not_inspected", "confirmed_precursor"]
        assert reviews[1].author_kind == "user" and reviews[1].author_name == "Officer petrov"
        assert (reviews[1].substance_id, reviews[1].quantity, reviews[1].quantity_unit) == (
            "acetic_anhydride",
            200.0,
            "kg",
        )
    html = _result(officer, location)
    assert "прекурсор подтверждён" in html and "8 бочек, запах уксуса" in html
    assert "заменён более поздним" in html  # the earlier review is shown as superseded


def test_an_inspection_needs_a_known_outcome(officer: TestClient, db: Database) -> None:
    location = screen(officer, "醋酸酐").headers["location"]
    bad = post_form(officer, f"{location}/reviews", {"outcome": "seized_everything", "quantity": "lots"})
    assert bad.status_code == 422
    assert 'id="outcome-error"' in bad.text and 'id="quantity-error"' in bad.text
    with db.transaction() as session:
        assert count_rows(session, "reviews") == 0


def test_unknown_screening_is_a_404_page(officer: TestClient) -> None:
    page = officer.get("/screenings/no-such-id")
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "Такой страницы или проверки нет" in page.text


def test_substance_search_finds_a_misspelled_name_and_says_what_is_not_controlled(
    officer: TestClient,
) -> None:
    html = officer.get("/substances?q=ephedrin&lang=en").text
    assert 'id="card-ephedrine"' in html and "1988 Convention, Table I" in html
    html = officer.get("/substances?q=xylene&lang=en").text
    assert "not controlled" in html
    html = officer.get("/substances?q=qqqqzzzz&lang=en").text
    assert "Nothing found" in html


def test_errors_name_the_limit_and_ask_for_a_whole_number(officer: TestClient) -> None:
    response = screen(officer, "x" * 4001, package_count="2.5")
    assert response.status_code == 422
    assert "не больше 4\u202f000 знаков" in response.text
    assert "Введите целое число" in response.text


def test_crossings_are_named_in_the_pages_language(officer: TestClient) -> None:
    ru = officer.get("/lookup?lang=ru").text
    assert '<option value="Khorgos" >Хоргос</option>' in ru
    zh = officer.get("/lookup?lang=zh").text
    assert '<option value="Khorgos" >霍尔果斯</option>' in zh
    en = officer.get("/lookup?lang=en").text
    assert '<option value="Khorgos" >Khorgos</option>' in en


def test_a_listed_chemicals_card_names_its_lists(officer: TestClient) -> None:
    html = officer.get("/substances?q=羟亚胺&lang=zh").text
    assert 'id="card-hydroxylimine"' in html and "国家易制毒化学品目录" in html  # the badge
    assert 'data-list="cn_precursors"' in html and "第一类" in html  # the list and its category
    html = officer.get("/substances?q=уксусный ангидрид&lang=ru").text
    assert "Таблица I Конвенции 1988 г." in html and 'data-list="cn_precursors"' in html
    assert 'data-list="ru_list_iv"' in html


def test_pages_carry_a_script_free_policy_and_are_not_cached(officer: TestClient) -> None:
    page = officer.get("/lookup")
    csp = page.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp and "style-src 'self'" in csp
    assert page.headers["cache-control"] == "no-store"
    assert "<script" not in page.text


@pytest.mark.parametrize(
    ("lang", "title", "second"),
    [("ru", "Товары в описании", "Товар 2:"), ("en", "Goods in the description", "Goods 2:")],
)
def test_a_pasted_declaration_shows_as_several_goods(
    officer: TestClient, lang: str, title: str, second: str
) -> None:
    pasted = "1. 男式棉衬衫 50件/箱 120箱\n2. 醋酸酐 200升/桶 80桶\n3. 玉米油 200升/桶 80桶 净重19000公斤"
    html = _result(officer, screen(officer, pasted).headers["location"], lang)
    goods = re.search(r'<ol class="goods-lines">(.*?)</ol>', html, re.S)
    assert title in html and goods is not None
    assert re.findall(r"<li>", goods.group(1)) == ["<li>"] * 3
    assert "16 000 " in goods.group(1) and "19 000 " in goods.group(1)  # each line's own figures
    assert f"<strong>{second}</strong>" in html  # the anhydride is named on the second line


def test_the_goods_reading_aid_says_what_the_goods_most_likely_are(officer: TestClient) -> None:
    """Issue 17, point 1: beside the word-by-word reading, the nomenclature heading the description reads as,
    in the page's language; a description with nothing to read gets none."""
    done = screen(officer, "男式棉衬衫 100%棉 500件")
    location = done.headers["location"]
    russian = _result(officer, location, "ru")
    assert re.search(
        r'<strong>Похоже на:</strong>\s*<span class="hs">6205 20</span> — Рубашки мужские', russian
    )
    english = _result(officer, location, "en")
    assert re.search(r'Most likely:</strong>\s*<span class="hs">6205 20</span> — Shirts; men', english)
    chinese = _result(officer, location, "zh")
    assert re.search(r'最可能是：</strong>\s*<span class="hs">6205 20</span> — [^<]*棉制男', chinese)
    nothing = _result(officer, screen(officer, "12345").headers["location"])
    assert "Похоже на:" not in nothing


@pytest.mark.parametrize(
    ("field", "typed", "unit", "read"),
    [
        ("net_weight_kg", "16,600", "", "16 600"),  # a Chinese declaration's thousands comma
        ("quantity", "17.280", "т", "17.28"),  # tonnes: a decimal point
        ("gross_weight_kg", "1.250", "", "1 250"),
    ],
)
def test_an_ambiguous_number_is_shown_as_read_before_screening(
    officer: TestClient, db: Database, field: str, typed: str, unit: str, read: str
) -> None:
    """Issue 17, point 2: "16,600" may be 16.6 or 16 600: the form comes back with the field as read and a
    note in the page's language; nothing is screened until it is sent again."""
    first = screen(officer, "玉米油", unit=unit, **{field: typed})
    assert first.status_code == 200
    assert "Проверьте, как прочитаны числа" in first.text
    assert f'name="{field}" value="{read}"' in first.text
    assert f"«{typed}» прочитано как {read}" in first.text
    assert 'name="numbers_checked" value="1"' in first.text
    with db.transaction() as session:
        assert count_rows(session, "screenings") == 0
    again = screen(officer, "玉米油", unit=unit, numbers_checked="1", **{field: read})
    assert again.status_code == 303
    with db.transaction() as session:
        assert count_rows(session, "screenings") == 1


@pytest.mark.parametrize("typed", ["16600", "16 600", "1,5", "12'960", "1 000,5"])
def test_an_unambiguous_number_is_screened_at_once(officer: TestClient, typed: str) -> None:
    assert screen(officer, "玉米油", net_weight_kg=typed).status_code == 303


def test_the_language_switch_keeps_what_was_typed(officer: TestClient, db: Database) -> None:
    """Issue 17, point 6: after a form error the language links re-send the form as typed (no script): the
    page comes back in English with the text, the figures and the error, and nothing is stored."""
    refused = screen(officer, "Ацетон технический, 20 бочек", quantity="abc", net_weight_kg="3200")
    assert refused.status_code == 422
    assert 'form="lookup-form" formaction="/lookup/language?lang=en"' in refused.text
    english = post_form(
        officer,
        "/lookup/language?lang=en",
        {"description": "Ацетон технический, 20 бочек", "quantity": "abc", "net_weight_kg": "3200"},
        token_from="/lookup",
    )
    assert english.status_code == 422
    assert '<html lang="en">' in english.text
    assert "Ацетон технический, 20 бочек</textarea>" in english.text
    assert (
        'name="net_weight_kg" value="3200"' in english.text and 'name="quantity" value="abc"' in english.text
    )
    assert 'id="quantity-error"' in english.text
    with db.transaction() as session:
        assert count_rows(session, "screenings") == 0
