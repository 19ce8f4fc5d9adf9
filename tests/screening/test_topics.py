"""A chemical or a drug named as the subject of other goods (after held-out listed_20-22's and drugs_16-18's
first runs, session 16): a course, a service or printed matter as the line's goods, in its first clause
(mentions.yaml topics_before), a dosing skid or a graphic after the name (equipment_after), a derivative's
systematic name (a locant and a word hyphened to the name), an abbreviation spelt out elsewhere on the line as
other words (match.spelt_out_elsewhere), artificial flowers.
Tables of clean texts and of texts that still declare what they name."""

import pytest

from app.screening.match import spelt_out_elsewhere
from app.screening.pipeline import Resources
from tests.screening.test_reading import run
from tests.screening.test_reading_written import flagged

ANHYDRIDE = "acetic_anhydride"


@pytest.mark.parametrize(
    "text",
    [
        # a course, a service, printed matter earlier on the line
        "Обучение персонала: курс «Безопасное обращение с ацетоном, толуолом и кислотами», 20 человек",
        "Laboratory service: GC purity testing of customer samples of acetone and toluene, 12 samples",
        "Self-adhesive printed labels 'ACETONE 1 L' and 'TOLUENE 1 L', 50,000 pcs, for a bottling line",
        "化学品安全技术说明书（MSDS）纸质印刷品：醋酸酐、甲苯，中俄文对照，A4装订，共2000份",
        "Training course on the safe handling of hydrochloric acid and sulphuric acid, 3 days, 12 persons",
        "危险化学品安全培训课程：丙酮、甲苯、盐酸的储存与运输，30人",
        "Брошюры «Хранение серной кислоты на складе», 500 шт.",
        # (listed_21's first run) a service, printed labels, gloves heading a line; a dosing skid after a name
        "Услуга: лабораторный анализ воздуха рабочей зоны на ацетон и толуол, 12 протоколов испытаний",
        "Self-adhesive GHS hazard labels printed 'ACETONE UN1090', 100 x 100 mm, 50,000 pcs, paper rolls",
        "Disposable nitrile gloves, acetone and toluene splash resistant, size L, 100 pcs/box, 500 ctns",
        "Перчатки нитриловые, стойкие к ацетону и толуолу, размер L, 1000 пар",
        "Potassium permanganate dosing skid for water treatment plant (tank, metering pumps), 1 set",
        "高锰酸钾加药装置 不锈钢 1套",
        # (listed_22's and drugs_18's first runs) a derivative's systematic name; a print
        "Метилэтилкетоксим (бутанон-2-оксим, МЭКО) 99,5%, бочки 180 кг, добавка против плёнкообразования",
        "Toluene-4-sulfonic acid monohydrate 98%, 25 kg bags",
        "T-shirts, 100% cotton, printed with cannabis leaf graphic, sizes S-XL, 2,400 pcs",
        # (listed_23's, drugs_19's) a list of names after a purpose, members of two words; spice as food
        "Handheld Raman analyser with library for acetic anhydride, safrole and P2P screening, 2 units",
        "Ёмкость для хранения уксусного ангидрида и серной кислоты, 2 шт.",
        "Mixed spice blend (curry powder), 1 kg foil bags x 3,000, food",
        # (listed_24's, drugs_20's) a service heading a line; a viscosity in cps; opioid poisoning
        "Inspection service: SGS sampling and assay of sulphuric acid cargo, report fee only, no goods",
        "检验服务：硫酸样品检测，报告费",
        "Carboxymethyl cellulose sodium (CMC) food grade, viscosity 3000 cps, 25 kg bags, 10 MT",
        "盐酸纳洛酮注射液 1ml:0.4mg，10支/盒，共2000盒，阿片中毒解救药",
        # an abbreviation spelt out elsewhere on the line
        "LSD gear oil 80W-90 for limited-slip differentials, 1 L bottles x 12, 500 cartons",
        # artificial poppies
        "仿真罂粟花（丝绸材质，铁丝花枝，红色，装饰用），每束6枝，共5000束，纸箱包装",
        "Artificial opium poppy flowers, silk, 12 stems per bunch, 400 bunches",
    ],
)
def test_a_subject_is_not_the_goods(resources: Resources, text: str) -> None:
    assert flagged(run(resources, text)) == set()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        # the goods first, the printed matter or the service after them
        ("Acetone 99.5% technical, 160 kg drums x 80, printed labels in Russian", {"acetone"}),
        ("丙酮 99% 160KG/桶 附中文说明书", {"acetone"}),
        ("Ацетон технический, бочки 160 кг, курс ЦБ 92,5", {"acetone"}),
        ("Toluene 99.9%, 200 L drums, with MSDS and COA; testing of each lot by SGS", {"toluene"}),
        ("Acetone 99.5%, drums with hazard labels, 160 kg x 80", {"acetone"}),
        ("Ацетон технический, 160 кг, протокол испытаний приложен", {"acetone"}),
        ("Potassium permanganate 99%, 50 kg drums, for a dosing skid", {"potassium_permanganate"}),
        # further on the line, analyses and labels are the other goods' papers giving a disguise away
        ("Масло кукурузное, 80 бочек по 200 л; сертификат анализа: ангидрид уксусный 98,5 %", {ANHYDRIDE}),
        ("Hydrogen peroxide 35%, 30 kg cans x 400. Drum labels read: ACETIC ANHYDRIDE, UN1715", {ANHYDRIDE}),
        ("Краска белая, бочки 200 л. Услуги по доставке: толуол 99 %, 20 т", {"toluene"}),
        # the goods on their own line below a line about a service
        ("1. Laboratory service, 1 set\n2. Acetone 99.5%, 160 kg drums x 10", {"acetone"}),
        # a list's member with its own figures is goods of their own
        ("Test kit for acetone, toluene 99% 200 L drums", {"toluene"}),
        ("Ёмкость для хранения ацетона, толуол 20 т", {"toluene"}),
        ("Test kit for acetone, acetic anhydride 99%, 20 t", {ANHYDRIDE}),
        ("Sulphuric acid 98%, service tank truck 20 t", {"sulphuric_acid"}),
        # a locant alone is the name's own; a longer name with its locant wins
        ("Бутанон-2 99,8%, бочки 160 кг", {"methyl_ethyl_ketone"}),
        ("Пиперидин-4-он гидрохлорид 25 кг", {"four_piperidone"}),
        ("1-phenyl-2-propanone 99%, 200 L drums", {"phenylacetone"}),
        ("Cannabis leaf, dried, 2 kg", {"cannabis"}),
        # LSD with no other words its letters begin
        ("LSD blotters, 100 tabs", {"lsd"}),
        # a chemical's abbreviation is spelt out only in brackets right after it
        ("GBL wheel cleaner 99%, grease-based liquid, 1 L bottles", {"gamma_butyrolactone"}),
        # the plant itself
        ("罂粟 种子 5公斤", {"opium_poppy"}),
    ],
)
def test_the_goods_still_named(resources: Resources, text: str, named: set[str]) -> None:
    assert flagged(run(resources, text)) == named


@pytest.mark.parametrize(
    ("text", "word", "spelt"),
    [
        ("lsd gear oil for limited-slip differentials", "lsd", True),
        ("low sulphur diesel (lsd) 500 t", "lsd", True),
        ("lsd blotters, lysergic acid diethylamide", "lsd", False),  # l, a, d: its own name
        ("lsd blotters, 100 tabs", "lsd", False),
        ("lsd-25 blotters, lots of small doses", "lsd-25", False),  # not letters only
        ("gbl cleaner, grease-based liquid", "gbl", True),  # hyphened words are two words
    ],
)
def test_spelt_out_elsewhere(text: str, word: str, spelt: bool) -> None:
    start = text.index(word)
    assert spelt_out_elsewhere(text, start, start + len(word)) is spelt
