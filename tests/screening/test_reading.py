"""Declarations as people write them: sound- and shape-alike Chinese, pinyin, Russian abbreviations, several
goods lines. Tables of (text, expected substance and method), with the ordinary words that must stay clean."""

import hashlib

import pytest

from app.core.normalise import HAN_CHAR_RE, is_han, normalise
from app.core.types import Declaration, Item, ScreeningResult
from app.screening.abbreviations import Abbreviations
from app.screening.pipeline import Resources, screen


def run(res: Resources, text: str) -> ScreeningResult:
    return screen(Declaration(items=(Item(text),)), res)


def named(result: ScreeningResult) -> set[tuple[str, str]]:
    return {
        (r.substance_id, r.details["method"])
        for r in result.reasons
        if r.code == "substance_named" and r.substance_id
    }


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        ("乙酸肝 200升/桶 80桶", "acetic_anhydride", "sound_alike", "乙酸肝"),
        ("醋酸杆 工业级", "acetic_anhydride", "sound_alike", "醋酸杆"),
        ("高锰酸假 25公斤", "potassium_permanganate", "sound_alike", "高锰酸假"),
        ("高蒙酸钾 99%", "potassium_permanganate", "sound_alike", "高蒙酸钾"),
        ("伪麻黄简 原料", "pseudoephedrine", "sound_alike", "伪麻黄简"),
        ("胡椒全 25kg", "piperonal", "sound_alike", "胡椒全"),
        ("本乙酸 25公斤/袋", "phenylacetic_acid", "sound_alike", "本乙酸"),
        ("丙同 160kg/桶", "acetone", "sound_alike", "丙同"),
        ("甲本 200升", "toluene", "sound_alike", "甲本"),
        ("乙谜 无水", "ethyl_ether", "sound_alike", "乙谜"),
        ("琉酸 98%", "sulphuric_acid", "sound_alike", "琉酸"),
        # look-alike: of two chemicals a window could be, the one whose character it looks more like
        ("品名：错酸酐 工业级", "acetic_anhydride", "shape_alike", "错酸酐"),  # 铬酸酐 is the other
        ("高锰酸钟 25kg", "potassium_permanganate", "shape_alike", "高锰酸钟"),  # 高锰酸钠, 高锰酸钙
        ("过猛酸甲 结晶 25kg", "potassium_permanganate", "sound_alike", "过猛酸甲"),  # two input slips
        ("hujiaoquan 25kg", "piperonal", "pinyin", "hujiaoquan"),
        ("benyisuan", "phenylacetic_acid", "pinyin", "benyisuan"),
        ("huangzhangsu 200kg", "safrole", "pinyin", "huangzhangsu"),
        ("liusuan 98%", "sulphuric_acid", "pinyin", "liusuan"),
        ("Gao Meng Suan Jia 25kg", "potassium_permanganate", "pinyin", "Gao Meng Suan Jia"),
        ("yǐsuāngān 200L", "acetic_anhydride", "pinyin", "yǐsuāngān"),
        ("yi3suan1gan1 200L", "acetic_anhydride", "pinyin", "yi3suan1gan1"),
        ("ангидр. уксусный техн.", "acetic_anhydride", "abbreviation", "ангидр. уксусный"),
        ("кисл. серная аккум.", "sulphuric_acid", "abbreviation", "кисл. серная"),
        ("калий перманг., меш.", "potassium_permanganate", "abbreviation", "калий перманг"),
        ("к-та хлористоводородн.", "hydrochloric_acid", "abbreviation", "к-та хлористоводородн"),
        ("диэтил. эфир", "ethyl_ether", "abbreviation", "диэтил. эфир"),
        ("р-р к-ты соляной 30%", "hydrochloric_acid", "abbreviation", "к-ты соляной"),
    ],
)
def test_found_as_written(resources: Resources, text: str, substance: str, method: str, written: str) -> None:
    result = run(resources, text)
    assert named(result) == {(substance, method)}
    reason = next(r for r in result.reasons if r.code == "substance_named")
    assert reason.evidence is not None
    assert text[reason.evidence.start : reason.evidence.end] == written == reason.evidence.text


@pytest.mark.parametrize(
    "text",
    [
        "醋酸纤维丝束 卷烟滤嘴用",  # cellulose acetate: 醋酸纤 cuts through 纤维
        "醋酸杆菌 菌种",  # acetobacter
        "肝素钠 原料药",  # heparin
        "干酪 10kg/箱",  # cheese
        "无缝钢管",  # steel pipe
        "二甲苯 200L铁桶",  # xylene, not toluene
        "冰桶 不锈钢",  # an ice bucket reads bing tong like 丙酮, but shares no character
        "一米 长",  # yi mi, like 乙醚, no character in common
        "piperadine 99%",
        "кисл. молоко",  # a stem that completes to кислота, but no acid is named
        "техн. масло И-20А",
        "р-р для линз",
        "一氯代乙酸 99% 25kg",  # chloroacetic acid: two look-alikes in four characters make no 氯化乙酰
        "苯甲腈 99% 200kg",  # benzonitrile: 甲腈 looks like 甲胺 but sits in a chemical's name
        "三氯硝基甲烷 土壤熏蒸剂",
        "三氟甲烷 HFC-23 钢瓶",  # another halogen is another chemical, however alike it looks
        "无水己醚 200kg",  # 己/乙: another stem of the series is another chemical
        "醋酸酯淀粉 食品级 25kg袋",  # acetylated starch
    ],
)
def test_ordinary_words_stay_clean(resources: Resources, text: str) -> None:
    assert named(run(resources, text)) == set()


def test_message_says_how_it_was_written(resources: Resources) -> None:
    reason = next(r for r in run(resources, "乙酸肝 200L").reasons if r.code == "substance_named")
    assert "乙酸酐" in reason.messages["en"] and "yǐ suān gān" in reason.messages["en"]
    assert "sound-alike" in reason.messages["en"]
    assert "созвучными" in reason.messages["ru"] and "同音字" in reason.messages["zh"]
    assert reason.details["score"] == pytest.approx(83.33)


def test_messages_made_once_are_said_of_each_finding_as_it_was_found(resources: Resources) -> None:
    """The messages of a substance found are made once per wording (RuleEnv.messages): the same text again
    says the same, another spelling or score its own, and each reason holds a copy of its own."""

    def messages(text: str) -> dict[str, str]:
        return next(r for r in run(resources, text).reasons if r.code == "substance_named").messages

    first, again = messages("乙酸肝 200L"), messages("乙酸肝 300L")  # two items (not the item memory)
    assert first == again and first is not again
    first["en"] = "changed"
    assert messages("乙酸肝 400L")["en"] == again["en"] != "changed"
    other = messages("醋酸杆 工业级")  # the same substance, another spelling and score
    assert "醋酸杆" in other["en"] and "乙酸肝" not in other["en"]
    assert "乙酸肝" in messages("乙酸肝 500L")["en"]
    assert "“ACETONE”" in messages("ACETONE 99%")["en"] and "“Acetone”" in messages("Acetone 99%")["en"]
    exact = messages("乙酸酐 200L")  # the same substance as written: no sound-alike said
    assert "sound-alike" not in exact["en"] and "sound-alike" in again["en"]


def test_abbreviations_keep_offsets(resources: Resources) -> None:
    abbreviations: Abbreviations = resources.abbreviations
    text = "К-та хлористоводородн., р-р"
    expanded = abbreviations.expand(normalise(text))
    assert expanded.norm.text == "кислота хлористоводородный., раствор"
    for start, end in expanded.spans:
        a, b = expanded.norm.to_original(start, end)
        assert text[a:b] in ("К-та", "хлористоводородн", "р-р")


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (
            "1. 男式棉衬衫 120箱\n2. 醋酸酐 80桶\n3. 玉米油 80桶",
            ["1. 男式棉衬衫 120箱", "2. 醋酸酐 80桶", "3. 玉米油 80桶"],
        ),
        (
            "1. 男式棉衬衫 120箱 2. 醋酸酐 80桶 3) 玉米油",
            ["1. 男式棉衬衫 120箱", "2. 醋酸酐 80桶", "3) 玉米油"],
        ),
        ("1. 棉布 2. 油漆; 4. 玉米油", ["1. 棉布", "2. 油漆; 4. 玉米油"]),  # numbers in order only
        ("①棉布 100卷②油漆 50桶", ["①棉布 100卷", "②油漆 50桶"]),
        ("Cotton shirts 100 cartons\nCorn oil 80 drums", ["Cotton shirts 100 cartons", "Corn oil 80 drums"]),
        ("Уксусный\nангидрид 200 л бочки 80 шт", []),  # a name wrapped onto the next line: one goods
        ("Масло SAE 15W-40, 1.5 л x 12", []),
        ("acetone 99.5%, 2. grade", []),
        ("一、硫酸 10吨；二、盐酸 5吨", ["一、硫酸 10吨", "二、盐酸 5吨"]),  # Chinese numerals, through cn2an
        ("统一、规范包装 一、硫酸", []),  # 一 inside a word is no number; one goods numbered
        ("一、甲苯 二二、丙酮", []),  # no numeral "二二"
        (
            "Line 1: Ethyl acetate 80 drums; Line 2: Glass bottles 3,000 kg",
            ["Line 1: Ethyl acetate 80 drums", "Line 2: Glass bottles 3,000 kg"],
        ),
        (
            "Поз. 1 Ацетон 80 бочек Поз. 2 Краска 40 бочек",
            ["Поз. 1 Ацетон 80 бочек", "Поз. 2 Краска 40 бочек"],
        ),
        ("第1项 硫酸 10吨 第2项 盐酸 5吨", ["第1项 硫酸 10吨", "第2项 盐酸 5吨"]),
        ("Streamline 1 pump, streamline 2 valve", []),  # a template word inside a word is no marker
        ("Item 1: acetone 80 drums", []),  # a first line without a second is one goods
        # one goods laid out one field per line
        ("品名：乙酸乙酯\n包装：200升铁桶\n件数：80桶\n净重(公斤)：14400", []),
        ("Description: IPA 99.9%\nPackaging: 160 L drums\nLiters: 16,000\nNet weight (kg): 12 640", []),
        ("Упаковка: бочки 160 л\nОбъём, л: 16 000\nВес нетто, кг: 12 640", []),
        ("Corn oil 80 drums\nAcetone 20 drums", ["Corn oil 80 drums", "Acetone 20 drums"]),
        # goods separated by semicolons, each with its own figures
        (
            "乙二醇 净重230公斤/桶×80桶；二乙二醇 净重235公斤/桶×40桶",
            ["乙二醇 净重230公斤/桶×80桶", "二乙二醇 净重235公斤/桶×40桶"],
        ),
        ("Acetone 99.5%; 200 L drums; 80 drums; net 12,640 kg", []),  # the figures of one goods
        ("油漆；规格：200升/桶；80桶", []),
        ("Краска ПФ-115; цвет белый", []),  # no figures after the first part
    ],
)
def test_goods_lines(resources: Resources, text: str, lines: list[str]) -> None:
    got = resources.goods_lines(text)
    assert [text[a:b] for a, b in got] == lines  # [] for one goods


def test_each_line_keeps_its_own_numbers(resources: Resources) -> None:
    text = (
        "1. 男式棉衬衫 100%棉 50件/箱 120箱\n2. 醋酸酐 200升/桶 80桶\n3. 玉米油 200升/桶 80桶 净重17280公斤"
    )
    result = run(resources, text)
    lines = result.items[0].lines
    assert [(g.facts.litres, g.facts.net_kg) for g in lines] == [(None, None), (16000, None), (16000, 17280)]
    by_code = {(r.code, r.details.get("line")) for r in result.reasons}
    assert ("substance_named", 2) in by_code and ("density_implausible", 3) in by_code
    quantity = next(r for r in result.reasons if r.code == "commercial_quantity")
    assert quantity.details["kg"] == 17280  # its own 16 000 L at 1.08 kg/L, not the corn oil's 19 000 kg
    for r in result.reasons:
        if r.evidence is not None:
            assert text[r.evidence.start : r.evidence.end] == r.evidence.text


def test_independent_indicators_do_not_combine_across_lines(resources: Resources) -> None:
    # line 1: density implausible for corn oil (medium); line 2: toluene named (medium): two goods, not one
    text = "1. 玉米油 200升/桶 80桶 净重17280公斤\n2. 甲苯 200升/桶 10桶"
    result = run(resources, text)
    assert result.risk_level.name == "medium"
    assert all(r.code != "independent_indicators" for r in result.reasons)


@pytest.mark.parametrize(
    ("first", "second"),
    [("油漆", "玉米油"), ("玉米油", "油漆"), ("paint", "corn oil"), ("corn oil", "paint")],
)
def test_density_looks_at_every_goods_named(resources: Resources, first: str, second: str) -> None:
    # 1.25 kg/L fits paint, not corn oil: whatever their order, the goods named include one that fits
    result = run(resources, f"{first} 和 {second} 200升/桶 80桶 净重20000公斤")
    assert "density_implausible" not in {r.code for r in result.reasons}


def test_figures_no_liquid_has_are_said_and_not_used(resources: Resources) -> None:
    result = run(resources, "玉米油 200升/桶 80桶 净重17280吨")  # 1 080 kg/L: a misreading, not a density
    codes = {r.code: r for r in result.reasons}
    assert "density_implausible" not in codes
    assert codes["figures_inconsistent"].severity.name == "none"
    assert "1080" in codes["figures_inconsistent"].messages["en"].replace(" ", "")


def test_chemical_context_is_the_whole_description(resources: Resources) -> None:
    # "NPP" alone counts only in a chemical context; here the context is on another line
    text = "1. NPP 10kg\n2. 4-苯胺基哌啶 5kg\n3. 医药中间体 试剂 1kg"
    found = {r.substance_id for r in run(resources, text).reasons if r.code == "substance_named"}
    assert found == {"npp", "four_ap"}
    assert named(run(resources, "NPP 10kg")) == set()


@pytest.mark.parametrize(
    ("text", "substance"),
    [("1-苯墓-2-丙酮 200L", "phenylacetone"), ("N-苯乙基-4-哌锭酮 5kg", "npp")],
)
def test_alike_names_with_other_characters(resources: Resources, text: str, substance: str) -> None:
    assert {s for s, _ in named(run(resources, text))} == {substance}


def codes_of(resources: Resources, text: str, hs_code: str | None = None) -> set[str]:
    return {r.code for r in screen(Declaration(items=(Item(text, hs_code=hs_code),)), resources).reasons}


@pytest.mark.parametrize(
    ("text", "hs_code", "mismatch"),
    [
        ("植物油 和 瓷漆 200升/桶 80桶", "3208100000", False),  # the enamel's heading
        ("瓷漆 和 植物油 200升/桶 80桶", "3208100000", False),  # same goods, other order
        ("瓷漆 和 植物油 200升/桶 80桶", "1512110000", False),  # the oil's heading
        ("植物油 和 瓷漆 200升/桶 80桶", "7308900000", True),  # fits neither
    ],
)
def test_hs_heading_fits_any_goods_named(
    resources: Resources, text: str, hs_code: str, mismatch: bool
) -> None:
    assert ("hs_category_mismatch" in codes_of(resources, text, hs_code)) is mismatch


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("纺织品 200升/桶 80桶", True),  # textiles in drums
        ("纺织品 和 植物油 200升/桶 80桶", False),  # one of the goods named is a liquid
        ("植物油 和 纺织品 200升/桶 80桶", False),
    ],
)
def test_dry_goods_in_drums_only_when_no_goods_named_is_liquid(
    resources: Resources, text: str, fires: bool
) -> None:
    assert ("dry_goods_liquid_packaging" in codes_of(resources, text)) is fires


@pytest.mark.parametrize(
    "text",
    [
        "仲丁通,丁嗪草酮",  # pesticide names: 丁通 reads like 丁酮 (MEK)
        "乙嘧硫磷 原药",  # etrimfos: 乙嘧 reads like 乙醚 (ether)
        "丙虫磷,双硫磷",  # 丙虫 could read like 丙酮 (acetone)
    ],
)
def test_short_names_inside_chemistry_fragments_stay_clean(resources: Resources, text: str) -> None:
    assert named(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "substance"), [("甲本溶剂 200升", "toluene"), ("丙同桶装 160kg", "acetone")]
)
def test_short_names_beside_words_are_found(resources: Resources, text: str, substance: str) -> None:
    assert {s for s, _ in named(run(resources, text))} == {substance}


def test_shape_table_was_built_for_the_names_indexed(resources: Resources) -> None:
    """zh_shape_alike.yaml is derived from the characters of the Chinese names
    (scripts/build_zh_confusables.py, its names from scripts/dump_zh_names.py): a name with a new character
    needs the table built again, or that character is read only as written."""
    names = {k for k in resources.index.chinese_names if sum(1 for c in k if is_han(c)) >= 2}
    characters = "".join(sorted({c for n in names for c in n if is_han(c)}))
    digest = hashlib.sha256(characters.encode("utf-8")).hexdigest()
    assert resources.lexicon.shape_alike_source.get("characters_sha256") == digest


def test_the_chinese_readings_are_skipped_only_without_a_chinese_character() -> None:
    """The sound-, shape-alike and slip readings run only on a text holding a Chinese character
    (HAN_CHAR_RE): the pattern's ranges are is_han's, at every edge."""
    edges = [0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF, 0xFB00]
    edges += [0x1FFFF, 0x20000, 0x2FA1F, 0x2FA20]
    assert [bool(HAN_CHAR_RE.search(chr(c))) for c in edges] == [is_han(chr(c)) for c in edges]
    assert HAN_CHAR_RE.search("Acetone 99%, 200 L") is None
