"""Literal words as a trie-shaped alternation (app/core/word_trie.py): the same matches as an alternation
sorted longest first, including when what follows a word rejects it and a shorter one must be tried."""

import re

import pytest

from app.core.word_trie import trie_alternation

UNITS = ["kg", "kgs", "k", "kilogram", "kilograms", "l", "litre", "litres", "t", "tonne", "m", "m3"]
UNITS += ["升", "公斤"]


def _sorted_alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("200 kilograms net", "kilograms"),
        ("200 kgs", "kgs"),
        ("200 kg drums", "kg"),
        ("200 litres", "litres"),
        ("200 l", "l"),
        ("12 tonne", "tonne"),
        ("12 tons", None),  # "tonne" does not fit, "t" is followed by a letter: no unit
        ("5 m3/h", "m3"),  # not "m": the longest first
        ("5 m/h", "m"),
        ("200升/桶", "升"),
        ("17280公斤", "公斤"),
        ("200 kilogrammes", None),  # "kilogram" is followed by a letter, and so is every shorter unit
        ("20 pieces", None),
    ],
)
def test_a_unit_after_a_number_the_longest_that_fits(text: str, expected: str | None) -> None:
    tail = r"\s*({})(?![a-z])"
    trie = re.compile(r"\d+" + tail.format(trie_alternation(UNITS)))
    plain = re.compile(r"\d+" + tail.format(_sorted_alternation(UNITS)))
    found, reference = trie.match(text), plain.match(text)
    assert (found.group(1) if found else None) == expected
    assert (reference.group(1) if reference else None) == expected


def test_words_with_pattern_characters_are_literal_and_no_words_match_nothing() -> None:
    pattern = re.compile(trie_alternation(["a.b", "a+", "(x)"]))
    assert [bool(pattern.fullmatch(s)) for s in ("a.b", "axb", "a+", "aa", "(x)")] == [
        True,
        False,
        True,
        False,
        True,
    ]
    assert re.compile(trie_alternation([])).search("anything") is None
