"""A word that must start a word (app/core/word_patterns.py): the look-behind after its first character finds
exactly what the plain look-behind before it finds, at the start of the text, after a letter, a digit or a
mark, in any case, and from a position inside the text."""

import re

import pytest

from app.core.word_patterns import first_not_after, word_start

NOT_AFTER_LETTER = r"(?<![^\W\d_])"  # the plain form the moved one must equal
WORDS = ["net", "нетто", "net weight", "n.w.", "масса нетто", "-free", "(ii)", "бут"]


def _plain(word: str) -> str:
    return NOT_AFTER_LETTER + re.escape(word).replace(r"\ ", r"\s+")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("net 12 kg", [(0, 3)]),  # at the start of the text
        ("Net weight: 12", [(0, 10)]),  # any case, the longer word first
        ("cnet 12", []),  # after a letter: inside another word
        ("12net", [(2, 5)]),  # after a digit: a word of its own
        ("вес, нетто 5", [(5, 10)]),
        ("брутто/нетто", [(7, 12)]),
        ("масса  нетто", [(0, 12)]),  # inner spaces flexible
        ("бутыль", [(0, 3)]),  # a stem: what follows is free
        ("обут", []),
        ("acetone-free", []),  # a word starting with a mark: not after a letter either
        ("acetone -free", [(8, 13)]),
        ("хлорид палладия(ii)", []),
        ("хлорид палладия (ii)", [(16, 20)]),
        ("no mark", []),
    ],
)
def test_a_word_is_found_only_where_a_word_starts(text: str, expected: list[tuple[int, int]]) -> None:
    ordered = sorted(WORDS, key=len, reverse=True)
    moved = re.compile("|".join(word_start(w) for w in ordered), re.IGNORECASE)
    plain = re.compile("|".join(_plain(w) for w in ordered), re.IGNORECASE)
    assert [m.span() for m in moved.finditer(text)] == expected
    assert [m.span() for m in plain.finditer(text)] == expected


@pytest.mark.parametrize("pos", [0, 1, 2, 3, 4])
def test_searched_from_inside_a_text_the_character_before_still_counts(pos: int) -> None:
    text = "anet net"
    moved, plain = re.compile(word_start("net")), re.compile(_plain("net"))
    found, reference = moved.search(text, pos), plain.search(text, pos)
    assert (found.span() if found else None) == (reference.span() if reference else None)
    assert (found.span() if found else None) == (5, 8)  # never the "net" of "anet", whatever the start


def test_spaces_as_asked_and_an_empty_word_matches_nothing() -> None:
    exact = re.compile(word_start("net weight", spaces=r"\ "))
    assert exact.fullmatch("net weight") and not exact.fullmatch("net  weight")
    assert re.compile(word_start("")).search("anything") is None


@pytest.mark.parametrize(
    ("text", "plain_before"),
    [("к-та", r"[\w-]"), ("2к-та", r"[\w-]"), ("р-р к-та", r"[\w-]"), ("ab1c", r"\w"), ("a bc", r"\w")],
)
def test_another_class_before_finds_what_the_plain_look_behind_finds(text: str, plain_before: str) -> None:
    """The class of what may not come before: a letter, digit or hyphen for Russian short forms ("к-та" is no
    "та"), a letter or digit for a stem cut with a dot."""
    moved = re.compile(first_not_after("[a-zа-я]", plain_before) + "[a-zа-я]*")
    plain = re.compile(f"(?<!{plain_before})[a-zа-я]+")
    assert [m.span() for m in moved.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert re.compile(word_start("та", before=plain_before)).search(text) is None
