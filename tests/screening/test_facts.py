"""Facts from fields and text: volume, net mass, packaging class, category, density, HS heading."""

import shutil
from pathlib import Path

import pytest

from app.core.normalise import normalise
from app.core.types import Item
from app.rules.loader import RULES_DIR
from app.screening.facts import ItemFacts, extract_facts
from app.screening.pipeline import Resources, load_resources
from app.screening.segment import segment

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "lexicon_min"


@pytest.fixture(scope="module")
def res(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    return load_resources(
        FIXTURE, fixture_rules(tmp_path_factory.mktemp("rules")), tmp_path_factory.mktemp("cache")
    )


def fixture_rules(target: Path) -> Path:
    """The production rule files, with thresholds only for the fixture lexicon's substances."""
    for f in RULES_DIR.glob("*.yaml"):
        shutil.copy(f, target / f.name)
    (target / "thresholds.yaml").write_text("default_kg: 1.0\nper_substance_kg: {acetic_anhydride: 108.0}\n")
    return target


def facts(res: Resources, item: Item) -> ItemFacts:
    norm = normalise(item.description)
    return extract_facts(item, norm, segment(norm, res.segmenter), res.facts, res.segmenter)


@pytest.mark.parametrize(
    ("description", "litres", "net_kg", "packing", "categories"),
    [
        ("玉米油 200升/桶×80桶 净重17280公斤", 16000, 17280, "liquid_bulk", ("vegetable_oil",)),
        (
            "кукурузное масло, бочки по 200 л, 80 шт, нетто 17 280 кг",
            16000,
            17280,
            "liquid_bulk",
            ("vegetable_oil",),
        ),
        ("corn oil 80 drums x 200 L, net 17,280 kg", 16000, 17280, "liquid_bulk", ("vegetable_oil",)),
        (
            "sunflower oil 5 l bottles, 2000 bottles, net 9200 kg",
            10000,
            9200,
            "liquid_small",
            ("vegetable_oil",),
        ),
        ("paint 20 t", None, 20000, None, ("paint",)),
        ("油漆 16000升 净重20800公斤 毛重21500公斤", 16000, 20800, None, ("paint",)),
        ("化工原料 200升塑料桶", None, None, "liquid_bulk", ("vague_chemical",)),
        ("cotton T-shirts 40 cartons", None, None, "dry", ()),
        ("200 t-shirts, 20 cartons", None, None, "dry", ()),  # "t-shirts" is not tonnes
        ("化工原料 20吨桶", None, None, "liquid_bulk", ("vague_chemical",)),  # 吨桶 is an IBC: not 20 tonnes
        # an amount times a number of packages is an amount per package
        ("玉米油 25公斤×8桶", None, 200, "liquid_bulk", ("vegetable_oil",)),
        ("corn oil 25 kg x 8 drums", None, 200, "liquid_bulk", ("vegetable_oil",)),
        ("玉米油 25公斤 8桶", None, 25, "liquid_bulk", ("vegetable_oil",)),  # no ×: 25 kg in all
    ],
)
def test_facts_from_text(
    res: Resources,
    description: str,
    litres: float | None,
    net_kg: float | None,
    packing: str | None,
    categories: tuple[str, ...],
) -> None:
    f = facts(res, Item(description))
    assert (f.litres, f.net_kg, f.packing_class, f.categories) == (litres, net_kg, packing, categories)
    if litres and net_kg:
        assert f.density == round(net_kg / litres, 3)
    else:
        assert f.density is None


def test_fields_take_precedence_over_text(res: Resources) -> None:
    item = Item(
        "corn oil 100 drums",
        hs_code="1515290000",
        quantity=16,
        unit="т",
        net_weight_kg=17280,
        packaging="200 L drums",
        package_count=80,
    )
    f = facts(res, item)
    assert f.net_kg == 17280  # the net weight field, not the mass quantity
    assert f.packages == 80  # the field, not "100 drums" in the text
    assert f.litres == 16000  # 200 L per drum (packaging field) x 80
    assert f.packing_class == "liquid_bulk"
    assert f.hs_heading == "1515"


def test_ibc_count_is_not_a_mass(res: Resources) -> None:
    assert facts(res, Item("化工原料 20吨桶")).packages == 20


def test_volume_quantity_field(res: Resources) -> None:
    f = facts(res, Item("corn oil", quantity=16000, unit="升", net_weight_kg=14720))
    assert (f.litres, f.net_kg, f.density) == (16000, 14720, 0.92)


@pytest.mark.parametrize(
    ("description", "litres", "net_kg"),
    [
        # issue 14: volumes as N x V, V x N, drums of V; tonnes with a decimal dot; unspaced Chinese
        ("hydraulic oil, 60 drums of 200 L, net weight 10,440 kg", 12000, 10440),
        ("sunflower oil in 200 L drums x 60, net 12.960 t", 12000, 12960),
        ("Масло трансформаторное 60 x 200 л, нетто 12.960 т", 12000, 12960),
        ("大豆油200升/桶60桶净重12,960公斤", 12000, 12960),
        ("大豆油 200升/桶 60桶 净重12,960公斤", 12000, 12960),
        ("玉米油 60桶×200升 净重 17280公斤", 12000, 17280),
        ("corn oil 60 drums @ 200 L, net 12'960 kg", 12000, 12960),
        ("масло подсолнечное, 60 бочек (200 л), нетто 12 960 кг", 12000, 12960),
        ("еврокубы 1000 л, 20 шт, нетто 18.4 т", 20000, 18400),
        ("润滑油 200L×80桶 净重1.39万千克", 16000, 13900),
        ("Масло SAE 15W-40 200 л x 10, нетто 1 740 кг", 2000, 1740),  # "40 200" is no number
        ("engine oil 1,5 л x 12 бутылок, net 16,2 kg", 18, 16.2),
        # a comma between words does not hide the number after it
        ("净重12.96吨,200升铁桶60件", 12000, 12960),
        # packs inside packs: inner volume x inner count x outer packages
        ("5 L bottles x 4 per carton x 500 cartons, net 9,000 kg", 10000, 9000),
        ("4L×4瓶/箱，共600箱，净重8,640公斤", 9600, 8640),
        ("1 л × 12 шт. в коробке, 800 коробок, нетто 9 600 кг", 9600, 9600),
        ("канистры 4 л × 1 200 шт., нетто 4 200 кг", 4800, 4200),  # a count grouped by a space
        ("0.5 kg bottles x 20 per carton x 100 cartons", None, 1000),
        # units named by a label before the number
        ("Litres: 16,000 / Net kg: 12,640", 16000, 12640),
        ("Объём, л: 16 000; вес нетто, кг: 12 640", 16000, 12640),
        ("净重(公斤)：12640 体积(升)：16000", 16000, 12640),
        ("Gross kg: 13,000; Net kg: 12,640; L: 16000", None, 12640),  # "L:" alone is no label
        # a net weight per package is multiplied by the packages; a stated total wins
        ("net 50 kg/drum x 400 drums, gross weight 20,080 kg", None, 20000),
        ("净重250公斤/桶 72桶", None, 18000),
        ("净重10公斤/件 共2,200件 毛重23,100公斤", None, 22000),  # a count grouped by a comma
        ("72 бочки, нетто 250 кг каждая, итого вес нетто 18 000 кг", None, 18000),
        ("мешки 25 кг нетто × 600", None, 15000),  # a net word between the amount and the sign
        # a slash is "per package" only before a package or a count unit
        ("Qty: 20 IBC (1,000 L each) / NW 20,400 KGS / GW 21,600 KGS", 20000, 20400),
        ("нетто 21 600 кг, еврокубы 1000 л — 20 шт.", 20000, 21600),  # a comma: not "21 600 kg drums"
        # the outer packages counted in a count unit
        ("0.5升×24瓶/件 共900件", 10800, None),
    ],
)
def test_volumes_as_written(
    res: Resources, description: str, litres: float | None, net_kg: float | None
) -> None:
    f = facts(res, Item(description))
    assert (f.litres, f.net_kg) == (litres and pytest.approx(litres), net_kg and pytest.approx(net_kg))
    assert f.density_consistent


def test_figures_no_liquid_has_are_not_density_evidence(res: Resources) -> None:
    # 18 792 kg in 87 × 40 200 L would be 0.005 kg/L: not a density, a misreading
    f = facts(res, Item("机油 200升/桶 87桶 净重18792吨"))
    assert f.density is not None and not f.density_consistent


@pytest.mark.parametrize(
    ("description", "packages"),
    [
        ("5 L bottles x 4 per carton x 500 cartons", 500),  # the outer packages, not the bottles in one
        ("4L×4瓶/箱，共600箱", 600),
        ("200 L drums x 60", 60),
        ("25 kg x 8 cartons", 8),
    ],
)
def test_package_count_is_the_outer_packages(res: Resources, description: str, packages: int) -> None:
    assert facts(res, Item(description)).packages == packages
