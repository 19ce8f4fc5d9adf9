"""The route reason speaks the message's language: country and crossing names, not ISO codes (issue 17,
point 6); the details keep the codes for clearance systems."""

from app.core.countries import country_name
from app.core.types import Declaration, Item
from app.screening.pipeline import Resources, screen


def test_route_reason_names_countries_and_crossing_in_each_language(resources: Resources) -> None:
    declaration = Declaration(
        items=(Item("paint 200 L drums x 40"),),
        origin_country="CN",
        destination_country="UZ",
        direction="transit",
        crossing="Khorgos",
    )
    reason = next(r for r in screen(declaration, resources).reasons if r.code == "route_risk")
    assert "Китай" in reason.messages["ru"] and "Узбекистан" in reason.messages["ru"]
    assert "«Хоргос»" in reason.messages["ru"] and " CN" not in reason.messages["ru"]
    assert "China" in reason.messages["en"] and "Uzbekistan" in reason.messages["en"]
    assert "中国" in reason.messages["zh"] and "乌兹别克斯坦" in reason.messages["zh"]
    assert "霍尔果斯" in reason.messages["zh"]
    assert reason.details == {
        "route": "route_transit",
        "origin": "CN",
        "crossing": "Khorgos",
        "countries": "UZ",
    }


def test_country_name() -> None:
    assert (country_name("KG", "ru"), country_name("KG", "en"), country_name("KG", "zh")) == (
        "Киргизия",
        "Kyrgyzstan",
        "吉尔吉斯坦",
    )
    assert country_name("XX", "ru") == "XX"  # not a country: shown as given
