"""Detection quality over the labelled corpus: the floors of tests/evaluation.py, category by category."""

import hashlib
from typing import cast

import pytest

from app.screening.pipeline import Resources
from tests.evaluation import (
    FALSE_POSITIVE_CEILINGS,
    HELDOUT,
    NEGATIVE,
    PARTS,
    RECALL_FLOORS,
    CategoryScore,
    Outcome,
    drug_outcomes,
    load_cases,
    quantity_outcomes,
    run_cases,
    score,
)
from tests.evaluation_lists import listed_outcomes


@pytest.fixture(scope="module")
def scores(resources: Resources) -> dict[str, CategoryScore]:
    return score(run_cases(load_cases(PARTS["tuning"]), resources))


def test_corpus_is_as_large_as_required(scores: dict[str, CategoryScore]) -> None:
    assert sum(s.items for s in scores.values()) >= 500
    assert scores["overlap"].items >= 120
    assert scores["ordinary"].items >= 200
    assert set(RECALL_FLOORS) <= set(scores)


@pytest.mark.parametrize(("category", "floor"), sorted(RECALL_FLOORS.items()))
def test_recall_floor(scores: dict[str, CategoryScore], category: str, floor: float) -> None:
    s = scores[category]
    assert s.recall >= floor, [(o.case.id, o.case.text, sorted(o.found)) for o in s.errors]


@pytest.mark.parametrize(("category", "ceiling"), sorted(FALSE_POSITIVE_CEILINGS.items()))
def test_false_positive_ceiling(scores: dict[str, CategoryScore], category: str, ceiling: float) -> None:
    s = scores[category]
    assert s.fp_rate <= ceiling, [(o.case.id, o.case.text, sorted(o.found)) for o in s.errors]


@pytest.mark.parametrize("category", ["cas", "hs", "salts", "mixed"])
def test_other_positive_categories_are_near_perfect(scores: dict[str, CategoryScore], category: str) -> None:
    assert scores[category].recall >= 0.97
    assert scores[category].precision >= 0.97


# ---- the held-out corpus: the figures that count ------------------------------------------------------

# The held-out files are frozen: never edited in a commit that also changes app/lexicon/ or app/rules/.
# A changed file fails here, so an edit must come with a new digest, in a commit of its own.
FROZEN = {
    "cases.jsonl": "6c313f5f40932c38ea07288e4423a8107ff76b735a7179238499759fa53449dd",
    "quantities.jsonl": "a137c36cc18930d7354008cd459d7f6a437fea6ed0384afdb4b43c154c8dfe68",
    "drugs.jsonl": "422f523674de615e9acd44b2feaeaff946435c02fe8f9b901fd9851fa3436a8c",
    "drugs_2.jsonl": "11419a7431d4bb8940cd5bfef52078720604e0ae3476677a5a70a129f56a4e71",
    "drugs_3.jsonl": "999c7162089f97aa81310e662eb0cfbf6aa28cbc779ec12a4efe3b3d3b283c8c",
    "drugs_4.jsonl": "00a1de4dd0a73b0a3a9f85d737f3632ac61cabcfaa79520b5295a4ae5753f5fe",
    "listed.jsonl": "adccc4b884bea2e9f879ddb28922d62e191e265b9a2e8140de2c9a26cb9b8d22",
    "listed_2.jsonl": "9ddb730043ab7d6dbabc3f2e439a85e0279bd473e4cba4f16d2fd85f2b606996",
    "listed_5.jsonl": "4efdaa9af3c9f9c60547d6109f4afb37106dae108b688343668919b30034b676",
    "listed_4.jsonl": "f897d9826d249792037ad4b172f0fdf219294fe0e6014ca03cf3ec4ffd9de418",
    "listed_3.jsonl": "742b5e5e1cb5f8f19108070583d3c3ab6806ac094b95b15d41d1452ac178ea2d",
    "listed_6.jsonl": "5d57479162de3a2360e511a62139d27d585e86ce0d09300ccc6bb8d42c463716",
    "listed_7.jsonl": "8f14e06007bee07cd413df4b9f7296f9971d0fcf479f5c6414bd9c9dd59194a8",
    "reading_2.jsonl": "9570b239f7ee7b60fb4ac6e73c5fdf3e093b85485f9c2b6d216ca3293d15c86d",
    "reading_3.jsonl": "aa7bd589beda634cdefd32c2880cc693535b423bfbf2dd08e0057e4af8c0feb4",
    "reading_4.jsonl": "7d2e87ea355d7ef1bee93a2ddbfa051aaca1109ed5862a9897451cc1f68fd99e",
    "reading_5.jsonl": "a6e5f8380d895d57bcdd87e7757bbd9d70d150334966113de0172ee443a4f6b6",
    "quantities_2.jsonl": "e1251a5ebd77488a4d3e9e9995290e6d274090749f643670d33fe3268816ad26",
    "reading_6.jsonl": "0edf14f5161eec86b54c1c565e7f2af40b5d1aa55aefd906afa9fe685ba7dcdf",
    "listed_8.jsonl": "9e0a3b28604e5dbdedecd85f518688700415700447afd6715f9f62f2931c9e85",
    "cases_2.jsonl": "2e19b22ebf0a4d48f019753284653daeb5c430b4cbe826ff9521a4fe145f0427",
    "listed_9.jsonl": "4995fb315b419225d723862ac08a4e77f9ade34e7dd6fabb98b4b2eb4c337cbd",
    "drugs_5.jsonl": "c0d954aeb190e1ddd5e5412e499a535853b2a046cb7621303e714879f36ddb7a",
    "cases_3.jsonl": "a788876ca2c9ae2d2e28b73b57911e37ecd654140f0d4b7a0e900de6f81ea087",
    "cases_4.jsonl": "75841fb538a74f6569c8835c850b3b92aa128fdd5388928cad929396c2ad7446",
    "cases_5.jsonl": "85f0bca9f49cd9409db7135f3c24e41b06ec266c4caea5b6767f669f45319a60",
    "cases_6.jsonl": "14ac0821e2fc6b1a0a2af77f611e3d789bf264388a129819268d7a7e9af6ffcd",
    "cases_7.jsonl": "6984ebac2bc40ebc5ba8e2f9601e895101a616185b63bfaefe70474e8ddabf29",
    "cases_8.jsonl": "25c99571b62fb4157a2d0873ddb3477943e9a665e40414ed581abe6de99498b7",
    "cases_9.jsonl": "c188708428e2c303a77ade0d4de130befab772e6b1d70fb136be207d0b93c203",
    "cases_10.jsonl": "361386721741621b67e3c9e686a45f680ec79cc95dbd6eb2b05481560a237d17",
    "listed_10.jsonl": "c1f36d32ccf579ea796eece9d5cb14e880e55d2fdc5cda9d030d13f770f7d095",
    "drugs_6.jsonl": "fc08db13fe33662dc2c1969226743b2d5243fb22a9e2952338e786db7565fc8e",
    "listed_11.jsonl": "316d34a915c898201f46d284f901318d5c30bd285fdf262d3feb6ef078177a81",
    "drugs_7.jsonl": "9b4ba37d4f01c6b0bb9c5c96dfd7eebf2799d1f428650885be1e33773460c9c0",
    "listed_12.jsonl": "9db589857884d0a303d50337d2d3cae5c5a01e0eca7d8e11f4329f7e5e1f33e7",
    "drugs_8.jsonl": "5afa38dd29289410da9d260f3b0da86f6cb4caf4cc5092d0bf25465e5395b2df",
    "listed_13.jsonl": "36efcd1e5d24348f833ccd028cfda89f7cd282a14d78b44afb2d280aa99a1a95",
    "drugs_9.jsonl": "5c3b45fc7ee127022acc91f912eb3bebcd10d3be4dc95f58705827b2e16aaad3",
    "listed_14.jsonl": "be8577a3063a12207a12df7d8598e4b6a0b934000b3ed7def0fa43d0ae5562f2",
    "drugs_10.jsonl": "84007f9416e86a0b17f007d0a87bc282d6c3e07ca12700ee6da1da9378b98aa3",
    "listed_15.jsonl": "14d8f22e165139d5992681112d6e2193a9d1af9e9b79b67f55d2257862361ed3",
    "drugs_11.jsonl": "a8505f073b31c01b810d4687a9cee27944de8e5dddf3a6144f2d47b1c30efb4f",
    "listed_16.jsonl": "438d3aacbd634cc958ec62922855d6523aa9b400b397cb1bc26db21eb3a9de44",
    "drugs_12.jsonl": "734efae83256b129136ded545532518bca8f9402bc9e0321b2d06a2beafb0a9a",
    "listed_17.jsonl": "1fc62c1bd71709251e7cd0a2bd81d74c5e376ae4d1a4d23c3acbec6faf89bb1a",
    "drugs_13.jsonl": "a263c63dc8ffbfe18057b952fa13ce9e6de7bfd484ee15b218f59227827e6115",
    "listed_18.jsonl": "03a84e6e2b29b1f3eb545fa6557b45a0de651177a6ca6073c8cb2f53d4875ef6",
    "listed_19.jsonl": "10f84cbec95d3770a90558a10ea6c5d17cb5d8b404a13905f5d1f898cd00fd3b",
    "drugs_15.jsonl": "a111c66075c53437d8c9538e95566440fe4e861f7c58dc82a9e1f647d5033a64",
    "listed_20.jsonl": "55fe6e1e40e5bb06842dab16f05e3644cb2d069d2feaef6a9ff125873f2f4ffa",
    "drugs_16.jsonl": "194b87d468e388fb331ab810d050c9d5160f68ab668c7dbc8cf3e782415e1f4a",
    "listed_21.jsonl": "38fb6840d74f51a3f288e2a800734c1dacbf8f344722638651d9dae25c4077b1",
    "drugs_17.jsonl": "eba91878501d6ec8013ed8b4bfe8a5751b20bd514237ee168019efc9f8e0f652",
    "listed_22.jsonl": "907289d9939dcecc3dc922d385a309b0d779c73d267b149f07003aa404ebf027",
    "drugs_18.jsonl": "e1a2ff9d77b5d7dbb2c744edc41abde49aea06640f06aa5d444dd44ebf3f8c86",
    "listed_23.jsonl": "02f20134e91c6c4dd855b2502c987ac6b7b1557e9b40de697f985416760b935f",
    "drugs_19.jsonl": "a1908f877c8f560826470035b056e3f18e770fa9fb7eff25c161ab939ec6926c",
    "listed_24.jsonl": "9b71cf2e3c8568ac4e3d1a0dbd3b98a75eae78d83e7b7a5d2a8f9c809a202120",
    "drugs_20.jsonl": "edf4e9acef5128e93ea35bc247d6a297effb97b8c3cda6fd634ada3213492264",
    "listed_25.jsonl": "666b55e5f76ffc0a01310f9537a705717c076f61fbc4c98df32b549db10eb4e3",
    "drugs_21.jsonl": "23096c27308f8217c31f8549c9dc2ff082a5b3853f82bf9a7f69d29abcadd722",
    "listed_26.jsonl": "cea9075aa814f843856f44c66eff44ff29c1582e9e8d26bf9367b325222ba742",
    "drugs_22.jsonl": "ee8802aa2823c095f09045fd3da2a61bf79369c853761887494d58d60187c63c",
    "drugs_14.jsonl": "86f3bc24982554156ecf267d2101d945858f213d4015c92d6d242c3522aa3462",
}
# Goals (issue 14): recall >= 0.90 in every category and language, precision >= 0.98. Floors sit at the
# goal, or just under a measured figure that misses it (shape_alike: 34 of 37, 2026-12-05, session 6).
HELDOUT_RECALL = {"shape_alike": 0.91}
HELDOUT_RECALL_DEFAULT = 0.90
HELDOUT_PRECISION = 0.98
HELDOUT_FP_CEILING = 0.02  # negative categories: items with any controlled substance reported
# share of held-out quantity cases read right, over quantities.jsonl and quantities_2.jsonl: the first 74
# of 82 on its first run; quantities_2 85/120 on its first run (session 9), 116/120 after its misses were
# read and answered (fields one per line, a net weight per package, counts grouped by a comma, goods split
# by ";"): 198 of 202 together
QUANTITIES_READ = 0.97


@pytest.fixture(scope="module")
def heldout(resources: Resources) -> list[Outcome]:
    return list(run_cases(load_cases(PARTS["heldout"]), resources))


@pytest.mark.parametrize(("name", "digest"), sorted(FROZEN.items()))
def test_heldout_is_frozen(name: str, digest: str) -> None:
    assert hashlib.sha256((HELDOUT / name).read_bytes()).hexdigest() == digest


def test_heldout_covers_every_category_and_language(heldout: list[Outcome]) -> None:
    assert len(heldout) >= 400
    assert {"zh", "ru", "en"} <= {o.case.lang for o in heldout}
    assert set(RECALL_FLOORS) | {"sound_alike", "shape_alike", "pinyin", "abbreviation", "multiline"} <= {
        o.case.category for o in heldout
    }


def test_heldout_recall_by_category(heldout: list[Outcome]) -> None:
    low = {
        name: round(s.recall, 3)
        for name, s in score(heldout).items()
        if name not in NEGATIVE and s.recall < HELDOUT_RECALL.get(name, HELDOUT_RECALL_DEFAULT)
    }
    assert low == {}


def test_heldout_by_language(heldout: list[Outcome]) -> None:
    for lang, s in score(heldout, by="lang").items():
        assert s.recall >= HELDOUT_RECALL_DEFAULT, lang
        assert s.precision >= HELDOUT_PRECISION, lang


@pytest.mark.parametrize("category", sorted(NEGATIVE - {"shape_twin"}))  # shape twins: the later slices
def test_heldout_negatives_stay_clean(heldout: list[Outcome], category: str) -> None:
    assert score(heldout)[category].fp_rate <= HELDOUT_FP_CEILING


def test_heldout_quantities(resources: Resources) -> None:
    outcomes = quantity_outcomes(resources)
    assert len(outcomes) >= 60
    assert sum(ok for _, ok, _ in outcomes) / len(outcomes) >= QUANTITIES_READ


# Later shape-alike slices (heldout/reading_2..4.jsonl), each written after the previous one's errors were
# read: recall just under what was measured on 2026-12-05 (0.841 and 0.828 after their errors were read;
# reading_4, first run and not read since: 0.912, the goal of 0.90 met), their twins clean.
# After the table was built again over GBK (2026-12-05, session 8: the misses 苿/茉, 橦/樟 were rare glyphs):
# 0.854, 0.851 and 0.950 (reading_4's errors were read for that, so it is a tuning figure since).
# reading_5, written after that by a session that saw neither the code nor the other slices, first run on the
# GBK table: 0.950 (76/80).
# reading_6 (session 9, all 36 substances, written by a session that saw neither the code nor the tables):
# first run 0.988 (79/80).
SHAPE_SLICES = {"heldout-2": 0.85, "heldout-3": 0.85, "heldout-4": 0.95, "heldout-5": 0.95, "heldout-6": 0.98}


@pytest.mark.parametrize(("part", "floor"), sorted(SHAPE_SLICES.items()))
def test_later_shape_slices(resources: Resources, part: str, floor: float) -> None:
    scores = score(run_cases(load_cases(PARTS[part]), resources))
    assert scores["shape_alike"].items >= 80 and scores["shape_twin"].items >= 40
    assert scores["shape_alike"].recall >= floor
    assert scores["shape_twin"].fp_rate == 0.0


# Drugs named outright (issue 15), over the three held-out drug files: recall >= 0.90 per language is the
# goal and the floor; twins (ordinary goods) flagged: the goal is none, and none is measured (the third file
# was written after the first two's errors were read; its first run flagged 2 of 72 twins).
DRUG_RECALL = 0.90
DRUG_TWINS_FLAGGED = 0
# Twins whose label goes against a decision the data records, with where it is recorded: they are held to the
# decision (flagged), not counted among the twins, and named in the held-out README's first-run figures.
DECIDED_AGAINST_LABEL = {
    # food poppy seed in Chinese: drugs.yaml opium_poppy's note (罂粟籽 left to match: restricted in China)
    "hd20-0098": "opium_poppy",
}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_heldout_drugs(resources: Resources, lang: str) -> None:
    outcomes = [(c, found) for c, found in drug_outcomes(resources) if c["lang"] == lang]
    named = [c["drug"] in found for c, found in outcomes if c["category"] == "drug_named"]
    twins = [
        bool(found)
        for c, found in outcomes
        if c["category"] == "drug_twin" and c["id"] not in DECIDED_AGAINST_LABEL
    ]
    decided = {c["id"]: found for c, found in outcomes if c["id"] in DECIDED_AGAINST_LABEL}
    assert len(named) >= 45 and len(twins) >= 60
    assert sum(named) / len(named) >= DRUG_RECALL
    assert sum(twins) <= DRUG_TWINS_FLAGGED
    assert all(DECIDED_AGAINST_LABEL[case_id] in found for case_id, found in decided.items())


# Chemicals of the further lists (heldout/listed*.jsonl, expected by CAS number). Goal: recall >= 0.90 per
# language, no twin flagged. First runs (not read before): listed_2 en 27/30, ru 27/30, zh 26/30, one twin of
# 51 flagged; listed_3 (after iodine, chloral, cyclopentene and head names) 90/90 named, one zh twin of 60
# flagged (氢溴酸西酞普兰, citalopram hydrobromide: 氢溴酸 then joined the acid prefixes that name a salt).
# listed_4 (after listed_3's answer; twins the writer's focus) first run: named en 25/25, ru 24/25, zh 25/25,
# twins flagged 4/75 (甲胺基 in emamectin, 溴素 in a company's name, "этиловый эфир … кислоты", "CBD (cash
# before delivery)"); each answered by a general rule (zh_naming.yaml 基 and company names, ru_naming.yaml,
# an abbreviation spelt out as another thing). Over the four files on 2026-12-05: en 111/117, ru 115/120,
# zh 113/119, no twin flagged; listed.jsonl's misses are 12 CAS numbers its writer and the list data disagree
# on and 4 US-List-I-only chemicals; listed_4's one miss "Палладия (II) хлорид" (the oxidation state between).
# listed_5 first run: named en 23/25, ru 23/25, zh 24/25; twins flagged 7/75 (limits, tests, instruments and a
# company named after a chemical: then mentions.yaml).
# listed_6 first run: named 55/55; twins flagged 2/64 (a chromatograph for chloroform residue testing, an
# empty tank for storing acetonitrile; then mentions.yaml's purpose_before and 残留). Floors: under it.
# listed_7 first run (after that): named en 25/25, ru 24/25, zh 25/25; twins flagged 6/75 (drums, filters,
# suits made for a chemical; a consignee named after one): then mentions.yaml's goods made for a chemical and
# party fields, zh_naming.yaml's works (化工厂), ru_naming.yaml's oxidation states.
# listed_8 first run (session 9): named en 24/25, ru 22/25, zh 22/25 (all 7 misses xylene, barium sulphate and
# sodium bromide, which cn_export_myanmar.yaml leaves out by design); twins flagged 9/75, then answered
# (mentions.yaml: impurity limits in per cent, "for"/"для", lists after a cue, "из-под", flasks;
# negation.yaml: "(ацетонитрил, метанол) в поставку не входят", not part of the delivery).
# listed_9 and drugs_5 first run (session 10): listed named en 23/24, ru 23/24, zh 25/25 (1,4-butanediol,
# which no list data holds); twins flagged 4/73 (matches with a red-phosphorus surface, a tank whose
# previous cargo was chloroform, a methylamine sensor, detector tubes with a palladium chloride reagent);
# drugs named 45/45, twins flagged 1/75 ("Fentanyl test strips"): then mentions.yaml (сенсор, previous
# cargo, coatings, an instrument's contents in brackets) and the mention guard for drugs too.
# listed_10 and drugs_6 first run (session 13): listed named en 19/19, ru 20/20, zh 19/19; twins flagged
# 6/90 (one a wrong label: benzyl chloride is on list IV table III, relabelled in its own commit; GBL as an
# impurity limit in NMP in ru and zh, pool "bromine tablets", empty methylamine cylinders, a tank's previous
# load); drugs named 45/45, twins flagged 3/75 (drug tests listing drugs in brackets, papaverine as the
# poppy): then a whole name word not joined to the particle after it, a list of limits, BCDMH, empty
# containers, a previous load, the members of a list in brackets after a test, 罂粟碱 as a guard.
# listed_11 and drugs_7 first run (after that): listed named 59/59, twins flagged 3/90 (indicator tubes, a gas
# leak detector, "chloroform- and solvent-resistant" O-rings); drugs named 45/45, twins flagged 4/75 (syrups
# "без кодеина", "无可待因配方", drug tests listing drugs in brackets): then a drug said to be absent, tests'
# lists with a label inside, instruments a few words away, a hanging hyphen.
# listed_12 and drugs_8 first run (after that): listed named 60/60, twins flagged 2/90 (a gas detection tube,
# a reactor formerly used for thionyl chloride); drugs named 45/45, twins flagged 3/75 (a cannabis-leaf print,
# a poppy-flower pattern, express tests listing drugs): then prints and patterns, detection tubes, "原用于".
# listed_13 and drugs_9 first run (after that): listed named 60/60, twins flagged 6/90 (an empty tank
# container naming its former load in brackets, a red-phosphorus coating, a gas detection alarm, gloves
# "tested against chloroform", DMAPA as MAPA, 二对甲苯甲酰 as toluene); drugs named 45/45, twins flagged 1/75
# (阿片类, the opioid class): then what an empty container held, codes read as written, acyl groups, 涂层,
# 阿片类 as a guard.
# listed_14 and drugs_10 first run (after that): listed named 56/56, twins flagged 6/90 (CAS-index inverted
# names of salts and substituted compounds, a limit followed by its packing, a pump "适用于溴素"); drugs named
# 45/45, twins flagged 0/75: then inverted names, Chinese after a limit's per cent, "适用于".
# listed_15 and drugs_11 first run (after that): listed named 60/60, twins flagged 3/90 (a limit after a
# dash, a permeation test, CBD "未检出"); drugs named 44/45 ("test positive for cocaine" read as a
# purpose), twins flagged 3/75 (a panel cup, a triple card, an artificial poppy): then results before
# "for", a dash before a limit, "not detected", panels and cups, artificial flowers.
# listed_16 and drugs_12 first run (after that): listed named 59/60 ("палладий двухлористый"), twins flagged
# 2/90 (a cleaned tank-truck body, gloves "permeation-tested vs."); drugs named 45/45, twins flagged 0/75.
# listed_17 and drugs_13 first run (session 15): listed named 60/60, twins flagged 1/90 (an empty storage tank
# "盐酸储罐 … 空罐 2个": then mentions.yaml tanks_empty); drugs named 44/45 (大麻花, dried cannabis flower, is
# also the Tianjin fried-dough twist: left as it is), twins flagged 0/75.
# listed_18 and drugs_14 first run (after that): listed named 59/60 ("Иод", the GOST spelling), twins
# flagged 3/90 (a pool test kit "chlorine/bromine", a customs representative's services, an online
# analyser); drugs named 45/45, twins flagged 1/75 (a strip after the drugs it detects): then
# services_before, analysers after a Chinese name, a slash-joined list that a test detects.
# listed_19 and drugs_15 first run (after that): listed named 60/60, twins flagged 2/90 (a filled lead-acid
# battery, 麻黄碱类快速检测试剂盒); drugs named 45/45, twins flagged 0/75: then articles holding a chemical
# in brackets, a few Chinese characters before a test kit.
# listed_20 and drugs_16 first run (session 16): listed named 60/60, twins flagged 4/90 (a training course, a
# laboratory service, printed labels, printed safety data sheets); drugs named 45/45, twins flagged 2/75
# (artificial poppies, "LSD gear oil … for limited-slip differentials"): then topics_before (a course, a
# service or printed matter earlier on the line), a street name's letters spelt out elsewhere on the line.
# listed_21 and drugs_17 first run (after that): listed named 60/60, twins flagged 4/90 (an air-analysis
# service, hazard labels, a dosing skid, gloves "acetone and toluene splash resistant"); drugs named 45/45,
# twins flagged 0/75: then services, printed labels and gloves heading a line (topics_before), dosing skids.
# listed_22 and drugs_18 first run (after that): listed named 60/60, twins flagged 1/90 (MEK oxime
# "бутанон-2-оксим"); drugs named 45/45, twins flagged 1/75 (a T-shirt "printed with cannabis leaf graphic"):
# then a locant and a word hyphened to a name (a derivative's systematic name), graphics after a name.
# listed_23 and drugs_19 first run (after that): listed named 60/60, twins flagged 1/90 (a Raman analyser's
# "library for acetic anhydride, safrole and P2P"); drugs named 45/45, twins flagged 1/75 ("Mixed spice blend
# (curry powder)"): then names of two and three words in a list after a purpose (and a member with its own
# figures is goods: "Test kit for acetone, toluene 99% 200 L drums"), food words as spice's licit context.
# listed_24 and drugs_20 first run (after that): listed named 60/60, twins flagged 1/90 (an inspection
# service); drugs named 45/45, twins flagged 3/75 ("3000 cps" a viscosity, 阿片中毒 opioid poisoning,
# food poppy seed in Chinese): then a service heading a line, cps no name, 阿片中毒 a guard; the poppy seed
# held to the decision in drugs.yaml (DECIDED_AGAINST_LABEL).
# listed_25 and drugs_21 first run (after that): listed named 60/60, twins flagged 0/90; drugs named 45/45,
# twins flagged 0/75: the first pair clean at its first run.
# listed_26 and drugs_22 first run (no rule changed since): 60/60, 0/90; 45/45, 0/75: the second in a row.
LISTED_RECALL = 0.93
LISTED_TWINS_FLAGGED = 0


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_heldout_listed(resources: Resources, lang: str) -> None:
    outcomes = [o for o in listed_outcomes(resources) if o.case["lang"] == lang]
    named = [o.right for o in outcomes if o.case["category"] == "listed_named"]
    twins = [o.right for o in outcomes if o.case["category"] == "listed_twin"]
    assert len(named) >= 60 and len(twins) >= 35
    assert sum(named) / len(named) >= LISTED_RECALL
    assert len(twins) - sum(twins) <= LISTED_TWINS_FLAGGED


# A second whole held-out corpus (heldout/cases_2.jsonl, 582 cases, session 10). First run: precision
# 0.990, recall 0.938; by language recall en 0.958, ru 0.900, zh 0.948; under 0.90: transliterated 0.533,
# abbreviation 0.800, spaced 0.833, pinyin 0.880, misspelled zh 1/4 (tests/data/heldout/README.md).
# Answered by English written in Cyrillic as it sounds, short stems beside their neighbours, a character
# left out, pinyin with locants, a word broken at a line end, "+" between two goods.
# The third (heldout/cases_3.jsonl, after cases_2's answer, weighted to the weak categories). First run:
# precision 0.978, recall 0.904; by language recall en 0.927, ru 0.897, zh 0.884; under 0.90: spaced
# 0.650, misspelled 0.700, transliterated 0.743, abbreviation 0.850 (README). Answered by slips of the
# hand, words split by spaces, an ester named acid first, a trade code heading a longer name, a cue ending
# a label, "CAS NO.…", letters spelt out in Cyrillic; its ru precision 0.980 (one ethyl glycidate also
# read as BMK, the level the same).
# The fourth (heldout/cases_4.jsonl, after cases_3's answer). First run: precision 0.977, recall 0.917; by
# language recall en 0.979, ru 0.857, zh 0.921; under 0.90: abbreviation 0.714, transliterated 0.733,
# spaced 0.750, shape_alike 0.800, traditional 0.867; overlap 6/50 flagged. Answered by Latin codes in
# Cyrillic capitals, hyphened syllables, line breaks in capitals and after a locant, "not"/"не" before a
# name, pumps and anodizing as mentions; two overlaps are still flagged (an HCl storage tank, a
# permanganate COD analyser).
# The fifth (heldout/cases_5.jsonl, session 11, after cases_4's answer). First run: precision 0.988, recall
# 0.930; by language recall en 0.939, ru 0.901, zh 0.938; under 0.90: transliterated 0.714 (Chinese names in
# Palladius Cyrillic), abbreviation 0.846, shape_alike 0.850, sound_alike 0.886. Answered by Palladius (in
# Cyrillic and in Latin), near sounds, English stems cut with a dot, a head name after a line's number, a
# formula read as written, "storage tank", a preposition before a legal form, names without locants, a word
# broken at a line end, T for 丁.
# The sixth (heldout/cases_6.jsonl, session 11, written while cases_5 was answered). First run: precision
# 0.983, recall 0.943; by language recall en 0.976, ru 0.935, zh 0.931; under 0.90: sound_alike 0.850,
# abbreviation 0.867, transliterated 0.889. Answered by Palladius in Latin, Taiwan's 第三 for tert-, a word
# joined and another misspelt.
# The seventh (heldout/cases_7.jsonl, session 11, written while cases_6 was answered). First run: precision
# 0.995, recall 0.937; by language recall en 0.978, ru 0.913, zh 0.929 (every language over 0.90 recall and
# 0.98 precision); under 0.90: abbreviation 0.867, transliterated 0.867, shape_alike 0.875, lookalike 0.833.
# Answered by box 31's goods number, Cyrillic к among Latin letters, a scanner's letters for locants, я/е, a
# soft g, a legal form in another field, PPA.
# The eighth (heldout/cases_8.jsonl, session 12, after cases_7's answer). First run: precision 0.972, recall
# 0.956; by language recall en 0.966, ru 0.944, zh 0.957, precision en 0.977, ru 0.985, zh 0.957; under 0.90:
# cas 0.800, spaced 0.833, transliterated 0.889; overlap 8/49 flagged (equipment and gear for a chemical).
# Answered by CAS groups parted by spaces or dots after "CAS", a hyphen and a space inside a word, a
# preposition that is no piece of a joined word, equipment named after a chemical (mentions.yaml).
# The ninth (heldout/cases_9.jsonl, session 13, after cases_8's answer). First run: precision 0.980, recall
# 0.969, every category at or above 0.90 recall (shape_alike 0.900 lowest); by language recall en 0.991, ru
# 0.966, zh 0.956; overlap 7/49 flagged. Answered by a salt's word as a boundary, locants before a real word,
# long vowels as Russian writes them, esters named by acid and alcohol (esters.yaml), equipment with words
# between, tanks counted as machines, companies in quotes, acids after a base's name.
# The tenth (heldout/cases_10.jsonl, session 13, written while cases_9 was answered). First run: precision
# 0.984, recall 0.979, every category at or above 0.90 recall (abbreviation 0.911 lowest); by language recall
# en 0.962, ru 0.985, zh 0.984; overlap 4/50 flagged. Answered by product standards (ГОСТ), CAS numbers padded
# with zeros, an ester's generic name before another alcohol's, recovery machines, extractors, test cassettes.
# All of these are tuning figures once answered: the floors sit just under what was measured after.
SLICES: dict[str, dict[str, object]] = {
    "heldout-cases-2": {"recall": {"transliterated": 0.93, "shape_alike": 0.92}, "language": 0.95,
                        "precision": 0.98, "negatives": 0.0},
    "heldout-cases-3": {"recall": {"transliterated": 0.85, "abbreviation": 0.84}, "language": 0.92,
                        "precision": 0.975, "negatives": 0.0},
    "heldout-cases-4": {"recall": {"abbreviation": 0.79, "shape_alike": 0.79, "traditional": 0.86,
                                   "transliterated": 0.76}, "language": 0.89, "precision": 0.97,
                        "negatives": 0.04},
    "heldout-cases-5": {"recall": {"shape_alike": 0.87}, "language": 0.95, "precision": 0.985,
                        "negatives": 0.02},
    "heldout-cases-6": {"recall": {"abbreviation": 0.86, "sound_alike": 0.84}, "language": 0.93,
                        "precision": 0.975, "negatives": 0.04},
    "heldout-cases-7": {"recall": {}, "language": 0.93, "precision": 0.99, "negatives": 0.04},
    "heldout-cases-8": {"recall": {"transliterated": 0.88, "spaced": 0.89, "cas": 0.99}, "language": 0.95,
                        "precision": 0.975, "negatives": 0.03},
    "heldout-cases-9": {"recall": {"shape_alike": 0.94}, "language": 0.98, "precision": 0.99,
                        "negatives": 0.0},
    "heldout-cases-10": {"recall": {"shape_alike": 0.94, "misspelled": 0.97}, "language": 0.98,
                         "precision": 0.99, "negatives": 0.0},
}  # fmt: skip


@pytest.mark.parametrize("part", sorted(SLICES))
def test_whole_heldout_slices(resources: Resources, part: str) -> None:
    floors = SLICES[part]
    recall = cast(dict[str, float], floors["recall"])
    outcomes = list(run_cases(load_cases(PARTS[part]), resources))
    assert len(outcomes) >= 560
    by_category = score(outcomes)
    low = {
        name: round(s.recall, 3)
        for name, s in by_category.items()
        if name not in NEGATIVE and s.recall < recall.get(name, HELDOUT_RECALL_DEFAULT)
    }
    assert low == {}
    dirty = {
        n: s.fp_rate for n, s in by_category.items() if n in NEGATIVE and s.fp_rate > floors["negatives"]
    }
    assert dirty == {}
    for lang, s in score(outcomes, by="lang").items():
        assert s.recall >= cast(float, floors["language"]), lang
        assert s.precision >= cast(float, floors["precision"]), lang
