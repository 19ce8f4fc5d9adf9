"""jieba's cut on a marisa trie (app/core/han_words.py) against jieba's own: the same words for every
Chinese run of the tests' texts and tariff lines, with the lexicon's names as user words."""

import gzip
import re
from pathlib import Path

import jieba
import pytest

from app.core.han_words import HanWords
from app.screening.pipeline import Resources, chinese_words

DATA = Path(__file__).resolve().parents[1] / "data"
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
USER_FREQ = 200_000


def _runs() -> list[str]:
    runs: set[str] = set()
    for path in sorted(DATA.rglob("*")):
        if path.suffix in {".jsonl", ".tsv", ".txt"}:
            runs.update(_RUN.findall(path.read_text(encoding="utf-8", errors="ignore")))
        elif path.suffixes[-2:] == [".tsv", ".gz"]:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                runs.update(_RUN.findall(f.read()))
    return sorted(runs)


@pytest.fixture(scope="module")
def both(resources: Resources, tmp_path_factory: pytest.TempPathFactory) -> tuple[HanWords, jieba.Tokenizer]:
    users = chinese_words(resources.lexicon)
    ours = HanWords(users, USER_FREQ, tmp_path_factory.mktemp("cache"))
    theirs = jieba.Tokenizer()
    theirs.initialize()
    for word in users:
        theirs.add_word(word, USER_FREQ)
    return ours, theirs


def test_every_run_of_the_tests_texts_and_tariff_lines_is_cut_as_jieba_cuts_it(
    both: tuple[HanWords, jieba.Tokenizer],
) -> None:
    ours, theirs = both
    runs = _runs()
    assert len(runs) > 20_000  # the texts were read: 28,961 runs when written
    differ = [r for r in runs if ours.cut(r) != tuple(theirs.tokenize(r, HMM=False))]
    assert differ == []


@pytest.mark.parametrize(
    "run",
    [
        "",
        "醋酸酐",  # a user word
        "醋酸纤维素",  # a user word's characters inside jieba's words
        "中华人民共和国",  # jieba's own words only
        "䶮䶮乙酸酐",  # extension A: outside jieba's class, alone
        "乙酸\uf900酐",  # a compatibility ideograph between
        "龥龦",  # U+9FA5 in jieba's class, U+9FA6 past its end
        "醋醋醋醋醋醋醋醋醋醋",  # no word longer than a character
    ],
)
def test_edges_are_cut_as_jieba_cuts_them(both: tuple[HanWords, jieba.Tokenizer], run: str) -> None:
    ours, theirs = both
    assert ours.cut(run) == tuple(theirs.tokenize(run, HMM=False))


@pytest.mark.parametrize(
    ("word", "known"),
    [
        ("中国", True),
        ("醋酸酐", True),
        ("高锰酸钾", True),
        ("中华人民共和", False),  # only a prefix of a word
        ("酸酐酐", False),
        ("醋", True),
    ],
)
def test_a_word_is_a_word_where_jieba_has_a_frequency_for_it(
    both: tuple[HanWords, jieba.Tokenizer], word: str, known: bool
) -> None:
    ours, theirs = both
    assert (ours.is_word(word), theirs.FREQ.get(word, 0) > 0) == (known, known)


def test_user_words_keep_the_lexicons_names_whole(resources: Resources) -> None:
    users = chinese_words(resources.lexicon)
    plain = HanWords([], USER_FREQ)
    named = HanWords(users, USER_FREQ)
    assert plain.cut("出口醋酸酐") != named.cut("出口醋酸酐")
    assert [w for w, _, _ in named.cut("出口醋酸酐")] == ["出口", "醋酸酐"]
