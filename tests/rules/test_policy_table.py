"""The scoring policy and the rules it combines, as tables of (declaration, exact level, exact reasons).

Each reason is written "code severity @item [substance] [raised_from=...] [codes=a+b]", in the order the
result lists them, so a row pins the level, every reason code, its severity and the policy's own details;
a missing or an extra reason fails the row. Negative rows (what must NOT be reported) are most of them:
- a misspelling as close to an uncontrolled chemical as to a controlled one is resolved in the uncontrolled
  chemical's favour (app/screening/candidates.py `resolve`; names in app/lexicon/overlaps.yaml);
- the density rule's tolerance (`tolerance_kg_l`) is applied on both sides of a category's range;
- two mediums on one item make it high only when they are independent: different codes, not of one
  `same_indicator` group, and neither raised to medium by the route (app/screening/score.py);
- route risk alone stays low and raises every other reason one step.
"""

from dataclasses import replace

import pytest

from app.core.types import Declaration, Item, Reason, Severity
from app.screening.pipeline import Resources, screen

NO_ROUTE = Declaration(items=())
AF = Declaration(items=(), destination_country="AF")  # a destination of high risk
TRANSIT = Declaration(items=(), origin_country="CN", crossing="Khorgos", transit_countries=("TJ",))  # watched
LOW_CROSSING = replace(TRANSIT, crossing="Kulma")  # a crossing rated low

Row = tuple[str, Declaration, Severity, list[str]]


def decl(*items: Item, route: Declaration = NO_ROUTE) -> Declaration:
    return replace(route, items=items)


def oil(description: str, kg: float, litres: float = 1000, unit: str = "L", hs: str | None = None) -> Item:
    """Goods with their volume and net weight in the declaration's fields."""
    return Item(description, hs_code=hs, quantity=litres, unit=unit, net_weight_kg=kg)


def render(r: Reason) -> str:
    parts = [r.code, r.severity.name]
    if r.item_index is not None:
        parts.append(f"@{r.item_index}")
    if r.substance_id:
        parts.append(r.substance_id)
    if "raised_from" in r.details:
        parts.append(f"raised_from={r.details['raised_from']}")
    if r.code == "independent_indicators":
        parts.append("codes=" + "+".join(r.details["codes"]))
    return " ".join(parts)


def check(resources: Resources, declaration: Declaration, level: Severity, reasons: list[str]) -> None:
    result = screen(declaration, resources)
    assert (result.risk_level.name, [render(r) for r in result.reasons]) == (level.name, reasons)
    for r in result.reasons:  # whatever raised a reason is named, and it is the route
        assert ("raised_from" in r.details) == ("raised_by" in r.details)
        assert r.details.get("raised_by", ["route_risk"]) == ["route_risk"]


def rows(table: list[Row]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(
        ("declaration", "level", "reasons"), [pytest.param(*row[1:], id=row[0]) for row in table]
    )


NONE, LOW, MEDIUM, HIGH = Severity.none, Severity.low, Severity.medium, Severity.high

# ---- overlap guard: on a tie (same length, same similarity) the uncontrolled chemical wins ----------------
OVERLAP_TIES: list[Row] = [
    # each misspelling is one edit from the controlled name and one from the uncontrolled one after "|"
    ("piperadine", decl(Item("piperadine 99%")), NONE, []),  # piperidine | piperazine
    ("piperizine", decl(Item("piperizine 99%")), NONE, []),  # piperidine | piperazine
    ("ru-piperadin", decl(Item("пиперадин 99%")), NONE, []),  # пиперидин | пиперазин
    ("hexahydropyradine", decl(Item("hexahydropyradine")), NONE, []),  # hexahydropyridine | -pyrazine
    ("sulfaric-acid", decl(Item("sulfaric acid 99%")), NONE, []),  # sulfuric acid | sulfamic acid
    ("butunone", decl(Item("butunone 99%")), NONE, []),  # butanone (MEK) | butenone
    ("ru-khtorovodorodnaya", decl(Item("хтороводородная кислота")), NONE, []),  # хлороводородная | фторо-
    ("ru-narfentanil", decl(Item("нарфентанил")), NONE, []),  # норфентанил (Table I) | карфентанил
    # the names themselves, and a misspelling nearer the controlled name, are still found
    ("piperazine", decl(Item("piperazine 99%")), NONE, []),
    ("piperidine", decl(Item("piperidine 99%")), MEDIUM, ["substance_named medium @0 piperidine"]),
    ("piperidene", decl(Item("piperidene 99%")), MEDIUM, ["substance_named medium @0 piperidine"]),
    ("ru-piperidin", decl(Item("пиперидин")), MEDIUM, ["substance_named medium @0 piperidine"]),
    (
        "sulphuric-acid",
        decl(Item("sulphuric acid 98%")),
        MEDIUM,
        ["substance_named medium @0 sulphuric_acid"],
    ),
    ("ru-norfentanil", decl(Item("норфентанил")), HIGH, ["substance_named high @0 norfentanyl"]),
]


@rows(OVERLAP_TIES)
def test_overlap_tie_goes_to_the_uncontrolled_chemical(
    resources: Resources, declaration: Declaration, level: Severity, reasons: list[str]
) -> None:
    check(resources, declaration, level, reasons)


# ---- density: vegetable oil is 0.89-0.94 kg/L; the rule's tolerance is 0.01 on either side ----------------
DENSITY = ["density_implausible medium @0"]
RU_OIL = "масло подсолнечное"
DENSITY_EDGES: list[Row] = [
    ("inside-0.920", decl(oil("corn oil", 920)), NONE, []),
    ("above-in-tolerance-0.945", decl(oil("corn oil", 945)), NONE, []),
    ("above-outside-0.955", decl(oil("corn oil", 955)), MEDIUM, DENSITY),
    ("below-in-tolerance-0.885", decl(oil("corn oil", 885)), NONE, []),
    ("below-outside-0.875", decl(oil("corn oil", 875)), MEDIUM, DENSITY),
    ("zh-above-in-tolerance-0.945", decl(oil("玉米油", 945)), NONE, []),
    ("zh-above-outside-0.955", decl(oil("玉米油", 955)), MEDIUM, DENSITY),
    ("ru-below-in-tolerance-0.885", decl(oil(RU_OIL, 17700, litres=20000, unit="л")), NONE, []),
    ("ru-below-outside-0.875", decl(oil(RU_OIL, 17500, litres=20000, unit="л")), MEDIUM, DENSITY),
]


@rows(DENSITY_EDGES)
def test_density_tolerance_on_both_sides_of_the_range(
    resources: Resources, declaration: Declaration, level: Severity, reasons: list[str]
) -> None:
    check(resources, declaration, level, reasons)


# ---- combination of mediums on one item, and the route -----------------------------------------------------
def same_indicator(sid: str) -> list[str]:
    return [f"substance_named medium @0 {sid}", f"controlled_hs_code medium @0 {sid}"]


ACETONE_TOLUENE = ["substance_named medium @0 acetone", "substance_named medium @0 toluene"]
BMK = ["bmk_glycidic_acid", "bmk_methyl_glycidate", "bmk_ethyl_glycidate", "bmk_glycidic_acid_other_esters"]
TWO_LOWS = "paint, 200 L drums, CAS 108-88-4"  # a CAS number with a wrong check digit; cover goods in drums
RAISED_LOWS = [
    "cas_check_digit_invalid medium @0 raised_from=low",
    "cover_good_liquid_bulk medium @0 raised_from=low",
    "route_risk low",
]
POLICY: list[Row] = [
    # a substance named and declared under its own code is ONE indicator (same_indicator): stays medium
    ("same-indicator-ru", decl(Item("Ацетон", hs_code="2914110000")), MEDIUM, same_indicator("acetone")),
    (
        "same-indicator-en",
        decl(Item("Toluene 99.5%", hs_code="2902300000")),
        MEDIUM,
        same_indicator("toluene"),
    ),
    (
        "same-indicator-zh",
        decl(Item("硫酸 98%", hs_code="2807000010")),
        MEDIUM,
        same_indicator("sulphuric_acid"),
    ),
    # two reasons of ONE code are one indicator: medium stays medium; no combined reason beside a high
    ("same-code-en", decl(Item("acetone, toluene, 200 L drums")), MEDIUM, ACETONE_TOLUENE),
    ("same-code-ru", decl(Item("ацетон и толуол в бочках")), MEDIUM, ACETONE_TOLUENE),
    (
        "same-code-shared-national-code",  # one code of four Table I substances on goods called paint
        decl(Item("paint", hs_code="2918990042")),
        HIGH,
        [f"controlled_hs_code high @0 {s}" for s in BMK]
        + [f"hs_description_mismatch medium @0 {s}" for s in BMK],
    ),
    # two truly independent mediums on one item: high, with a reason naming both codes
    (
        "independent-code-on-other-goods",  # acetone's code on goods described as paint
        decl(Item("Краска", hs_code="2914110000")),
        HIGH,
        [
            "independent_indicators high @0 codes=controlled_hs_code+hs_description_mismatch",
            "controlled_hs_code medium @0 acetone",
            "hs_description_mismatch medium @0 acetone",
        ],
    ),
    (
        "independent-density-and-heading",  # 1.08 kg/L (acetic anhydride) as corn oil, under a paint heading
        decl(oil("corn oil", 1080, hs="3208100000")),
        HIGH,
        [
            "independent_indicators high @0 codes=density_implausible+hs_category_mismatch",
            "density_implausible medium @0",
            "hs_category_mismatch medium @0",
        ],
    ),
    (
        "mediums-on-two-items-do-not-combine",
        decl(oil("corn oil", 1080), Item("Ацетон")),
        MEDIUM,
        ["density_implausible medium @0", "substance_named medium @1 acetone"],
    ),
    # route risk alone stays low; a crossing not rated high is no route risk
    ("route-alone-af", decl(Item("paint"), route=AF), LOW, ["route_risk low"]),
    ("route-alone-transit", decl(Item("paint"), route=TRANSIT), LOW, ["route_risk low"]),
    (
        "low-rated-crossing",
        decl(Item("paint, 200 L drums"), route=LOW_CROSSING),
        LOW,
        ["cover_good_liquid_bulk low @0"],
    ),
    # the route raises the others one step: medium -> high, low -> medium; a high stays high, not "raised"
    (
        "route-raises-medium-to-high",
        decl(Item("acetone"), route=AF),
        HIGH,
        ["substance_named high @0 acetone raised_from=medium", "route_risk low"],
    ),
    (
        "route-high-stays",
        decl(Item("acetic anhydride"), route=AF),
        HIGH,
        ["substance_named high @0 acetic_anhydride", "route_risk low"],
    ),
    (
        "route-raises-medium-and-low",
        decl(oil("corn oil, 200 L drums", 1080), route=AF),
        HIGH,
        [
            "density_implausible high @0 raised_from=medium",
            "cover_good_liquid_bulk medium @0 raised_from=low",
            "route_risk low",
        ],
    ),
    # two lows raised to medium by the route are not two independent mediums: medium, not high
    (
        "two-lows-no-route",
        decl(Item(TWO_LOWS)),
        LOW,
        ["cas_check_digit_invalid low @0", "cover_good_liquid_bulk low @0"],
    ),
    ("two-lows-raised-af", decl(Item(TWO_LOWS), route=AF), MEDIUM, RAISED_LOWS),
    ("two-lows-raised-transit", decl(Item(TWO_LOWS), route=TRANSIT), MEDIUM, RAISED_LOWS),
]


@rows(POLICY)
def test_scoring_policy(
    resources: Resources, declaration: Declaration, level: Severity, reasons: list[str]
) -> None:
    check(resources, declaration, level, reasons)
