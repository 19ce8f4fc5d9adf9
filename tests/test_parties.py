"""Company names across scripts (app/parties.py): a table of pairs from the issue and its negatives, and the
labelled sets tests/data/parties/pairs*.jsonl (each written by a session that saw no code), measured."""

import hashlib
import json
from collections import defaultdict
from pathlib import Path

import pytest

from app.lexicon.loader import load_lexicon
from app.parties import PartyMatcher, fold
from app.party_index import NameIndex

DATA = Path(__file__).resolve().parent / "data" / "parties"
# file -> (sha256, precision floor, recall floor)
PAIR_SETS = {
    # tuning figures: measured after the first run (precision 0.816, recall 0.507) was read and general rules
    # added (legal forms only at a name's ends, their countries, Chinese characters compared as characters,
    # the whole pinyin reading, the Palladius transcription, transliteration folds, initials, industries):
    # precision 0.975, recall 0.821; after pairs_2's misses were read (session 17: ООО and АО render
    # 有限公司 and 股份有限公司, more cities and translated industries, no typing slip between a Chinese
    # name's pinyin and a Latin one): precision 0.967 (ТОО «Алматы Кемикал Трейд» now the same as «Алматы
    # Кемикалс»: трейд is an industry word, as trade is in Latin), recall 0.843
    "pairs.jsonl": ("5af374f4a3db77696fb09a3ab7f219d9be83d40c74144adc5db251472363a027", 0.96, 0.84),
    # the clean measure of session 6's rules, first run 2026-12-05: precision 0.988, recall 0.654 (zh-cyr
    # 0/17: Russian names of Chinese companies other than the Palladius trade name failed); tuned on since
    # session 17: precision 1.000, recall 0.906
    "pairs_2.jsonl": ("a5425499e641f88c09c2f39157487ec7022b235a6a6247334c73f12ea14740b1", 0.99, 0.90),
    # the clean measure of session 17's rules (BRIEF_pairs_3.md), first run 2026-12-06 in a clean worktree of
    # aada2c0: 277 pairs, precision 1.000 (126 of 126 different kept apart), recall 0.629 (95 of 151; zh-cyr
    # 15/32, zh-lat 17/33, lat-lat 11/19, cyr-lat 20/28, cyr-cyr 16/20, zh-zh 16/19). The rules at the
    # session's start gave precision 1.000, recall 0.517 (zh-cyr 3/32). Tuned on since (joining words, words
    # folded before they are looked up, more industries and cities): precision 1.000, recall 0.788
    "pairs_3.jsonl": ("9fc5f73c3ddfdaa411a4ed58d0917959cca44a2953c0a4d19e24303cc15a69cc", 0.99, 0.78),
    # the clean measure of pairs_3's tuning (BRIEF_pairs_4.md), first run 2026-12-06 in a clean worktree of
    # 67d48e4: 295 pairs, precision 0.992 (125 of 126 different kept apart; 西安秦丰 taken for «Сиань Цинфэн»:
    # Qin and Qing both became "cin" once the soft sign was dropped), recall 0.692 (117 of 169; zh-cyr 10/32,
    # zh-lat 24/31, lat-lat 18/25, cyr-lat 23/32, cyr-cyr 21/27, zh-zh 21/22). Tuned on since (the soft sign
    # kept where Palladius spellings are compared): precision 1.000, recall 0.692
    "pairs_4.jsonl": ("317afd47faeafaa35afc45b04f2d076aac1ba69da5b59436812f6e91a237cc60", 0.99, 0.69),
}


@pytest.fixture(scope="module")
def matcher() -> PartyMatcher:
    lexicon = load_lexicon()
    return PartyMatcher(lexicon.parties, lambda text: lexicon.normalise(text).text)


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("ТОО «Алматы Кемикалс»", "Almaty Chemicals LLP", "exact"),
        ("ALMATY CHEMICALS, TOO", "Almaty Chemicals LLP", "exact"),
        ("乌鲁木齐华夏贸易有限公司", "Urumqi Huaxia Maoyi Youxian Gongsi", "exact"),
        ("乌鲁木齐华夏贸易有限公司", "Urumqi Huaxia Trading Co., Ltd.", "exact"),
        ("乌鲁木齐华夏贸易有限公司", "WULUMUQIHUAXIAMAOYIYOUXIANGONGSI", "reading"),
        ("乌鲁木齐华夏贸易有限公司", "Урумчи Хуася Трейдинг Ко., Лтд.", "palladius"),
        ("烏魯木齊華夏貿易有限公司", "乌鲁木齐华夏贸易有限公司", "exact"),  # traditional characters
        ("ОсОО «Бишкек Химпром»", "Bishkek Khimprom LLC", "exact"),
        ("Saryarka Tranzit LLP", "Saryraka Tranzit LLP", "typo"),  # two letters swapped inside a word
        # a Chinese company's Russian name: 有限公司 written ООО, the industry and the city translated
        ("乌鲁木齐华夏贸易有限公司", "ООО «Урумчи Хуася Трейдинг»", "palladius"),
        ("兰州永盛化工有限公司", "ООО «Ланьчжоу Юншэн Химия»", "palladius"),
        ("霍尔果斯金桥物流有限公司", "Хоргос Цзиньцяо Логистика, ООО", "palladius"),
        ("深圳市龙腾电子科技有限公司", "Shenzhen Longteng Electronic Technology Co., Ltd.", "exact"),
        ("ТОО «Степь и Партнёры»", "Step & Partners LLP", "exact"),  # joining words, ё, a generic word
        # a generic word looked up as its Latin spelling folds
        ("Volga Transport Kompaniya LLC", "Volga Transport Kompaniia OOO", "exact"),
        ("新疆维吾尔自治区天河化工有限公司", "新疆天河化工有限公司", "exact"),  # the region's full name
        ("石河子丰源纺织有限公司", "ООО «Шихэцзы Фэнъюань Текстиль»", "palladius"),  # ъ parts syllables only
        # legal forms parties.yaml does not list but rigour knows, at either end of a name
        ("Arslan Khimtrade SARL", "ARSLAN KHIMTRADE", "exact"),
        ("Kft. Arslan Khimtrade", "Arslan Khimtrade", "exact"),
    ],
)
def test_the_same_company(matcher: PartyMatcher, a: str, b: str, reason: str) -> None:
    result = matcher.compare(a, b)
    assert (result.same, result.reason) == (True, reason)
    assert result.score >= 85
    assert matcher.compare(b, a).same  # symmetric
    assert matcher.same(a, b) and matcher.same(b, a)  # the first sieve (blocks) keeps every such pair


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("Urumqi Huaxin Trading Co., Ltd.", "Urumqi Huaxia Trading Co., Ltd.", "core"),  # a letter replaced
        ("Химпром-1", "Химпром-2", "core"),
        ("ТОО «Темір Снаб-7»", "ТОО «Темір Снаб-17»", "core"),  # a digit added is no typing slip
        ("ООО «Омсктрансагент»", "ООО «Томсктрансагент»", "core"),  # nor a letter at a word's start
        ("ИП Ахметов Б.К.", "ИП Ахметова Б.К.", "core"),  # nor at its end
        ("Almaty Chemicals LLP", "Astana Chemicals LLP", "core"),
        ("新疆鑫达商贸有限公司", "新疆新达商贸有限公司", "exact"),  # same reading, other characters
        ("ТОО «Алматы Кемикалс»", "ОсОО «Алматы Кемикалс»", "legal_form"),  # Kazakh, Kyrgyz
        ("Urumqi Huaxia Trading Co., Ltd.", "Kashgar Huaxia Trading Co., Ltd.", "place"),
        ("Almaty Chemicals LLP", "Almaty Logistics LLP", "industry"),
        ("ТОО", "LLP", "empty"),
        # a Kyrgyz ОсОО trading under a Chinese company's name is a Kyrgyz company; ООО may render 有限公司
        ("乌鲁木齐华夏贸易有限公司", "ОсОО «Урумчи Хуася Трейдинг»", "legal_form"),
        # a pinyin letter less is another syllable: 丰云, not 丰源
        ("伊宁丰源商贸有限公司", "Yining Fengyun Trading Co., Ltd.", "core"),
        # the soft sign tells Palladius's -n from -ng: 秦 Цинь (qin) is not Цин (qing)
        ("兰州秦川化工有限公司", "ООО «Ланьчжоу Цинчуань Химия»", "palladius"),
    ],
)
def test_different_companies(matcher: PartyMatcher, a: str, b: str, reason: str) -> None:
    result = matcher.compare(a, b)
    assert (result.same, result.reason) == (False, reason)
    assert not matcher.compare(b, a).same


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Khimprom", "Himprom"),
        ("Qazaq", "Kazakh"),
        ("Eksport", "Export"),
        ("Servis", "Service"),
        ("Almaty", "Almati"),
    ],
)
def test_fold_makes_transliterations_one(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(("name", "expected"), sorted(PAIR_SETS.items()))
def test_labelled_pairs(matcher: PartyMatcher, name: str, expected: tuple[str, float, float]) -> None:
    digest, precision_floor, recall_floor = expected
    path = DATA / name
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # tp, fp, fn, tn per script pair
    for row in rows:
        found = matcher.compare(row["a"], row["b"]).same
        assert matcher.same(row["a"], row["b"]) == found, row  # the sieve never drops a pair found the same
        want = row["label"] == "same"
        outcome = {(True, True): 0, (True, False): 1, (False, True): 2, (False, False): 3}[(found, want)]
        counts[row["scripts"]][outcome] += 1
    tp, fp, fn, tn = (sum(c[i] for c in counts.values()) for i in range(4))
    print(f"\n{name}: {len(rows)} pairs; precision {tp / (tp + fp):.3f}, recall {tp / (tp + fn):.3f}")
    for scripts, (a, b, c, d) in sorted(counts.items()):
        print(f"  {scripts}: same found {a}/{a + c}, different kept apart {d}/{b + d}")
    assert len(rows) >= 200 and tp + fn >= 90 and fp + tn >= 90
    assert tp / (tp + fp) >= precision_floor
    assert tp / (tp + fn) >= recall_floor


@pytest.mark.parametrize("name", sorted(PAIR_SETS))
def test_name_index_finds_what_comparing_every_name_finds(matcher: PartyMatcher, name: str) -> None:
    """The register's and the watchlist's index of held names answers as comparing with each would."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    held = [row["b"] for row in rows]
    index = NameIndex.build(matcher, held)
    queries = sorted({row["a"] for row in rows})
    same = index.predicate(queries)
    found = 0
    for query in queries:
        expected = frozenset(n for n in held if matcher.same(query, n))
        assert index.same_as(query) == expected, query
        assert all(same(query, n) == (n in expected) for n in held)
        found += len(expected)
    assert found >= 90  # the labelled "same" pairs, and any other held name of the same company
    # a name the index does not hold is compared directly
    assert same("Almaty Chemicals LLP", "ТОО «Алматы Кемикалс»")
    assert not same("Urumqi Huaxin Trading", "Urumqi Huaxia Trading Co., Ltd.")
