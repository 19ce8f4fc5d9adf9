"""Chinese names written with a character split in two (酉昔酸酐 for 醋酸酐, 乙酉迷 for 乙醚,
麦角月安 for 麦角胺) or with a Latin letter for the character it looks like (Z醚, 二Z醚 for 二乙醚).

A scanner that misreads the gap inside a left-right character, or a writer who types its halves, leaves the
two halves; a typist without a Chinese input method types Z for 乙. The text is rewritten with the halves
joined (app/lexicon/zh_split.yaml, derived from published character descriptions) and the stand-in letters
replaced (zh_naming.yaml `letter_stand_ins`), and only a Chinese name that holds a rewritten character counts:
"12月安装" (installed in December) joins to 胺 but makes no name.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import ahocorasick

from app.core.normalise import is_han
from app.core.word_patterns import first_not_after

_HAN = "[\u4e00-\u9fff]"
# A rewritten character costs this share of a name's length off the score (one in six: 83 for 乙酉迷).
_COST = 1.0


@dataclass(frozen=True, slots=True)
class Rewritten:
    text: str
    starts: tuple[int, ...]  # for each character of `text`, its start and end in the text it was made from
    ends: tuple[int, ...]
    changed: frozenset[int]  # positions of `text` that were joined or replaced


@dataclass(frozen=True, slots=True)
class SplitFound:
    start: int  # span in the normalised text
    end: int
    value: Any  # the automaton's value for the name
    score: float


class HanSplits:
    """The halves of the names' characters and the letters typed for characters; build once per lexicon."""

    def __init__(
        self,
        split: Mapping[str, str],
        stand_ins: Mapping[str, str],
        locant_stand_ins: Mapping[str, str] | None = None,
    ) -> None:
        self.split = dict(split)
        self.stand_ins = dict(stand_ins)
        # a letter a scanner reads for a locant's digit: l-苯基-Z-丙酮
        self.locants = dict(locant_stand_ins or {})
        self._firsts = frozenset(h[0] for h in self.split)
        # the usual case, told at C speed: no pair of halves, no stand-in letter beside a Chinese character
        self._pairs = ahocorasick.Automaton()
        for halves in self.split:
            self._pairs.add_word(halves, halves)
        if self.split:
            self._pairs.make_automaton()
        letters = "".join(re.escape(c) for c in sorted(self.stand_ins))
        # a stand-in letter before a Chinese character, or after one (that look-behind after the letter)
        stand_in = rf"[{letters}](?:(?={_HAN})|(?<={_HAN}[{letters}]))"
        self._stand_in = re.compile(stand_in if letters else r"(?!)")
        digits = "".join(re.escape(c) for c in sorted(self.locants))
        # after a space, hyphen, bracket or comma, or at the start (the look-behind after the digit: re skips
        # to the digits, app/core/word_patterns.py)
        locant = first_not_after(f"[{digits}]", r"[^\s\-(（,，]")
        self._locant = re.compile(rf"{locant}(?=-)" if digits else r"(?!)")

    def rewrite(self, text: str) -> Rewritten | None:
        """The text with split characters joined and stand-in letters replaced; None when nothing is."""
        pairs = bool(self.split) and next(self._pairs.iter(text), None) is not None
        if (
            not pairs
            and (self.stand_ins.keys().isdisjoint(text) or self._stand_in.search(text) is None)
            and ("-" not in text or self._locant.search(text) is None)
        ):
            return None
        locants = {m.start() for m in self._locant.finditer(text)}
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        changed: set[int] = set()
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            joined = self.split.get(text[i : i + 2]) if ch in self._firsts else None
            width = 2 if joined is not None else 1
            if joined is None and ch in self.stand_ins and self._stands_alone(text, i):
                joined = self.stand_ins[ch]
            elif joined is None and i in locants:
                joined = self.locants[ch]
            if joined is not None:
                changed.add(len(out))
                out.append(joined)
            else:
                out.append(ch)
            starts.append(i)
            ends.append(i + width)
            i += width
        if not changed:
            return None
        return Rewritten("".join(out), tuple(starts), tuple(ends), frozenset(changed))

    @staticmethod
    def _stands_alone(text: str, i: int) -> bool:
        """A letter beside a Chinese character and no part of a Latin word or a code ("Z醚", not "ZnO醚")."""
        before = text[i - 1] if i > 0 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if any(c.isascii() and c.isalnum() for c in (before, after)):
            return False
        return (before != "" and is_han(before)) or (after != "" and is_han(after))

    def find(self, text: str, names: "ahocorasick.Automaton") -> Iterator[SplitFound]:
        """Chinese names of the automaton (values (key, target, is_chinese)) in the rewritten text that hold a
        rewritten character, with their spans in `text`."""
        rewritten = self.rewrite(text)
        if rewritten is None:
            return
        for end_idx, value in names.iter(rewritten.text):
            key, _, is_chinese = value
            start = end_idx - len(key) + 1
            inside = [p for p in rewritten.changed if start <= p <= end_idx]
            if not is_chinese or not inside:
                continue
            score = round(100.0 * (len(key) - _COST * len(inside)) / len(key), 2)
            yield SplitFound(rewritten.starts[start], rewritten.ends[end_idx], value, score)
