"""The matcher over the production lexicon: tables of (text, expected substances, expected evidence)."""

import pytest

from app.core.codes import hs_digits
from app.core.normalise import normalise
from app.core.types import Item
from app.screening.match import MatchOutcome, find_matches
from app.screening.pipeline import Resources
from app.screening.segment import segment


def match(res: Resources, text: str, hs_code: str | None = None) -> MatchOutcome:
    norm = normalise(text)
    return find_matches(Item(text, hs_code), norm, segment(norm, res.segmenter), res.index, res.segmenter)


def found(res: Resources, text: str, hs_code: str | None = None) -> set[str]:
    return {m.substance_id for m in match(res, text, hs_code).matches}


# Context around a name, per script, as clerks write it.
CONTEXT = {
    "zh": "{} 99% 200升塑料桶 80桶",
    "ru": "{}, технический, бочки по 200 л",
    "en": "{} 99% tech grade, 200 L drums",
}


def all_names(res: Resources) -> list[tuple[str, str, str, str]]:
    rows = []
    for s in res.lexicon.substances.values():
        for kind, lang, name in s.all_names():
            rows.append((s.id, kind, lang, name))
    return rows


def test_every_name_of_every_substance_is_found_in_context(resources: Resources) -> None:
    missed = []
    for sid, kind, lang, name in all_names(resources):
        text = CONTEXT.get(lang, CONTEXT["en"]).format(name)
        got = found(resources, text)
        if sid not in got:
            missed.append(f"{sid} {kind} {lang} {name!r} -> {sorted(got)}")
    assert missed == []


def test_every_name_is_found_alone_and_in_upper_case(resources: Resources) -> None:
    missed = [
        f"{sid} {name!r}"
        for sid, kind, _, name in all_names(resources)
        if kind != "context_abbreviation"
        for text in (name, name.upper())
        if sid not in found(resources, text)
    ]
    assert missed == []


def test_context_abbreviations_need_a_chemical_context(resources: Resources) -> None:
    rows = [(sid, name) for sid, kind, _, name in all_names(resources) if kind == "context_abbreviation"]
    assert len(rows) >= 4
    for sid, name in rows:
        assert found(resources, f"{name} 99% 200 L drums") == {sid}, name
        assert found(resources, f"{name} camera module, 100 pcs") == set(), name


def test_every_cas_number_is_found(resources: Resources) -> None:
    for s in resources.lexicon.substances.values():
        for cas in s.cas:
            hits = match(resources, f"Chemical reagent CAS No. {cas}, 25 kg drums").matches
            assert [(m.substance_id, m.method) for m in hits] == [(s.id, "cas")], cas


def test_every_specific_hs_code_is_found_in_the_field(resources: Resources) -> None:
    shared = resources.lexicon.shared_hs
    checked = 0
    for s in resources.lexicon.substances.values():
        # a further list's chemical is found by the national codes that name it, not by a shared subheading
        for code in s.hs if s.table is not None else ():
            if hs_digits(code) in shared:
                continue
            checked += 1
            assert s.id in found(resources, "chemical raw material", hs_code=hs_digits(code) + "0000"), code
    assert checked >= 25


@pytest.mark.parametrize(
    ("text", "expected", "evidence"),
    [
        ("醋酸酐 200升 塑料桶", {"acetic_anhydride"}, "醋酸酐"),
        ("醋酐25公斤×8桶", {"acetic_anhydride"}, "醋酐"),
        ("уксусного ангидрида 20 т", {"acetic_anhydride"}, "уксусного ангидрида"),
        ("с уксусным ангидридом", {"acetic_anhydride"}, "уксусным ангидридом"),
        ("Acetic Anhydride 99.5%", {"acetic_anhydride"}, "Acetic Anhydride"),
        ("醋 酸 酐", {"acetic_anhydride"}, "醋 酸 酐"),
        ("ＡＣＥＴＯＮＥ ９９％", {"acetone"}, "ＡＣＥＴＯＮＥ"),
        ("aцeтoн технический", {"acetone"}, "aцeтoн"),
        ("鹽酸麻黃鹼 原料藥", {"ephedrine"}, "鹽酸麻黃鹼"),
        ("эфедрина гидрохлорид", {"ephedrine"}, "эфедрина гидрохлорид"),
        ("марганцовка 50 кг", {"potassium_permanganate"}, "марганцовка"),
        ("перманганатом калия", {"potassium_permanganate"}, "перманганатом калия"),
        ("高锰酸钾 25公斤/桶", {"potassium_permanganate"}, "高锰酸钾"),
        ("MEK solvent 200L", {"methyl_ethyl_ketone"}, "MEK"),
        ("BMK oil", {"phenylacetone"}, "BMK"),
        ("PMK glycidate", {"pmk_glycidic_acid_other_esters", "pmk_methyl_glycidate"}, None),
        ("серной кислотой", {"sulphuric_acid"}, "серной кислотой"),
        ("соляная кислота 31%", {"hydrochloric_acid"}, "соляная кислота"),
        ("толуол 99%", {"toluene"}, "толуол"),
        ("ацитон 200 л", {"acetone"}, "ацитон"),
        ("acetic anhydryde", {"acetic_anhydride"}, "acetic anhydryde"),
        ("uksusnyi angidrid", {"acetic_anhydride"}, "uksusnyi angidrid"),
        ("CAS 108-24-7, liquid", {"acetic_anhydride"}, "108-24-7"),
        ("этиловый эфир, 20 бочек", {"ethyl_ether"}, "этиловый эфир"),
        ("醋酸酐由某某化工有限公司生产", {"acetic_anhydride"}, "醋酸酐"),  # made by a company, not its name
        ("Хлороформ не менее 99,8%, бочки", {"chloroform"}, "Хлороформ"),  # a floor is purity, not a limit
        ("Liquid bromine, Dead Sea origin, 20 bottles", {"bromine"}, "Liquid bromine"),
        # a purpose or grade after the name is the goods' own; only right before it is it other goods' purpose
        ("Ацетонитрил для ВЭЖХ, 4 л, бутыли", {"acetonitrile"}, "Ацетонитрил"),
        ("Хлороформ ч.д.а. для анализа, 1 л", {"chloroform"}, "Хлороформ"),
        ("Ёмкость 1 м³ с ацетонитрилом", {"acetonitrile"}, "ацетонитрилом"),
        ("chloroform for storage in amber bottles", {"chloroform"}, "chloroform"),
        ("Acetonitrile HPLC grade, compatible with LC-MS", {"acetonitrile"}, "Acetonitrile"),
        # a party field's value ends at a separator or the next field's colon
        ("收货人：某某公司；货物：醋酸酐 200L", {"acetic_anhydride"}, "醋酸酐"),
        ("收货人：某某公司 货物：醋酸酐", {"acetic_anhydride"}, "醋酸酐"),
        ("Consignee: Acme Ltd, goods: acetone 20 t", {"acetone"}, "acetone"),
        # a metal's oxidation state between the metal and the anion (ru_naming.yaml)
        ("Палладий(II) хлорид, 59% Pd, 100 г", {"palladium_chloride"}, "Палладий(II) хлорид"),
        ("Палладия (II) хлорид, 100 г", {"palladium_chloride"}, "Палладия (II) хлорид"),
        ("Палладий (II) хлористый, флаконы", {"palladium_chloride"}, "Палладий (II) хлористый"),
    ],
)
def test_finds(resources: Resources, text: str, expected: set[str], evidence: str | None) -> None:
    outcome = match(resources, text)
    got = {m.substance_id for m in outcome.matches}
    if "pmk" in text.lower():  # PMK glycidate: any PMK-family entry is right, the point is it is found
        assert got and all(g.startswith("pmk") for g in got)
        return
    assert got == expected
    if evidence is not None:
        assert [text[m.start : m.end] for m in outcome.matches] == [evidence]


@pytest.mark.parametrize(
    "text",
    [
        "二甲苯 99% 200L铁桶",  # xylene contains 甲苯 (toluene)
        "Ксилол нефтяной",
        "xylene mixed isomers",
        "冰醋酸 99.8%",  # glacial acetic acid, not the anhydride
        "уксусная кислота ледяная",
        "glacial acetic acid",
        "乙酸乙酯 180kg/桶",  # ethyl acetate
        "硫酸钠 无水 25kg袋",  # sodium sulphate, not sulphuric acid
        "piperazine anhydrous",  # not piperidine
        "甲苯二异氰酸酯 TDI 80/20",  # TDI contains 甲苯
        "toluene diisocyanate",
        "马来酸酐 25kg",  # maleic anhydride
        "cotton T-shirts 40 cartons",
        "AA batteries 2400 pcs",
        "黑胡椒粉 500克",  # black pepper is not piperonal
        "hydrogen peroxide 35%",
        "corn oil 5 L bottles",
        # Russian: an ether's name before an acid in the genitive names an ester (ru_naming.yaml)
        "Этилхлорформиат (этиловый эфир хлормуравьиной кислоты), 99%, бочки по 230 кг",
        "этиловый эфир уксусной кислоты 99%",
        # a mention, not the goods (mentions.yaml): a limit, a property or test, an instrument, a company
        "остаточные растворители: ацетонитрил не более 410 ppm, хлороформ не более 60 ppm",
        "阿莫西林原料药 规格：残留溶剂(三氯甲烷≤60ppm、乙腈≤410ppm) 25千克/桶",
        "Linear alkylbenzene (LAB), bromine index 15 max, 2 x ISO tanks",
        "Bromine test strips for spa/hot tub (0-20 ppm), 50 strips/bottle",
        "Газоанализатор стационарный на метиламин и аммиак, 4 шт.",
        "Consignor: Dead Sea Bromine Company Ltd. Goods: calcium chloride liquid 38%",
        "Резервуар из нержавеющей стали 5 м³ для хранения хлороформа, новый, без содержимого",
        "Stainless steel tank for storage of acetonitrile, 2 m3, empty",
        "便携式色谱仪（用于检测乙腈）1台",
        "气相色谱仪（用于三氯甲烷残留检测）1台",
        "Acetonitrile residue test kit",
        # goods made for a chemical: compatible with it, to work with it, in its service, its dedicated drums
        "PTFE syringe filters 0.22 um, 13 mm, compatible with acetonitrile and methanol",
        "乙腈/甲醇兼容 PTFE针式过滤器 0.22μm 13mm 100个/盒",
        "Костюм химзащиты Л-1 для работы с хлороформом и кислотами",
        "Empty PVDF-lined steel drums for bromine service, 200 L, new",
        "溴素储运专用衬氟钢桶 200L（空桶，全新）",
        # an impurity's limit in per cent; goods for a chemical, also later in a list; drums that held one;
        # a flask named after one
        "NMP 99.9%, water ≤ 300 ppm, γ-丁内酯≤0.2%, 200 kg drums",
        "N-метилпирролидон, содержание гамма-бутиролактона не более 0,2%",
        "Dosing pump spares for thionyl chloride, 2 sets",
        "Field test reagents for methylamine, nitroethane and GBL, 20 kits",
        "Перчатки, стойкость к кислотам, брому и хлороформу, 500 пар",
        "Газосигнализатор для контроля утечек метиламина, 2 шт.",
        "Бочки 200 л б/у (из-под хлороформа), 40 шт.",
        "Iodine flask 500 ml, 20 pcs",
        "碘量瓶 250ml 100个",
        # said not to be supplied, after the rest of a list and its bracket
        "Газовый хроматограф, 1 шт.; реактивы (ацетонитрил, хлороформ) в поставку не входят",
        "HPLC pump; solvents (acetonitrile, methanol) not included",
        # a party's name: in a party field's value, or a works' name (化工厂) with no legal form
        "劳保工作服 200套（收货人：寿光市溴素化工厂）",
        "Consignee: Acme Acetonitrile Trading, goods: cotton gloves",
        "寿光市溴素化工厂 劳保手套 500双",
        # Chinese: a name inside a company's name (zh_naming.yaml, parties.yaml's legal forms)
        "收货人：上海醋酸酐化工有限公司 货物：棉布",
    ],
)
def test_does_not_mistake_other_goods_for_precursors(resources: Resources, text: str) -> None:
    assert found(resources, text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the chemical is the goods, with a purpose or a strength: still found
        ("Acetone for industrial use, 80 drums", {"acetone"}),
        ("уксусный ангидрид для производства ацетилцеллюлозы, 200 л бочки", {"acetic_anhydride"}),
        ("Кислота серная аккумуляторная для аккумуляторов, 98%", {"sulphuric_acid"}),
        ("硫酸 含量≥98% 用于化工", {"sulphuric_acid"}),
        ("Toluene max 0.5% water, 99.5%", {"toluene"}),  # a limit on water, not on the toluene
        ("Acetone and toluene free of charge, samples 2 x 1 L", {"acetone", "toluene"}),  # given away
    ],
)
def test_purpose_and_limits_keep_the_goods(resources: Resources, text: str, expected: set[str]) -> None:
    assert found(resources, text) == expected


def test_invalid_cas_is_reported_not_matched(resources: Resources) -> None:
    outcome = match(resources, "reagent CAS 108-24-8")
    assert outcome.matches == ()
    assert [b.cas for b in outcome.bad_cas] == ["108-24-8"]


def test_shared_hs_subheading_alone_is_not_a_match(resources: Resources) -> None:
    # 2933.39 holds 4-AP and norfentanyl but also hundreds of uncontrolled pyridine compounds.
    assert found(resources, "pharmaceutical intermediate", hs_code="2933399099") == set()


def test_fuzzy_matches_say_so_with_a_score(resources: Resources) -> None:
    (m,) = match(resources, "acetic anhydryde 200 L").matches
    assert m.method == "fuzzy"
    assert 80 <= m.score < 100


@pytest.mark.parametrize(
    ("text", "uncontrolled"),
    [
        ("piperazin anhydrous", "piperazine"),  # one edit from piperazine, two from piperidine
        ("ксилолл нефтяной", "xylene"),
    ],
)
def test_a_misspelling_closer_to_another_chemical_is_not_a_substance(
    resources: Resources, text: str, uncontrolled: str
) -> None:
    assert found(resources, text) == set()


@pytest.mark.parametrize(
    ("text", "hs_code", "expected"),
    [
        # a national code covering several substances: the one the text names, or all when it names none
        ("4-哌啶酮 医药中间体 1kg", "2933399073", {"four_piperidone"}),
        ("Norfentanyl reference standard 1 g", "2933399073", {"norfentanyl"}),
        (
            "pharmaceutical intermediate",
            "2933399073",
            {"four_piperidone", "four_ap", "norfentanyl", "boc_4_ap", "boc_4_piperidone"},
        ),
        # a name the code does not cover leaves the code's substances as they are
        (
            "Acetone 99% 200 L drums",
            "2918990042",
            {
                "acetone",
                "bmk_glycidic_acid",
                "bmk_methyl_glycidate",
                "bmk_ethyl_glycidate",
                "bmk_glycidic_acid_other_esters",
            },
        ),
    ],
)
def test_a_shared_national_code_points_at_the_substance_named(
    resources: Resources, text: str, hs_code: str, expected: set[str]
) -> None:
    assert found(resources, text, hs_code=hs_code) == expected
