"""More of how people write names (session 10, after held-out cases_2, listed_9 and drugs_5): English
names written in Cyrillic as they sound, stems of two or three letters beside their neighbours, a character
left out of a Chinese name, pinyin with locants, a word broken at a line end; and the mentions that name a
chemical or a drug without declaring it. Tables of (text, substance, method, evidence) and clean texts."""

import pytest

from app.core.types import ScreeningResult
from app.screening.match import _initials_spell
from app.screening.pipeline import Resources
from tests.screening.test_reading import run


def flagged(result: ScreeningResult) -> set[str]:
    """Every substance, listed chemical or drug any reason names."""
    return {
        str(r.substance_id or r.details.get("drug"))
        for r in result.reasons
        if r.substance_id or "drug" in r.details
    }


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # English written in Cyrillic as it sounds (app/screening/translit.py sound keys)
        ("Ацетик анхидрайд 99 %, барабаны", "acetic_anhydride", "fuzzy", "Ацетик анхидрайд"),
        ("Сульфурик асид 98 %, IBC", "sulphuric_acid", "fuzzy", "Сульфурик асид"),
        ("Поташиум перманганейт 25 кг", "potassium_permanganate", "fuzzy", "Поташиум перманганейт"),
        ("Толуэн индастриал грейд, наливом", "toluene", "fuzzy", "Толуэн"),
        # stems completed beside the words they stand next to in a name, themselves cut too
        ("Ангидр. укс. кисл. 98 %, бочки", "acetic_anhydride", "abbreviation", "Ангидр. укс. кисл"),
        ("Кисл. серн. техн. 92,5 %", "sulphuric_acid", "abbreviation", "Кисл. серн"),
        ("Эф. диэтил. х.ч. 1 л", "ethyl_ether", "abbreviation", "Эф. диэтил"),
        ("К-та антранил. техн., меш.", "anthranilic_acid", "abbreviation", "К-та антранил"),
        # a character left out of a Chinese name
        ("高锰钾 25kg/桶 共40桶", "potassium_permanganate", "fuzzy", "高锰钾"),
        ("邻氨苯甲酸 99% 25kg/袋", "anthranilic_acid", "fuzzy", "邻氨苯甲酸"),
        # two characters swapped, one typed twice, one left out of a name with locants or before its salt
        ("伪黄麻碱 盐酸盐 25kg", "pseudoephedrine", "fuzzy", "伪黄麻碱"),
        ("乙酸酸酐 200L/桶 40桶", "acetic_anhydride", "fuzzy", "乙酸酸酐"),
        ("麦角新新碱 马来酸盐 100克", "ergometrine", "fuzzy", "麦角新新碱"),
        ("1-苯-2-丙酮 25公斤", "phenylacetone", "fuzzy", "1-苯-2-丙酮"),
        ("去甲麻碱盐酸盐 2kg", "norephedrine", "fuzzy", "去甲麻碱"),
        # Latin letters spelt out in Cyrillic
        ("Эй-Эн-Пи-Пи (4-анилино-фенетилпиперидин), 1 кг", "anpp", "abbreviation", "Эй-Эн-Пи-Пи"),
        ("Пи-ту-Пи (фенилацетон), 25 л", "phenylacetone", "exact", "фенилацетон"),
        # Latin codes in Cyrillic capitals
        ("АПААН, 500 кг", "apaan", "abbreviation", "АПААН"),
        ("П-2-П, бочки п/э 200 л, 4 шт.", "phenylacetone", "abbreviation", "П-2-П"),
        # syllables hyphened
        ("Ук-сус-ный ан-гид-рид, 60 бочек", "acetic_anhydride", "exact", "Ук-сус-ный ан-гид-рид"),
        # a name word split by spaces
        ("Hydro chloric acid 35%, 30 kg cans", "hydrochloric_acid", "exact", "Hydro chloric acid"),
        ("Уксус ный ан гидрид, 40 бочек", "acetic_anhydride", "exact", "Уксус ный ан гидрид"),
        ("Pseudo ephedrine HCl, 25 kg", "pseudoephedrine", "exact", "Pseudo ephedrine"),
        ("Метил этил кетон, бочки 200 л", "methyl_ethyl_ketone", "exact", "Метил этил кетон"),
        # pinyin of a name with locants
        ("1-benji-2-bingtong, 200 L drums", "phenylacetone", "pinyin", "1-benji-2-bingtong"),
        ("N-benyiji-4-paidingtong 99% 1kg", "npp", "pinyin", "N-benyiji-4-paidingtong"),
        # a word broken at a line end
        ("Пипери-\nдин технический 99 %", "piperidine", "exact", "Пипери-\nдин"),
        # crude toluene, not crude xylene (粗二甲苯) without its 二: a count is never left out
        ("粗甲苯 散装", "toluene", "exact", "甲苯"),
    ],
)
def test_found_as_written(resources: Resources, text: str, substance: str, method: str, written: str) -> None:
    result = run(resources, text)
    reasons = [r for r in result.reasons if r.code == "substance_named"]
    assert [(r.substance_id, r.details["method"]) for r in reasons] == [(substance, method)]
    evidence = reasons[0].evidence
    assert evidence is not None and text[evidence.start : evidence.end] == written == evidence.text


def test_two_goods_joined_by_a_plus_stay_two(resources: Resources) -> None:
    """ "甲苯 + 丙酮" lists toluene and acetone; joined they would read 苯丙酮 (phenylacetone)."""
    assert flagged(run(resources, "Толуол 甲苯 + 丙酮 acetone")) == {"toluene", "acetone"}


@pytest.mark.parametrize(
    "text",
    [
        "Асид 98%",  # a real word of too few sounds: it completes a name, never makes one
        "Сода асид",
        "Талон ацетик",  # one word of a two-word name
        "二氯化硫 99%",  # sulphur dichloride: thionyl chloride's 二氯氧化硫 without 氧
        "锰酸钾 25kg",  # potassium manganate: a first character gone makes another compound
        "对异丙甲苯 99% 180kg/桶",  # p-cymene (对异丙基甲苯) written without 基: no toluene
        "Toluene-resistant nitrile gloves, size L",
        "Fentanyl test strips, 100 strips/box, 500 boxes",
        "Газоанализатор с электрохимическим сенсором на метиламин, 12 шт.",
        "Carbon monoxide detector tubes (palladium chloride reagent), 300 boxes",
        "空罐式集装箱 1个 回空 上一票装载货物：三氯甲烷，已清洗",
        "安全火柴（盒侧涂红磷摩擦面），每盒45支",
        "ISO tank container 24,000 L, empty, last cargo: toluene, cleaned",  # a cue ending a label
        "Tolu ene free paint",  # joined, and said to be absent
        "麦角角 批发",  # no name typed twice here: 麦角 is ergot
        "Ди-джей пульт, Би-би-си",  # letters spelt out that name no chemical
        "Ти-шорты хлопковые",
        "ООО «ПМК», бочки ПМК-200 пластмассовые",  # a company and a drum type, not in capitals as a code
        "Мапа настінна України, 100 шт.",  # a (Ukrainian) map: a word, not the code MAPA in capitals
        "ТОРГОВЫЙ ДОМ «ВОСТОК», мебель корпусная",  # ДОМ is a word, not DOM
        "НПП «ХИМПРОМ», насосы дозировочные",  # НПП: научно-производственное предприятие, not NPP
        "Glacial acetic acid 99.8% (NOT acetic anhydride), 80 drums",
        "Pepper, black, ground, 25 kg bags (not piperonal)",
        "Насос химический центробежный для перекачки соляной кислоты",
        "Aluminium profiles, anodized (sulfuric acid anodizing process), 12 MT",
    ],
)
def test_mentions_and_near_names_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


def test_an_ester_named_acid_first_is_no_ether(resources: Resources) -> None:
    """ "ПМК-глицид. к-ты этил. эфир": the glycidic acid's ethyl ester, not diethyl ether."""
    assert "ethyl_ether" not in flagged(run(resources, "ПМК-глицид. к-ты этил. эфир, 500 кг"))
    assert flagged(run(resources, "Кислота серная, эфир этиловый 1 л")) == {"sulphuric_acid", "ethyl_ether"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BMK-glitsidnaya kislota, 500 kg, meshki", set()),  # a glycidate, not BMK itself
        # BMK's ethyl glycidate, named as Russian names esters (the Latin code read in Cyrillic), not BMK
        ("этиловый эфир BMK-глицидной кислоты", {"bmk_ethyl_glycidate"}),
        ("BMK 99% 200 kg", {"phenylacetone"}),
        ("ANPP-HCl 1 kg", {"anpp"}),  # a salt's short word after the hyphen
    ],
)
def test_a_trade_code_heading_a_longer_name(resources: Resources, text: str, expected: set[str]) -> None:
    assert flagged(run(resources, text)) == expected


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("АНПП г/х, 1 кг", "anpp г/х, 1 кг"),  # a code in capitals
        ("ТОРГОВЫЙ ДОМ «ВОСТОК»", "торговый дом «восток»"),  # a Russian word, whatever its case
        ("НПП «ХИМПРОМ»", "нпп «химпром»"),  # a Russian acronym (научно-производственное предприятие)
        ("Мапа настінна", "мапа настінна"),  # not in capitals
    ],
)
def test_codes_in_cyrillic_capitals(resources: Resources, text: str, read: str) -> None:
    norm = resources.abbreviations.expand(resources.lexicon.normalise(text)).norm
    assert norm.text == read


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # Taiwan's spellings (zh_naming.yaml regional_spellings): 胺基 for 氨基, 過 for the per- acids' 高
        ("鄰胺基苯甲酸 98% 25公斤紙袋", "anthranilic_acid", "exact", "鄰胺基苯甲酸"),
        ("過錳酸鉀 25公斤/桶", "potassium_permanganate", "exact", "過錳酸鉀"),
        # a Latin letter typed for the character it looks like, a character written as its two halves
        ("Z醚 试剂级 500ml", "ethyl_ether", "shape_alike", "Z醚"),
        ("二Z醚 20L/桶", "ethyl_ether", "shape_alike", "二Z醚"),
        ("酉昔酸酐 工业用", "acetic_anhydride", "shape_alike", "酉昔酸酐"),
        ("麦角月安 酒石酸盐 200克", "ergotamine", "shape_alike", "麦角月安"),
        # English sounds written in Cyrillic: a loan word spelt letter for letter, "оу" for o, th heard as з,
        # a silent p
        ("Пиперонал, 25 кг", "piperonal", "fuzzy", "Пиперонал"),
        ("Ацетоун технический, бочки 160 кг", "acetone", "fuzzy", "Ацетоун"),
        ("Дайэтил изер, бутыли стеклянные", "ethyl_ether", "fuzzy", "Дайэтил изер"),
        ("Сюдоэфедрин гидрохлорид, 25 кг", "pseudoephedrine", "fuzzy", "Сюдоэфедрин"),
        # a name split by a space and misspelt: joined by its spelling key
        ("Фенил ацетоун, канистра 25 л", "phenylacetone", "lemma", "Фенил ацетоун"),
        # the formula heading its goods line
        ("HCl 31% (р-р), канистры ПЭ 30 л", "hydrochloric_acid", "exact", "HCl"),
        # pinyin too short to trust alone, in a chemical context
        ("yi mi, reagent grade, 500 ml glass bottles", "ethyl_ether", "pinyin", "yi mi"),
        ("YI MI (reagent grade), 4L glass bottles", "ethyl_ether", "pinyin", "YI MI"),
    ],
)
def test_found_as_written_more(
    resources: Resources, text: str, substance: str, method: str, written: str
) -> None:
    test_found_as_written(resources, text, substance, method, written)


@pytest.mark.parametrize(
    "text",
    [
        "12月安装 空调设备 2台",  # 月安 joins to 胺, but makes no name
        "Z型钢 20吨",  # a Z section: a letter beside characters that makes no name
        "ZnO醚化淀粉 25kg",  # a letter of a formula is no stand-in
        "lidocaine HCl 99%, 1 kg",  # the formula after a drug's name: its salt
        "Yimi Trading Co., plush toys, 20 boxes",  # short pinyin with no chemical context
        "Клоун игрушечный мягкий, 100 шт.",  # оу in a Russian loan word
        "胺基甲酸乙酯 25kg",  # urethane (Taiwan's spelling of 氨基甲酸乙酯): no listed chemical
    ],
)
def test_regional_split_and_stand_in_readings_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # Chinese names in Palladius Cyrillic (pypinyin's Cyrillic style), one word or several
        ("Исуань гань, 200 кг/бочка", "acetic_anhydride", "palladius", "Исуань гань"),
        ("Цзябэнь 99 %, бочки", "toluene", "palladius", "Цзябэнь"),
        ("Гаомэнсуаньцзя, 50 кг", "potassium_permanganate", "palladius", "Гаомэнсуаньцзя"),
        # Palladius written in Russian-style Latin
        ("Tszyaben', 179 kg/bochka x 80", "toluene", "palladius", "Tszyaben"),
        ("Khuanchzhansu 98%, 25 kg", "safrole", "palladius", "Khuanchzhansu"),
        # Taiwan's 第三 for tert- (叔)
        ("1-第三丁氧羰基-4-哌啶酮　98%　5公斤", "boc_4_piperidone", "exact", "1-第三丁氧羰基-4-哌啶酮"),
        # an ester named as Russian names esters, its words cut, its acid's code in Latin
        (
            "Метил. эфир PMK-глицид. к-ты, 25 кг",
            "pmk_methyl_glycidate",
            "abbreviation",
            "Метил. эфир PMK-глицид. к-ты",
        ),
        (
            "ПМК-глицид. к-ты этил. эфир, 500 кг",
            "pmk_ethyl_glycidate",
            "abbreviation",
            "ПМК-глицид. к-ты этил. эфир",
        ),
        # a word joined and another misspelt
        ("Phenyl acetic aicd 99%, flakes, 25 kg bags", "phenylacetic_acid", "fuzzy", "Phenyl acetic aicd"),
        # near sounds merged by the input methods' fuzzy pinyin: men/meng, shu/su
        ("高门酸钾 工业级", "potassium_permanganate", "sound_alike", "高门酸钾"),
        ("异黄樟数 97%", "isosafrole", "sound_alike", "异黄樟数"),
        # English words cut with a dot, completed beside their neighbours in a name
        ("Acet. anhyd. 99%, 220 kg drums", "acetic_anhydride", "abbreviation", "Acet. anhyd"),
        ("Goods: Pot. permang. tech. 50 kg", "potassium_permanganate", "abbreviation", "Pot. permang"),
        # a head name after the goods line's own number, a field after it
        ("Item 2 — HCl 32%, PE drums 250 kg — shipper: Urumqi", "hydrochloric_acid", "exact", "HCl"),
    ],
)
def test_found_as_written_session_11(
    resources: Resources, text: str, substance: str, method: str, written: str
) -> None:
    test_found_as_written(resources, text, substance, method, written)


@pytest.mark.parametrize(
    "text",
    [
        "Ими, 20 л, реактивы",  # a Russian word ("by them"), though it spells 乙醚 in Palladius
        "锰酸钾（K2MnO4）98% 25KG/桶",  # potassium manganate: a formula is read as written, not as KMnO4
        "Hydrochloric acid storage tank, PE, 10 m3, empty, new",
        "Shandong Chem. Co. Ltd., plush toys, 200 cartons",  # words cut with a dot that make no name
        "Pot. plants, ceramic, 20 pcs.",
        "Shanghai Tianjin Trading, plush toys, 20 cartons",  # Chinese places in Latin name no chemical
        "Кабель USB-удлинитель 1,5 м, 500 шт.",  # a Latin code hyphened to a Russian word that names nothing
        "牛酸 25kg",  # a near sound (niu for liu) never stands for a name's first character
    ],
)
def test_palladius_near_sounds_and_stems_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a preposition before a legal form: the goods are sent to a company, not named after one
        ("Отгрузка толуола в адрес ООО «Сугд-Кимиё», г. Худжанд", {"toluene"}),
        ("Dead Sea Bromine Company Ltd., pumps, 2 sets", set()),
        # a Chinese name without its locants, where that spelling is one chemical's only
        ("项号3　苯乙基哌啶酮　98%　5KG", {"npp"}),
        ("叔丁氧羰基哌啶酮 1kg", {"boc_4_piperidone"}),
        ("氯甲苯 99% 200kg/桶", set()),  # α-, 2-, 3- or 4-: which chlorotoluene the text does not say
        # a word broken at a line end stays in its goods line
        ("1-phenyl-2-pro-\npanone, 99% / border crossing: Khorgos", {"phenylacetone"}),
        ("toluene 99%, 80 drums\nacetone 99%, 40 drums", {"toluene", "acetone"}),
        # T for 丁 (丁字形, T-shaped), only where it makes a name
        ("货物描述：T酮　工业级", {"methyl_ethyl_ketone"}),
        ("T恤 纯棉 100件", set()),
        ("T型钢 20吨", set()),
    ],
)
def test_companies_locants_line_ends_and_letters(resources: Resources, text: str, expected: set[str]) -> None:
    assert flagged(run(resources, text)) == expected


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # box 31's goods number before the name is no locant
        ("1-Ацетон технический, 80 бочек", "acetone", "exact", "Ацетон"),
        ("31: 1-Aцeтoн технический, сорт высший", "acetone", "exact", "Aцeтoн"),
        # Cyrillic к among Latin letters
        ("Меthyl еthyl кеtonе (solvent)", "methyl_ethyl_ketone", "exact", "Меthyl еthyl кеtonе"),
        # a scanner's letters for a locant's digits
        ("l-苯基-Z-丙酮 98% 液体 25L", "phenylacetone", "shape_alike", "l-苯基-Z-丙酮"),
        # unstressed я written е; a soft g heard as дж
        ("Кислота соленая ингибированная, 30 еврокубов", "hydrochloric_acid", "fuzzy", "Кислота соленая"),
        ("Лайсерджик эсид, 10 г, образец", "lysergic_acid", "fuzzy", "Лайсерджик эсид"),
        # a legal form in the next field names no company after the goods
        (
            "Хайдроклорик эсид 33 %, 20 IBC, получатель: ТОО «Усть-Каменогорск Металл-Сервис»",
            "hydrochloric_acid",
            "fuzzy",
            "Хайдроклорик эсид",
        ),
        # PPA (phenylpropanolamine) in a pharmaceutical context
        ("PPA HCl USP, nasal decongestant API, 25 kg", "norephedrine", "exact", "PPA"),
    ],
)
def test_found_as_written_cases_7(
    resources: Resources, text: str, substance: str, method: str, written: str
) -> None:
    test_found_as_written(resources, text, substance, method, written)


@pytest.mark.parametrize(
    "text",
    [
        "4-фенил-2-бутанон 99%, 200 кг",  # a locant inside a longer name, not a goods number
        "Соленая рыба, сельдь, 20 кг",
        "PPA granules, glass fibre reinforced, 25 kg bags",  # polyphthalamide
        "s-class, o-ring seals, 20 pcs",
    ],
)
def test_numbers_stems_and_codes_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # a CAS number's groups parted by spaces, spaced dashes or dots after "CAS" (its check digit holds)
        ("原料 CAS 67 64 1 工业级 160公斤/桶", "acetone", "cas", "67 64 1"),
        ("Industrial chemical, CAS 7664 – 93 – 9, 98%, ISO tank", "sulphuric_acid", "cas", "7664 – 93 – 9"),
        (
            "Неорганическое соединение, CAS 7722.64.7, барабаны 50 кг",
            "potassium_permanganate",
            "cas",
            "7722.64.7",
        ),
        # a word broken by a hyphen and a space (a scan's or a copy's line end)
        ("Пипери- дин 99 %, бутыли 2,5 л", "piperidine", "exact", "Пипери- дин"),
        # a preposition before a name is no piece of it: the name's own words are the evidence
        ("Смесь с серной кислотой, 20 кг", "sulphuric_acid", "lemma", "серной кислотой"),
    ],
)
def test_found_as_written_cases_8(
    resources: Resources, text: str, substance: str, method: str, written: str
) -> None:
    test_found_as_written(resources, text, substance, method, written)


@pytest.mark.parametrize(
    "text",
    [
        # equipment and gear named after a chemical (mentions.yaml, after held-out cases_8)
        "耐酸碱橡胶手套（防硫酸、盐酸） 2000副",
        "麻黄碱快速检测试剂盒 100盒",
        "Hydrochloric acid fume scrubber, FRP, 1 set",
        "Acetone recovery unit (solvent distillation), 1 set",
        "甲苯气体检测仪 便携式 20台",
        "Перчатки резиновые кислотощелочестойкие (КЩС) для работы с серной кислотой, 2000 пар",
        "Установка регенерации ацетона (дистилляционная), 1 компл.",
        # spaced groups without the word CAS, or with a wrong check digit, are no CAS number
        "Болт 67 64 1, 500 шт.",
        "Solvent, CAS 67 64 2, 160 kg drums",
    ],
)
def test_equipment_and_loose_numbers_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # pharmacopoeial Latin titles and their genitive (latin_names in substances_*.yaml)
        ("Acidum hydrochloricum dilutum 8,3 %", "hydrochloric_acid", "exact", "Acidum hydrochloricum"),
        ("Aether medicinalis, fl. 100 ml x 200", "ethyl_ether", "exact", "Aether medicinalis"),
        ("Sol. Kalii permanganatis 5% 100 ml", "potassium_permanganate", "exact", "Kalii permanganatis"),
        ("Ephedrini hydrochloridi 0,025 N. 10", "ephedrine", "exact", "Ephedrini hydrochloridi"),
        # a Latin stem cut with a dot still completes to the English word only
        ("Hydrochl. acid 33%, 30 L cans", "hydrochloric_acid", "abbreviation", "Hydrochl. acid"),
        # Russian name words read as the English ones they sound like, beside an English word in Cyrillic
        ("Метил этил китон, 165 кг драм", "methyl_ethyl_ketone", "fuzzy", "Метил этил китон"),
        ("Потассиум перманганат 99 %, 50 кг", "potassium_permanganate", "fuzzy", "Потассиум перманганат"),
        # an abbreviation before a formula or a grade in brackets: nothing spelt out
        ("Р-ль МЭК (C4H8O), бочки 165 кг", "methyl_ethyl_ketone", "exact", "МЭК"),
        # a Chinese name broken by a line end after a goods number or a locant, or by a space after a locant
        ("1. 品名：甲\n苯   纯度：99.9%   包装：槽罐车   数量：24.1吨", "toluene", "exact", "甲\n苯"),
        ("3,4-亚甲基二氧\n苯基-2-丙酮 25KG", "pmk", "exact", "3,4-亚甲基二氧\n苯基-2-丙酮"),
        ("1-苯基-2- 丙 酮 含量98% 200KG桶", "phenylacetone", "exact", "1-苯基-2- 丙 酮"),
    ],
)
def test_found_as_written_session_13(
    resources: Resources, text: str, substance: str, method: str, written: str
) -> None:
    test_found_as_written(resources, text, substance, method, written)


@pytest.mark.parametrize(
    "text",
    [
        # an abbreviation spelt out in brackets by other words stays clean
        "Испытания по стандарту МЭК (Международная электротехническая комиссия), кабель 3x2,5",
        "CBD (cash before delivery) payment terms, chemical fibre cloth",
        # a Russian word sounding like an English name word, with no English word in Cyrillic beside it
        "Метил оранжевый, индикатор, 100 г",
        "Перманганатная окисляемость воды, анализатор, 1 шт.",
        # goods lines one per line, each with its own figures: not joined
        "男式衬衫 100件\n醋酸纤维 200kg",
    ],
)
def test_session_13_readings_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("abbreviation", "words", "spelt"),
    [
        ("cbd", "cash before delivery", True),
        ("мэк", "Международная электротехническая комиссия", True),
        ("пав", "поверхностно-активное вещество", True),
        ("мэк", "C4H8O", False),
        ("мэк", "техн.", False),
        # the first word must begin with the first letter: other words holding the letters spell nothing out
        ("мэк", "сорт: марка Э, класс К", False),
    ],
)
def test_what_brackets_spell_out(abbreviation: str, words: str, spelt: bool) -> None:
    assert _initials_spell(abbreviation, words) is spelt


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # a salt's word after a name written with a look-alike or a doubled character (庥 for 麻; 黄 twice)
        ("庥黄碱 盐酸盐 1kg", "ephedrine", "shape_alike", "庥黄碱"),
        ("麻黄黄碱 盐酸盐 原料药 1kg", "ephedrine", "fuzzy", "麻黄黄碱"),
        # a locant before a name with a real word inside it (派定)
        ("4-派定酮 盐酸盐 25kg", "four_piperidone", "sound_alike", "4-派定酮 盐酸盐"),
        # a word spaced into five pieces
        ("Ме тил этил ке тон, бочки 165 кг", "methyl_ethyl_ketone", "exact", "Ме тил этил ке тон"),
        # English long vowels as Russian writes them (оу for o_e); a Russian name word beside an English one
        ("Эсетоун, 160 кг бочки × 80", "acetone", "fuzzy", "Эсетоун"),
        ("Диэтил изер, 500 мл × 40", "ethyl_ether", "fuzzy", "Диэтил изер"),
        # sellers' short names and the Chinese short name of medicines
        ("PMK乙酯 99%　25kg/桶", "pmk_ethyl_glycidate", "exact", "PMK乙酯"),
        ("盐酸伪麻 原料药 25kg/桶", "pseudoephedrine", "exact", "伪麻"),
        ("DEE anhydrous 99.7%, UN1155, 500 mL x 40", "ethyl_ether", "exact", "DEE"),
        # an ester named by its acid and the alcohol's part (esters.yaml)
        (
            "Партия трет-бутилового эфира 2-метил-3-фенилглицидной кислоты, 200 кг",
            "bmk_glycidic_acid_other_esters",
            "lemma",
            "2-метил-3-фенилглицидной кислоты",
        ),
        (
            "Изопропиловый эфир 3,4-МДФ-2-П метилглицидной кислоты, 25 кг",
            "pmk_glycidic_acid_other_esters",
            "lemma",
            "3,4-МДФ-2-П метилглицидной кислоты",
        ),
        (
            "2-甲基-3-苯基缩水甘油酸正丙酯 25kg",
            "bmk_glycidic_acid_other_esters",
            "exact",
            "2-甲基-3-苯基缩水甘油酸",
        ),
        ("Ethyl ester of BMK glycidic acid, 25 kg", "bmk_ethyl_glycidate", "exact", "BMK glycidic acid"),
    ],
)
def test_found_as_written_cases_9(
    resources: Resources, text: str, substance: str, method: str, written: str
) -> None:
    test_found_as_written(resources, text, substance, method, written)


@pytest.mark.parametrize(
    "text",
    [
        # (held-out listed_18's and drugs_14's first runs) a service about a consignment
        "Услуги таможенного представителя по партии уксусного ангидрида, счёт № 118",
        "Customs brokerage services for acetone shipment, invoice 77",
        # an analyser after the property it measures
        "盐酸浓度在线分析仪(电导法) 1台",
        # a list joined by slashes that a test detects, the test after it or earlier on the line
        "吗啡/甲基安非他明 尿液检测试纸(胶体金法) 50人份",
        "Morphine/Methamphetamine urine test strips, 100 pcs",
        "Pool test kit DPD No.1 tablets, chlorine/bromine, 250 tests",
        # (listed_19's first run) a test kit a few characters after a Chinese name; an article holding acid
        "麻黄碱类快速检测试剂盒（胶体金法）50人份",
        "Lead-acid battery 12V 100Ah, filled (sulfuric acid electrolyte)",
        "Аккумулятор свинцово-кислотный 12 В (электролит: серная кислота), 40 шт",
    ],
)
def test_listed_18_mentions_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "substances"),
    [
        # the standard's spelling of йод
        ("Иод кристаллический технический ГОСТ 545-76, 50 кг", {"iodine"}),
        # a concentration declares the acid; a slash joins two goods; a service after the goods
        ("盐酸 浓度31% 20吨", {"hydrochloric_acid"}),
        ("Acetone/toluene mixture 200 L drums", {"acetone", "toluene"}),
        ("Уксусный ангидрид 99%, 20 т, услуги по доставке включены", {"acetic_anhydride"}),
        # battery acid is the acid
        ("Battery acid (sulphuric acid 37%), 20 L cans", {"sulphuric_acid"}),
        ("蓄电池电解液（硫酸 37%）20升", {"sulphuric_acid"}),
        ("麻黄碱 25kg", {"ephedrine"}),
    ],
)
def test_listed_18_declared_stay_declared(resources: Resources, text: str, substances: set[str]) -> None:
    assert flagged(run(resources, text)) == substances


@pytest.mark.parametrize(
    "text",
    [
        # equipment named after a chemical, words between (mentions.yaml equipment_after)
        "Ephedrine colorimetric test kit, 50 tests/box, 200 boxes",
        "Sulphuric acid tank level gauge, radar type, 6 pcs",
        "Potassium permanganate dosing feeder (empty, no chemical), 2 units",
        # a pump for acid tanks; a tank counted as a machine
        "盐酸储罐用耐腐蚀离心泵 氟塑料衬里 4台",
        "丙酮储罐 不锈钢 容积30立方米 空罐 1台",
        # a tank said empty, counted in pieces (held-out listed_17's first run)
        "盐酸储罐 PE 10立方米 空罐 2个",
        "甲苯储槽 碳钢 已清洗 3个",
        # a company's name in quotes after its legal form
        "ТОО «Толуол-Трейд»: профнастил оцинкованный, 18 т",
        # an acid's name after a base's: another compound
        "哌啶甲酸（2-哌啶甲酸）1kg",
        "甲苯甲酸 25kg",
        # a salt's word is no boundary for a real word: potassium manganate stays clean
        "锰酸钾 盐酸盐",
    ],
)
def test_cases_9_mentions_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "substance"),
    [
        # goods carried in tanks are weighed: the acid is declared
        ("盐酸 储罐运输 30吨", "hydrochloric_acid"),
        ("盐酸储罐运输 31% 20吨 空运不适用", "hydrochloric_acid"),  # 空运 is air freight, not an empty tank
        ("Hydrochloric acid 33%, tank truck 20 t", "hydrochloric_acid"),
        ("Толуол, 18 т, получатель ТОО «Алматы Кемикалс»", "toluene"),
        ("苯乙酸 25kg", "phenylacetic_acid"),
        ("2-метил-3-фенилглицидная кислота 25 кг", "bmk_glycidic_acid"),
    ],
)
def test_cases_9_declared_stay_declared(resources: Resources, text: str, substance: str) -> None:
    assert flagged(run(resources, text)) == {substance}


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # a product standard whose title names the substance (substances' `standards`)
        ("Ацет. техн. 1 с. (ГОСТ 2768-84), 120 бочек", "acetone", "standard", "ГОСТ 2768-84"),
        ("Тол. нефт. ГОСТ 14710-78, ж/д цист. № 51234870, 60 т", "toluene", "standard", "ГОСТ 14710-78"),
        # a CAS number padded with zeros
        ("Liquid, CAS: 000103-79-7, 200 L drums x 6", "phenylacetone", "cas", "000103-79-7"),
        # a Latin chemical name
        ("Anhydridum aceticum, 2.5 L x 12", "acetic_anhydride", "exact", "Anhydridum aceticum"),
        # an ester's generic name followed by another alcohol's ester
        (
            "BMK glycidate isopropyl ester 98%, 200 kg drum",
            "bmk_glycidic_acid_other_esters",
            "exact",
            "BMK glycidate",
        ),
        ("PMK ethyl glycidate, methyl ester free", "pmk_ethyl_glycidate", "exact", "PMK ethyl glycidate"),
    ],
)
def test_found_as_written_cases_10(
    resources: Resources, text: str, substance: str, method: str, written: str
) -> None:
    test_found_as_written(resources, text, substance, method, written)


@pytest.mark.parametrize(
    "text",
    [
        # equipment, instruments and tests named after a chemical or a drug
        "丙酮回收机（溶剂蒸馏回收设备）　型号SR-60　2台",
        "便携式VOC检测仪（可测甲苯、二甲苯）　10台",
        "索氏提取器（乙醚萃取用）　玻璃仪器　500ML　50套",
        "Annex 2, item list:\nEphedrine/methamphetamine urine test cassette, 25 tests/kit, 400 kits",
        "Тест-полоски для выявления наркотиков в моче (морфин, амфетамин, метамфетамин, марихуана), 5000 шт.",
        "毒品检测试剂盒（吗啡/甲基安非他明/氯胺酮/大麻 四联检测卡）每盒25人份 共2000盒",
        # papaverine is no poppy; pool tablets are no bromine
        "盐酸罂粟碱注射液 30mg/1ml×10支/盒 2000盒",
        "Spa & pool bromine tablets (BCDMH 1-bromo-3-chloro-5,5-dimethylhydantoin) 20 g tabs, 5 kg pails",
        # an empty container named after what it held; a previous load
        "Empty returnable methylamine cylinders (Y-ton), degassed, tare 640 kg each, 6 units",
        "20英尺罐式集装箱（空箱回运）上一载货：溴素，已清洗并出具清洗证书",
        # impurity limits: a whole name word is not joined to the particle after it; a list of limits
        "N-метил-2-пирролидон (NMP), 99,9%; примеси: гамма-бутиролактон не более 0,03%, вода не более 0,02%",
        "N-甲基吡咯烷酮（NMP）电子级 99.9% 200kg/桶 规格：γ-丁内酯≤0.05% 水分≤0.03%",
    ],
)
def test_cases_10_mentions_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a test's result names what was found
        ("Груз: чай; по экспресс-тесту — героин, 2 кг", {"heroin"}),
        ("普洱茶饼 357克×240饼；查验：经检测卡检测为海洛因，约3.1千克", {"heroin"}),
        # goods in containers, not empty ones; a limit on water, not on the name
        ("Methylamine 40% aqueous solution, 200 kg drums", {"methylamine"}),
        ("Toluene max 0.5% water, 200 L drums", {"toluene"}),
        # a standard cited for other goods
        ("Болты ГОСТ 7798-70, 500 шт", set()),
    ],
)
def test_cases_10_declared_stay_declared(resources: Resources, text: str, found: set[str]) -> None:
    assert flagged(run(resources, text)) == found


@pytest.mark.parametrize(
    "text",
    [
        # a remedy made without a drug
        "Сироп от кашля «Доктор Мом» (растительный, без кодеина), флаконы 100 мл, 2 400 шт.",
        "枇杷止咳糖浆（无可待因配方）150ml/瓶×60瓶/箱，共300箱",
        # what a test detects, listed in brackets, a label inside them
        "Тест-полоски для выявления наркотиков в моче (мультипанель: морфин, метамфетамин, марихуана)",
        "尿液多合一毒品检测卡（吗啡/甲基安非他明/氯胺酮/大麻），25人份/盒×2,000盒",
        # instruments a few words before the name, or a few words after it
        "Трубки индикаторные для определения паров хлороформа в воздухе рабочей зоны, 300 упаковок",
        "Portable methylamine gas leak detector (electrochemical, 0-100 ppm) with charger, 40 units",
        # a hyphen hanging before a shared word
        "FKM (Viton) O-rings, chloroform- and solvent-resistant, assorted sizes, 20,000 pcs",
    ],
)
def test_listed_11_and_drugs_7_twins_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a test's result names the drug
        ("Officer note: 1,200 pink tablets, preliminary test positive for MDMA (ecstasy).", {"mdma"}),
        ("Тест показал: героин (3 кг), морфин", {"heroin", "morphine"}),
        # the drug itself, and a chemical declared with a grade
        ("Кодеин фосфат, 5 кг", {"codeine"}),
        ("Chloroform technical, 250 kg drums", {"chloroform"}),
    ],
)
def test_listed_11_and_drugs_7_named_stay_named(resources: Resources, text: str, found: set[str]) -> None:
    assert flagged(run(resources, text)) == found


@pytest.mark.parametrize(
    "text",
    [
        # a print, a pattern or an image of a drug's plant
        "Cotton T-shirts with cannabis-leaf print, 3,000 pcs",
        "罂粟花图案真丝丝巾 90×90cm 共800条",
        # drug tests listing what they detect; gas detection tubes; a reactor formerly used for a chemical
        "Экспресс-тесты на наркотики (мультипанель: морфин, метамфетамин, ТГК), 2000 шт.",
        "甲胺气体检测管 测量范围5-100ppm 10支/盒 共50盒",
        "二手不锈钢反应釜 5000L 原用于氯化亚砜生产 已清洗钝化 1台",
    ],
)
def test_listed_12_and_drugs_8_twins_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Cannabis resin 2 kg", {"cannabis_resin"}),
        ("罂粟壳 50公斤", {"poppy_straw"}),
        ("Героин (экспресс-тест: положительно), 3 кг", {"heroin"}),
        ("氯化亚砜 工业级 250kg/桶", {"thionyl_chloride"}),
    ],
)
def test_listed_12_and_drugs_8_named_stay_named(resources: Resources, text: str, found: set[str]) -> None:
    assert flagged(run(resources, text)) == found


@pytest.mark.parametrize(
    "text",
    [
        # an empty container, what it held named in brackets
        "20英尺罐式集装箱（原装溴素，已清洗、空箱回运）2只",
        # a coating, an alarm, a glove tested against a chemical
        "安全火柴 每盒45支 1000盒/箱 共200箱 盒侧擦皮含红磷涂层",
        "固定式甲胺气体检测报警仪 电化学传感器 量程0-100ppm 20台",
        "Viton chemical protective gloves, EN 374 class 6, permeation tested against chloroform, 500 pairs",
        # a code one letter off another code; an acyl group of toluene; the opioid class
        "Dimethylaminopropylamine (DMAPA) 99.5 %, ISO tank",
        "二对甲苯甲酰-L-酒石酸（L-DTTA） 99% 25kg/桶×8 手性拆分剂",
        "盐酸纳洛酮注射液 1ml:0.4mg 10支/盒 阿片类过量急救",
    ],
)
def test_listed_13_and_drugs_9_twins_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("溴素（原装，钢瓶） 99.5% 3kg", {"bromine"}),
        ("Bromine 99.5% (in glass bottles, 3 kg), 400 boxes", {"bromine"}),
        ("MAPA 99%, 200 kg", {"mapa"}),
        ("阿片 2公斤", {"opium"}),
        ("甲苯 99.9% 槽车", {"toluene"}),
    ],
)
def test_listed_13_and_drugs_9_named_stay_named(resources: Resources, text: str, found: set[str]) -> None:
    assert flagged(run(resources, text)) == found


@pytest.mark.parametrize(
    "text",
    [
        # CAS-index inverted names: a salt, a substituted compound
        "Hydriodic acid, potassium salt (potassium iodide) feed grade, 25 kg drums",
        "Hydrobromic acid, lithium salt (1:1), 55% solution for absorption chillers, 250 kg drums",
        "Propanoyl chloride, 2-chloro- (2-chloropropionyl chloride) 99%, 20 drums",
        "Methanamine, N-methyl- (dimethylamine) 60% aq., 24 drums",
        # a limit followed by its packing; a pump suitable for a chemical
        "N-甲基吡咯烷酮（NMP）锂电级 ≥99.9% 技术指标：水分≤100ppm，甲胺≤20ppm，γ-丁内酯≤0.05% 吨桶×20",
        "衬氟磁力驱动离心泵 IMD50-32-160F（适用于溴素、氢溴酸等强腐蚀介质输送）4台",
    ],
)
def test_listed_14_twins_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hydriodic acid 57%, 2.5 L bottles", {"hydriodic_acid"}),
        # the salts of the Tables' acids are the acids (but hydrochloric and sulphuric acid's)
        ("3,4-MDP-2-P methyl glycidic acid, potassium salt, 25 kg", {"pmk_glycidic_acid"}),
        ("Phenylacetic acid, sodium salt, 25 kg", {"phenylacetic_acid"}),
        ("Hydrochloric acid, sodium salt, 25 kg", set()),
        ("Propionyl chloride, 99%, 200 kg drums", {"propionyl_chloride"}),
        ("Toluene max 0.5% water, 200 L drums", {"toluene"}),
    ],
)
def test_listed_14_named_stay_named(resources: Resources, text: str, found: set[str]) -> None:
    assert flagged(run(resources, text)) == found


@pytest.mark.parametrize(
    "text",
    [
        # a limit after a dash; a permeation test; a report's "not detected" after the name's short form
        "N-метилпирролидон; массовая доля гамма-бутиролактона — не более 0,03 %",
        "耐溶剂丁腈手套（三氯甲烷渗透测试≥30min）M号 100只/盒 ×2000盒",
        "化妆品原料 大麻籽油 20kg/桶 ×50；检测报告：大麻二酚（CBD）未检出（<10mg/kg），THC未检出",
        # drug tests: a panel cup listing its analytes, a triple card after the names; an artificial poppy
        "12-panel urine drug test cup (AMP, COC, THC, OPI, MET, MDMA, KET, BUP, MTD, OXY, BZO, FEN)",
        "吗啡/甲基安非他明/氯胺酮 三联尿液检测卡（胶体金法）50人份/盒 ×2000盒",
        "罂粟红色仿真花（纪念用胸花，聚酯面料）10000枚",
    ],
)
def test_listed_15_and_drugs_11_twins_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a test's result before "for" names what was found
        (
            "Inspection note: 64 bricks, 71.3 kg gross, field test positive for cocaine hydrochloride.",
            {"cocaine"},
        ),
        ("Heroin 3 kg, not detected at first inspection", {"heroin"}),
    ],
)
def test_listed_15_and_drugs_11_named_stay_named(resources: Resources, text: str, found: set[str]) -> None:
    assert flagged(run(resources, text)) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a container named after what it held, said cleaned in brackets; gloves tested against chemicals
        ("品名：甲胺槽罐车罐体（已清洗，无残液）1辆", set()),
        ("Butyl rubber gloves, permeation-tested vs. GBL and chloroform, 1,000 pairs", set()),
        # the older Russian naming of a salt; goods carried by tank trucks are declared
        ("палладий двухлористый, 2 кг", {"palladium_chloride"}),
        ("盐酸 槽罐车 2辆 共60吨", {"hydrochloric_acid"}),
        ("甲胺水溶液 40% 钢瓶（新瓶）20只", {"methylamine"}),
    ],
)
def test_listed_16(resources: Resources, text: str, found: set[str]) -> None:
    assert flagged(run(resources, text)) == found


@pytest.mark.parametrize(
    ("text", "substance", "method", "written"),
    [
        # a long name word touching its purity or quantity, as typed in haste or read from a photo
        ("Acetone99% 200L drums", "acetone", "exact", "Acetone"),
        ("Acetic anhydride99.5%techgrade,200L HDPEdrumsx80", "acetic_anhydride", "exact", "Acetic anhydride"),
        ("1-Phenyl-2-propanone99%,180kg steel drums", "phenylacetone", "exact", "1-Phenyl-2-propanone"),
        ("Toluene99.9% bulk 20t", "toluene", "exact", "Toluene"),
    ],
)
def test_found_glued_to_a_number(
    resources: Resources, text: str, substance: str, method: str, written: str
) -> None:
    test_found_as_written(resources, text, substance, method, written)


@pytest.mark.parametrize(
    "text",
    [
        # a short abbreviation inside a product code is the code, not the chemical
        "GBL2000 floor cleaner concentrate, 5 L cans",
        "Model MEK2 solvent pump, stainless steel",
        "Cable PPA2000 connectors, 100 pcs",
    ],
)
def test_short_names_in_product_codes_stay_clean(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()
