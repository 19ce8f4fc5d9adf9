"""Real English words (app/core/english_words.py): the set kept is wordfreq's own answer."""

import math
from pathlib import Path
from unittest import mock

import pytest
from wordfreq import get_frequency_dict, get_frequency_list, zipf_frequency

from app.core import english_words
from app.core.english_words import ENGLISH_ZIPF, EnglishWords


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> EnglishWords:
    return EnglishWords(tmp_path_factory.mktemp("cache"))


def test_the_set_is_the_words_of_wordfreqs_list_it_finds_at_the_threshold(english: EnglishWords) -> None:
    """Every word of the list near the threshold (within 0.05 on the Zipf scale) and every tenth word: asked
    of wordfreq for all 321,180 words when written, the same set."""
    listed = get_frequency_dict("en", "large")
    assert len(listed) > 300_000
    near = [w for w, f in listed.items() if abs(math.log10(f) + 9 - ENGLISH_ZIPF) < 0.05]
    assert len(near) > 1_000
    asked = near + list(listed)[::10]
    differ = [w for w in asked if (w in english) != (zipf_frequency(w, "en") >= ENGLISH_ZIPF)]
    assert differ == []
    assert 150_000 < len(english) < len(listed)


@pytest.mark.parametrize(
    ("word", "real"),
    [
        ("heliotrope", True),  # 1.97
        ("Saffron", True),  # folded as wordfreq folds it
        ("ergonomic", True),
        ("acetonne", False),
        ("piperadine", False),
        ("anhydrid", False),
        ("", False),
    ],
)
def test_real_and_misspelt_words(english: EnglishWords, word: str, real: bool) -> None:
    assert (word in english, zipf_frequency(word, "en") >= ENGLISH_ZIPF) == (real, real)


def test_the_set_is_kept_and_read_back_and_a_broken_copy_is_built_again(tmp_path: Path) -> None:
    get_frequency_dict("en", "large")
    first = EnglishWords(tmp_path)
    # wordfreq's list is not kept once the set is built
    assert (get_frequency_dict.cache_info().currsize, get_frequency_list.cache_info().currsize) == (0, 0)
    (kept,) = tmp_path.glob("english-*.pickle")
    with mock.patch.object(english_words, "words_at_least", side_effect=AssertionError("not read back")):
        second = EnglishWords(tmp_path)
    assert len(second) == len(first) and "heliotrope" in second
    kept.write_bytes(b"not a pickle")
    assert len(EnglishWords(tmp_path)) == len(first)
    assert len(EnglishWords(tmp_path, min_zipf=3.0)) < len(first)  # another threshold, another file
    assert len(list(tmp_path.glob("english-*.pickle"))) == 2
