"""Segmentation: lexicon names stay whole in jieba's cut; Russian words get their dictionary form."""

import pickle
from pathlib import Path
from unittest import mock

import marisa_trie
import pytest

from app.core import han_words
from app.core.normalise import normalise
from app.screening.pipeline import Resources
from app.screening.segment import Segmenter, detect_language, segment


@pytest.mark.parametrize("name", ["醋酸酐", "高锰酸钾", "盐酸麻黄碱", "二甲苯", "塑料桶"])
def test_lexicon_names_are_single_tokens(resources: Resources, name: str) -> None:
    tokens = [t.text for t in segment(normalise(f"出口{name}200公斤"), resources.segmenter)]
    assert name in tokens


@pytest.mark.parametrize(
    ("word", "lemma"),
    [("уксусного", "уксусный"), ("ангидридом", "ангидрид"), ("кислоты", "кислота"), ("бочках", "бочка")],
)
def test_russian_words_get_their_lemma(resources: Resources, word: str, lemma: str) -> None:
    (token,) = segment(normalise(word), resources.segmenter)
    assert (token.kind, token.lemma) == ("cyr", lemma)


def test_token_spans_point_into_the_normalised_text(resources: Resources) -> None:
    norm = normalise("醋酸酐 200升 acetic anhydride, уксусный ангидрид")
    for t in segment(norm, resources.segmenter):
        assert norm.text[t.start : t.end] == t.text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("醋酸酐 200升", "zh"),
        ("уксусный ангидрид 200 л", "ru"),
        ("acetic anhydride", "en"),
        ("醋酸酐 acetic", "zh"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(normalise(text)) == language


def test_language_hint_decides_without_letters() -> None:
    assert detect_language(normalise("200 / 80 × 17280"), "ru") == "ru"


def test_jiebas_dictionary_is_kept_and_read_back_and_a_broken_copy_is_built_again(tmp_path: Path) -> None:
    """jieba's words are read from its dict.txt once into the cache folder as a pickle; the next segmenter
    reads that (dict.txt is not read) and cuts alike; an unreadable copy is built again."""
    words = ["醋酸酐", "高锰酸钾"]
    first = Segmenter(words, tmp_path)
    (kept,) = tmp_path.glob("jieba-words-*.pickle")
    text = normalise("出口醋酸酐200公斤和高锰酸钾")
    cut = [t.text for t in segment(text, first)]
    assert "醋酸酐" in cut and "高锰酸钾" in cut

    with mock.patch.object(han_words, "_read_dictionary", side_effect=AssertionError("not read back")):
        second = Segmenter(words, tmp_path)
    assert [t.text for t in segment(text, second)] == cut
    assert second.dictionary_word("中国")

    kept.write_bytes(b"not a pickle")
    third = Segmenter(words, tmp_path)
    assert [t.text for t in segment(text, third)] == cut
    with kept.open("rb") as f:
        trie_bytes, log_bytes, total = pickle.load(f)
    assert len(log_bytes) == 8 * len(marisa_trie.Trie().frombytes(trie_bytes)) > 8 * 300_000 and total > 0


def test_pymorphys_answers_for_the_indexes_are_kept_and_read_back(tmp_path: Path) -> None:
    """The lemmas and paradigms asked while the indexes are built are kept in the cache folder; the next
    segmenter answers them without asking pymorphy, alike; a word asked after keep_answers() (while
    screening) is not added to the file; an unreadable file is learnt again."""
    first = Segmenter([], tmp_path)
    lemma, forms = first.lemma("ангидридом"), first.word_forms("кислота")
    assert (lemma, "кислоты" in forms) == ("ангидрид", True)
    first.keep_answers()
    (kept,) = tmp_path.glob("morph-*.pickle")
    first.lemma("бочках")  # screening, after the indexes: not kept
    with kept.open("rb") as f:
        assert set(pickle.load(f)) == {("lemma", "ангидридом"), ("forms", "кислота")}

    second = Segmenter([], tmp_path)
    with mock.patch.object(second._morph, "parse", side_effect=AssertionError("pymorphy asked")):
        assert (second.lemma("ангидридом"), second.word_forms("кислота")) == (lemma, forms)
    assert second.lemma("бочках") == "бочка"  # not kept: pymorphy answers

    kept.write_bytes(b"not a pickle")
    third = Segmenter([], tmp_path)
    assert third.lemma("ангидридом") == lemma
    third.keep_answers()
    with kept.open("rb") as f:
        assert pickle.load(f) == {("lemma", "ангидридом"): "ангидрид"}
