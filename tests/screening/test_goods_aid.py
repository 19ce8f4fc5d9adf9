"""The goods reading aid (issue 17, point 1): the nomenclature lines closest to a description, the heading
they name in the officer's language, and the note when a declared code's chapter is not what the description
reads as (rule hs_reads_as_other_chapter). Real nomenclature data (app/lexicon/nomenclature/)."""

import math
from bisect import bisect_left
from pathlib import Path

import pytest

from app.core.types import Declaration, Item, Severity
from app.errors import DataError
from app.lexicon.loader import LEXICON_DIR
from app.lexicon.nomenclature import Nomenclature, load_nomenclature
from app.screening.goods_aid import GoodsAid, features
from app.screening.pipeline import Resources, screen


@pytest.fixture(scope="module")
def nomenclature() -> Nomenclature:
    found = load_nomenclature(LEXICON_DIR)
    assert found is not None
    return found


@pytest.fixture(scope="module")
def aid(resources: Resources) -> GoodsAid:
    built = resources.goods_aid
    assert built is not None
    return built


# (description, the heading the first suggestion must name): Chinese, Russian and English goods as declared
FIRST_HEADING = [
    ("男式棉衬衫", "6205"),
    ("乙酸酐 99%", "2915"),
    ("玉米油", "1515"),
    ("手机", "8517"),
    ("不锈钢无缝钢管", "7304"),
    ("рубашки мужские хлопковые", "6205"),
    ("масло подсолнечное рафинированное", "1512"),
    ("toluene 99.9%, 200 L drums", "2902"),
]


@pytest.mark.parametrize(("text", "heading"), FIRST_HEADING)
def test_the_first_suggestion_names_the_heading(aid: GoodsAid, text: str, heading: str) -> None:
    found = aid.suggest(text)
    assert found, text
    assert found[0].subheading[:4] == heading
    assert 0.3 < found[0].score <= 1.0


@pytest.mark.parametrize("text", ["", "12345 678", "---", "x"])
def test_nothing_to_read_gives_no_suggestion(aid: GoodsAid, text: str) -> None:
    assert aid.suggest(text) == []


def test_suggestions_are_distinct_subheadings_best_first(aid: GoodsAid) -> None:
    found = aid.suggest("男式棉衬衫", limit=3)
    assert len(found) == 3
    assert len({s.subheading for s in found}) == 3
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_the_heading_in_each_language(aid: GoodsAid) -> None:
    best = aid.suggest("男式棉衬衫")[0]
    assert best.subheading == "620520"
    assert aid.describe(best, "ru") == "Рубашки мужские или для мальчиков: из хлопчатобумажной пряжи"
    assert aid.describe(best, "en").startswith("Shirts; men's or boys', of cotton")
    assert "棉制男" in aid.describe(best, "zh")  # the closest Chinese line itself


def test_a_tnved_line_is_read_with_its_heading_and_parents(nomenclature: Nomenclature) -> None:
    lines = {line.code: line.text for line in nomenclature.ru}
    assert lines["0101291000"] == "Лошади, ослы, мулы и лошаки живые: убойные"
    # the source lacks the subheading's own line ("- - прочие"): its heading stands in, not a sibling's text
    assert nomenclature.describe("010129", "ru") == "Лошади, ослы, мулы и лошаки живые"
    assert (
        nomenclature.describe("010121", "ru")
        == "Лошади, ослы, мулы и лошаки живые: чистопородные племенные животные"
    )
    assert nomenclature.describe("280700", "ru") is None  # the TN VED extract lacks heading 2807
    assert nomenclature.describe("280700", "en") == "Sulphuric acid; oleum"


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        ("cn_lines.tsv", "code\tname\n62052000\t衬衫\n", "is not 10 digits"),
        ("cn_lines.tsv", "code\ttext\n6205200099\t衬衫\n", "columns"),
        (
            "tnved_lines.tsv",
            "code\tdepth\ttext\n6205\t0\tРубашки\n6206200000\t1\tиз шерсти\n",
            "outside heading",
        ),
        ("tnved_lines.tsv", "code\tdepth\ttext\n6205\tx\tРубашки\n", "depth"),
        ("hs_en.tsv", "code\ttext\n6205\t\n", "empty field"),
    ],
)
def test_a_broken_nomenclature_file_is_refused(tmp_path: Path, file: str, content: str, message: str) -> None:
    folder = tmp_path / "nomenclature"
    folder.mkdir()
    good = {
        "cn_lines.tsv": "code\tname\n6205200099\t其他棉制男式衬衫\n",
        "tnved_lines.tsv": "code\tdepth\ttext\n6205\t0\tРубашки\n6205200000\t1\tиз хлопка\n",
        "hs_en.tsv": "code\ttext\n6205\tShirts\n",
    }
    for name, text in {**good, file: content}.items():
        (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_nomenclature(tmp_path)


def test_no_nomenclature_folder_means_no_aid(tmp_path: Path) -> None:
    assert load_nomenclature(tmp_path) is None


def _reads_as(resources: Resources, text: str, code: str) -> list[tuple[str, Severity, dict[str, str]]]:
    result = screen(Declaration(items=(Item(text, hs_code=code),)), resources)
    return [(r.code, r.severity, r.messages) for r in result.reasons if r.code == "hs_reads_as_other_chapter"]


# (description, declared code, whether the note is given)
READS_AS = [
    ("рубашки мужские хлопковые", "8708999000", True),  # shirts declared as car parts
    ("男式棉衬衫 100%棉 500件", "8708999000", True),
    ("рубашки мужские хлопковые", "6205200000", False),  # their own chapter
    ("男式棉衬衫 100%棉 500件", "6205200099", False),
    ("男式棉衬衫 100%棉 500件", "6109100010", True),  # knitted T-shirts (chapter 61) for woven shirts (62)
    ("Ацетон технический", "8708999000", False),  # a substance named: its own rules speak
    ("玉米油 20升/桶", "3208100000", False),  # goods of a known category: hs_category_mismatch speaks
    ("товар", "8708999000", False),  # too little to read
]


@pytest.mark.parametrize(("text", "code", "noted"), READS_AS)
def test_a_description_that_reads_as_another_chapter(
    resources: Resources, text: str, code: str, noted: bool
) -> None:
    found = _reads_as(resources, text, code)
    assert bool(found) == noted
    if noted and code == "8708999000":
        (_, severity, messages) = found[0]
        assert severity == Severity.none  # a note for the officer, not a risk
        assert "группы 62" in messages["ru"] and "6205" in messages["ru"] and "8708999000" in messages["ru"]
        assert "chapter 62" in messages["en"] and "chapter 87" in messages["en"]
        assert "第62章" in messages["zh"] and "第87章" in messages["zh"]


def test_the_note_does_not_raise_the_level(resources: Resources) -> None:
    result = screen(Declaration(items=(Item("рубашки мужские хлопковые", hs_code="8708999000"),)), resources)
    assert result.risk_level == Severity.none


def test_each_features_postings_hold_its_lines(nomenclature: Nomenclature, aid: GoodsAid) -> None:
    """The flat postings: every line is among the postings of each looked-up feature of its text, once, with
    its weight, in the order of the lines; and the postings hold nothing else (their count is the lines' count
    of such features)."""
    for lines, index in ((nomenclature.zh, aid._zh), (nomenclature.ru, aid._ru), (None, aid._en)):
        assert lines is None or len(index.lines) == len(lines)
        posted = 0
        for i, line in enumerate(index.lines):
            weights = index._weighed(features(line.text))
            norm = math.sqrt(sum(w * w for w in weights.values()))
            for f, w in weights.items():
                start, end = index._start[f], index._start[f + 1]
                if start == end:
                    continue  # a common feature: weighs in the norm, not looked up
                at = bisect_left(index._ids, i, start, end)  # a feature's lines in their order
                assert at < end and index._ids[at] == i and index._weights[at] == w / norm, (line.code, f)
                assert at + 1 == end or index._ids[at + 1] > i
                posted += 1
        assert posted == len(index._ids) > 10_000
