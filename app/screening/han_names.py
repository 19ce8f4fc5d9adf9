"""The Chinese names the look-alike and sound-alike readings look for (app/screening/han_alike.py), how many
wrong characters each may carry, what a reading found, and the segmenter's words near a span."""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from app.screening.han_readings import char_syllables

AlikeMethod = Literal["sound_alike", "shape_alike", "pinyin", "palladius", "fuzzy"]


def most_substituted(length: int) -> int:
    """Wrong characters a name of this length may carry: one in a name of up to three characters, up to
    half in a longer one (the others are the name's own, and each wrong one reads or looks alike)."""
    return 1 if length <= 3 else length // 2


def most_shape_substituted(length: int) -> int:
    """Of them, look-alike ones: one in a name of up to four characters, fewer than half in a longer one. An
    input method makes several sound-alike slips in a word (过猛酸甲 for 过锰酸钾); two look-alike characters
    in four make another chemical too easily (一氯代乙酸 is no 氯化乙酰)."""
    return 1 if length <= 4 else (length - 1) // 2


@dataclass(frozen=True, slots=True, eq=False)  # compared by identity: one object per name
class AlikeName:
    key: str  # the normalised name
    syllables: tuple[str, ...]  # one per character, "" for a character that is not Chinese
    owner: object  # the matcher's target for this name (opaque here)
    most_substituted: int  # wrong characters it may carry
    lead: str  # the characters before its first Chinese one, which must be written as they are ("1-")

    @classmethod
    def of(cls, key: str, owner: object, syllables: tuple[str, ...] | None = None) -> "AlikeName":
        """`syllables`: the name's char_syllables() when known already (kept between starts)."""
        syllables = char_syllables(key) if syllables is None else syllables
        lead = key[: next((i for i, s in enumerate(syllables) if s), len(key))]
        return cls(key, syllables, owner, most_substituted(sum(1 for s in syllables if s)), lead)


@dataclass(frozen=True, slots=True)
class AlikeFound:
    start: int  # span in the normalised text
    end: int
    name: AlikeName
    method: AlikeMethod
    score: float
    in_context: bool = False  # a reading too short to trust alone: it counts only in a chemical context


class WordsNear:
    """The segmenter's words of two or more characters in a text, in order, with the ones near a span found
    by bisection (a long run of one character has thousands of them)."""

    def __init__(self, words: Iterable[tuple[str, int, int]]) -> None:
        self.words = [w for w in words if w[2] - w[1] >= 2]
        self.starts = [w[1] for w in self.words]
        self.ends = [w[2] for w in self.words]

    def near(self, start: int, end: int) -> list[tuple[str, int, int]]:
        """Words that overlap [start - 1, end] (the span and the characters beside it)."""
        return self.words[bisect_right(self.ends, start - 1) : bisect_left(self.starts, end + 1)]
