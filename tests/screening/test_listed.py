"""Chemicals of the further precursor lists (app/lexicon/lists/): found by name in three languages and by a
national code, reported as `listed_chemical` at the strongest severity of their lists in force, naming the
lists; their ordinary neighbours left alone; and a deployment's choice of lists and severities obeyed."""

from pathlib import Path

import pytest

from app.core.types import Declaration, Item, ScreeningResult
from app.lexicon.lists import ListPolicy
from app.screening.pipeline import Resources, load_resources, screen


def run(res: Resources, text: str, hs_code: str | None = None) -> ScreeningResult:
    return screen(Declaration(items=(Item(text, hs_code=hs_code),)), res)


def listed(result: ScreeningResult) -> dict[str, str]:
    """substance id -> severity of its listed_chemical reason"""
    return {r.substance_id or "": r.severity.name for r in result.reasons if r.code == "listed_chemical"}


@pytest.mark.parametrize(
    ("text", "substance", "severity"),
    [
        # China's catalogue (high)
        ("羟亚胺 中间体 50kg/纸板桶", "hydroxylimine", "high"),
        ("邻氯苯基环戊酮 99% 25kg", "o_chlorophenyl_cyclopentyl_ketone", "high"),
        ("Propiophenone 99%, 200 kg drums x 10", "propiophenone", "high"),
        ("γ-丁内酯 清洗剂原料 1000L", "gamma_butyrolactone", "medium"),  # category 3
        ("N-Methylephedrine hydrochloride USP, 50 kg", "methylephedrine", "high"),
        ("2-бромпропиофенон (альфа-бромпропиофенон) 98%, 400 кг", "alpha_bromopropiophenone", "high"),
        ("жидкий бром, 20 баллонов", "bromine", "high"),
        # Russia's list IV (high): inflected, noun first
        ("метиламина водный раствор 40%, бочки", "methylamine", "medium"),
        ("Ацетилхлорид технический, 5 бочек", "acetyl_chloride", "medium"),
        ("1-(4-метилфенил)-2-пропанон 25 кг", "four_methylphenylacetone", "high"),  # Table I
        ("кислота дифенилуксусная 25 кг", "diphenylacetic_acid", "medium"),  # Table III: medium
        ("ацетонитрил для ВЭЖХ, 4 л", "acetonitrile", "medium"),  # holds ацетон, but is acetonitrile
        ("acetonitril HPLC grade", "acetonitrile", "medium"),  # one edit from it, further from acetone
        # the region's seizures (medium)
        ("2-B4MP 99%, 25 kg fibre drums x 40", "two_bromo_4_methylpropiophenone", "medium"),
        ("溴代对甲基苯丙酮 工业级98% 200kg/铁桶", "two_bromo_4_methylpropiophenone", "medium"),
        ("Нитроэтан технический 99%, бочки 200 л", "nitroethane", "medium"),
        ("P2NP yellow crystals 10 kg", "p2np", "medium"),
        # China's Myanmar export list (low: a note)
        ("氯化亚砜（亚硫酰氯）99% 300kg/桶", "thionyl_chloride", "low"),
        ("Red phosphorus 98%, 25 kg steel drums", "red_phosphorus", "low"),
        ("二氯亚砜 20桶（每桶300千克）", "thionyl_chloride", "low"),  # a trade synonym
        ("氢溴酸工业级 250kg/桶", "hydrobromic_acid", "low"),  # the acid, described
        (
            "CBD (cannabidiol) isolate 99%, 1 kg",
            "cannabidiol",
            "high",
        ),  # the abbreviation spelt out as itself
        ("三氯乙醛（氯油）稳定的 ≥98% 250kg/桶×2", "chloral", "low"),
        ("Хлораль безводный 98 %, бочки", "chloral", "low"),
        ("Cyclopentene 96% stabilized, 150 kg drums", "cyclopentene", "low"),
        ("精碘 99.8% 200千克", "iodine", "low"),
        ("Йод кристаллический технический — 300 кг", "iodine", "low"),
        # head names: the bare element heading its line or field
        ("溴", "bromine", "high"),
        ("-- бром", "bromine", "high"),
        ("货名：溴|工业级|99.5%", "bromine", "high"),
        ("2、碘（精制）99.8% 200千克", "iodine", "low"),
        ("Iodine 99.8%, 50 kg drums x 10", "iodine", "low"),
        ("Товар: йод, 25 кг", "iodine", "low"),
    ],
)
def test_a_listed_chemical_is_reported_at_its_lists_severity(
    resources: Resources, text: str, substance: str, severity: str
) -> None:
    result = run(resources, text)
    assert listed(result) == {substance: severity}
    reason = next(r for r in result.reasons if r.code == "listed_chemical")
    lists = [m.list_id for m in resources.lexicon.memberships[substance]]
    assert reason.details["lists"] == lists
    for lang in ("ru", "en", "zh"):
        title = str(getattr(resources.lexicon.lists[lists[0]].info.title, lang))
        assert title in reason.messages[lang]
    assert not any(r.code == "substance_named" for r in result.reasons)  # not a 1988 Table substance


@pytest.mark.parametrize(
    "text",
    [
        "三甲胺盐酸盐 98% 饲料级 25kg/袋",  # trimethylamine HCl holds 甲胺盐酸盐
        "Диметиламин водный раствор 40%, бочки 180 кг",
        "ethylamine 70% solution, 200 kg drums",
        "Нитрометан 99% для модельного топлива, канистры 20 л",
        "1-nitropropane 99%, 200 L",
        "锂亚硫酰氯电池 ER14505 3.6V 1000只",
        "Benzoyl chloride 99%, 250 kg drums",
        "бензоилхлорид 99%",
        "三氟甲烷（HFC-23）钢瓶 40L",
        "乙酰氟菊酯 原药 95%",  # a pyrethroid that holds 乙酰氟, one halogen from 乙酰氯
        "环丙酰草胺 原药 25kg",  # holds 丙酰草, a look-alike of 丙酰苯 inside a pesticide name
        "甲苯咪唑 兽药原料 25kg",
        "Бром в составе: полистирол бромированный, 500 кг",
        "лещ морской обыкновенный (Brama spp.) мороженый",
        # head names anywhere but at the head of a line, or with a character joined after them
        "содержащие только бром и хлор",
        "溴化钠 99% 25kg",
        "碘化钾 25kg",
        "加碘盐 1000袋",
        "碘伏消毒液 500ml×40瓶",
        "Povidone iodine solution 10%",
        "Iodine tincture 2%, 100 bottles",
        "sunflower oil, iodine value 130",
        "Раствор йода спиртовой 5% 25 мл",
        "соль поваренная йодированная",
        # a hydrohalic acid before a base names its salt (zh_naming.yaml acid_prefixes)
        "氢溴酸西酞普兰 原料药 USP 25kg/桶",
        "氢溴酸右美沙芬 原料 25kg",
        # a name made a group by 基; in a company name; an abbreviation spelt out as another thing
        "商品名称：5%甲胺基阿维菌素苯甲酸盐水分散粒剂 规格型号：0|0|农用杀虫剂 净重2000千克",
        "境内发货人：寿光市溴素新材料有限公司 商品名称：聚丙烯编织袋 净重8000千克",
        "Hulled hemp seeds, food grade, THC < 10 ppm, 25 kg bags. Payment terms: CBD (cash before delivery)",
        # neighbours of chloral and cyclopentene
        "水合氯醛 医药原料 25kg",
        "Chloral hydrate USP 25 kg",
        "环戊烷 发泡剂 200L",
        "环戊烯丙菊酯,调环酸,抗倒酯",
        # goods that hold a listed chemical name it again (China's tariff line 8506500011)
        "锂亚硫酰氯原电池及原电池组（亚硫酰氯灌装含量不超过1千克的单个锂亚硫酰氯原电池及原电池组）",
        # the tariff's misprint 细磷 (for 细鳞, a salmon) is one look-alike character from 红磷
        "鲜或冷的大麻哈鱼〔红大麻哈鱼、细磷大麻哈鱼、大麻哈鱼（种）〕",
        # the tail of a systematic name after a bracket: 2-氯苯甲腈 is part of it
        "3-甲基-4-［［(1R,2S)-1-［5-(4-氰基苯基)-1,3,4-噁二唑-2-基］-2-羟基丙基］氨基］-2-氯苯甲腈",
    ],
)
def test_ordinary_neighbours_are_not_listed(resources: Resources, text: str) -> None:
    result = run(resources, text)
    assert listed(result) == {} and not any(r.substance_id for r in result.reasons)


def test_a_national_code_that_names_it_is_caught_but_not_its_shared_subheading(resources: Resources) -> None:
    code = resources.lexicon.substances["gamma_butyrolactone"].hs_national["cn"][0]
    by_code = run(resources, "清洗剂 1000L", hs_code=code)
    assert {r.code for r in by_code.reasons} >= {"controlled_hs_code"}
    hs_reason = next(r for r in by_code.reasons if r.code == "controlled_hs_code")
    assert hs_reason.substance_id == "gamma_butyrolactone" and hs_reason.severity.name == "medium"
    assert "Table" not in hs_reason.messages["en"] and "China" in hs_reason.messages["en"]
    # 2932.20 holds every lactone: its six digits alone point at nothing
    shared = run(resources, "clean lactone solvent", hs_code="2932200000")
    assert not any(r.substance_id == "gamma_butyrolactone" for r in shared.reasons)


@pytest.fixture(scope="module")
def policy_resources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Resources]:
    cache = tmp_path_factory.mktemp("cache")

    def load(lists: str, severity: str = "") -> Resources:
        return load_resources(cache_dir=Path(cache), policy=ListPolicy.parse(lists, severity))

    return {
        "none": load("none"),
        "ru_only": load("ru_list_iv"),
        "seizures_high": load("all", "regional_seizures=high,cn_export_myanmar=medium"),
    }


def test_a_list_out_of_force_is_not_screened(policy_resources: dict[str, Resources]) -> None:
    res = policy_resources["none"]
    assert listed(run(res, "Нитроэтан технический 99%")) == {}
    assert listed(run(res, "羟亚胺 50kg")) == {}
    # the 1988 Tables stay whatever the setting
    assert run(res, "醋酸酐 200升 80桶").risk_level.name == "high"
    only_ru = policy_resources["ru_only"]
    assert listed(run(only_ru, "метиламин 40%")) == {"methylamine": "medium"}
    assert listed(run(only_ru, "羟亚胺 50kg")) == {}


def test_a_deployment_sets_a_lists_severity(policy_resources: dict[str, Resources]) -> None:
    res = policy_resources["seizures_high"]
    assert listed(run(res, "Нитроэтан технический 99%")) == {"nitroethane": "high"}
    assert listed(run(res, "Red phosphorus 98%, 25 kg")) == {"red_phosphorus": "medium"}
    # a deployment's severity holds for every category of the list
    high_ru = load_resources(policy=ListPolicy.parse("all", "ru_list_iv=high"))
    assert listed(run(high_ru, "метиламин 40%")) == {"methylamine": "high"}
    assert run(res, "Red phosphorus 98%, 25 kg").risk_level.name == "medium"


def test_versions_differ_with_the_policy(
    resources: Resources, policy_resources: dict[str, Resources]
) -> None:
    versions = {resources.lexicon.version} | {r.lexicon.version for r in policy_resources.values()}
    assert len(versions) == 4
