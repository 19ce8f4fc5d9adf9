"""The worked examples of the risk policy (docs/architecture.md), screened: the docs match the code."""

from typing import Any

import pytest

from app.api.schemas import ScreeningRequest
from app.screening.pipeline import Resources, screen
from app.services import to_declaration

CORN_OIL = {"description": "玉米油 200升/桶×80桶 净重17280公斤", "hs_code": "1515290000"}
ACETONE = {"description": "Ацетон технический, бочки 200 л"}

EXAMPLES: list[tuple[str, dict[str, Any], str, list[tuple[str, str]]]] = [
    (
        "1 corn oil at 1.08 kg/L",
        {"origin_country": "CN", "items": [CORN_OIL]},
        "medium",
        [("density_implausible", "medium"), ("cover_good_liquid_bulk", "low")],
    ),
    (
        "2 the same under heading 2915",
        {"origin_country": "CN", "items": [{**CORN_OIL, "hs_code": "2915900000"}]},
        "high",
        [
            ("independent_indicators", "high"),
            ("density_implausible", "medium"),
            ("hs_category_mismatch", "medium"),
            ("cover_good_liquid_bulk", "low"),
        ],
    ),
    (
        "3 the same via Khorgos in transit to Tajikistan",
        {
            "origin_country": "CN",
            "crossing": "Khorgos",
            "direction": "transit",
            "destination_country": "TJ",
            "items": [CORN_OIL],
        },
        "high",
        [("density_implausible", "high"), ("cover_good_liquid_bulk", "medium"), ("route_risk", "low")],
    ),
    (
        "4 paint for a builder in Almaty",
        {
            "origin_country": "CN",
            "crossing": "Khorgos",
            "destination_country": "KZ",
            "items": [
                {
                    "description": "Water-based paint, 20 L tins, 500 tins, net 13,000 kg",
                    "hs_code": "3209100000",
                }
            ],
        },
        "none",
        [],
    ),
    ("5 acetone", {"items": [ACETONE]}, "medium", [("substance_named", "medium")]),
    (
        "5 acetone to Afghanistan",
        {"destination_country": "AF", "items": [ACETONE]},
        "high",
        [("substance_named", "high"), ("route_risk", "low")],
    ),
    (
        "6 ten tonnes of acetic anhydride",
        {"items": [{"description": "醋酸酐 10吨"}]},
        "high",
        [("substance_named", "high"), ("commercial_quantity", "low")],
    ),
]


@pytest.mark.parametrize(("name", "body", "level", "reasons"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_readme_example(
    resources: Resources, name: str, body: dict[str, Any], level: str, reasons: list[tuple[str, str]]
) -> None:
    request = ScreeningRequest.model_validate({"reference": name, **body})
    result = screen(to_declaration(request), resources)
    assert result.risk_level.name == level
    assert [(r.code, r.severity.name) for r in result.reasons] == reasons


def test_density_message_names_the_evidence(resources: Resources) -> None:
    request = ScreeningRequest.model_validate({"reference": "m", "items": [CORN_OIL]})
    reason = screen(to_declaration(request), resources).reasons[0]
    assert reason.messages["en"].startswith(
        "17 280 kg net in 16 000 L is 1.08 kg/L, but vegetable oil weighs"
    )
    assert "acetic anhydride (1.08)" in reason.messages["en"]
    assert "уксусный ангидрид (1.08)" in reason.messages["ru"]
    assert "醋酸酐 (1.08)" in reason.messages["zh"]


def test_cover_goods_message_quotes_each_description_as_written(resources: Resources) -> None:
    """The cover-goods message is made once per wording (RuleEnv.messages): each item still quotes its own."""

    def cover_message(description: str) -> str:
        request = ScreeningRequest.model_validate({"reference": "m", "items": [{"description": description}]})
        reasons = screen(to_declaration(request), resources).reasons
        return next(r.messages["en"] for r in reasons if r.code == "cover_good_liquid_bulk")

    first = cover_message("Corn oil, 80 drums of 200 L")
    again = cover_message("Corn oil, 60 drums of 200 L")
    upper = cover_message("CORN OIL, 80 drums of 200 L")
    assert first == again and "Corn oil" in first
    assert "CORN OIL" in upper and "Corn oil" not in upper


def test_commercial_quantity_message_says_each_items_own_quantity(resources: Resources) -> None:
    """Made once per quantity and threshold (RuleEnv.messages): another quantity, its own message."""

    def message(description: str) -> str:
        request = ScreeningRequest.model_validate({"reference": "m", "items": [{"description": description}]})
        reasons = screen(to_declaration(request), resources).reasons
        return next(r.messages["en"] for r in reasons if r.code == "commercial_quantity")

    first, second = message("Acetic anhydride, net 20 000 kg"), message("Acetic anhydride, net 30 000 kg")
    assert "20 000" in first and "30 000" in second and "20 000" not in second
    assert message("Уксусный ангидрид, нетто 20 000 кг") == first  # the same substance and quantity
