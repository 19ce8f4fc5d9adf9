"""Chinese names with a slip of the hand: a character left out (高锰钾 for 高锰酸钾, 1-苯-2-丙酮 for
1-苯基-2-丙酮), two characters swapped (伪黄麻碱 for 伪麻黄碱) or one typed twice (乙酸酸酐, 麦角新新碱).

Every such spelling of every Chinese name is derived when the index is built and searched in one pass
(Aho-Corasick). Guards, so that another compound's name is not read as a slip: only a character inside a name
(not its first or last: 锰酸钾 is potassium manganate) may be left out or swapped, never one of
`zh_naming.yaml`'s `never_left_out` (a substituent, a valence prefix, a count: 二氯化硫 is sulphur
dichloride, not 二氯氧化硫 without 氧); a spelling two names could give, or that is itself a name or a
word, is neither; and the window may not cut through a word, with words, a salt's word after it
(盐酸盐, 马来酸盐) or no Chinese beside it.
"""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import ahocorasick

from app.core.normalise import is_han

Cut = Callable[[str], Sequence[tuple[str, int, int]]]
Words = list[tuple[str, int, int]]
Bounded = Callable[[str, int, Words], bool]  # whether the character at a position ends a window
_RUN_CACHE = 100_000
_SALT_ACID = 4  # characters of the acid in a salt's word after a name (马来酸盐, 盐酸盐, 酒石酸盐)
_MIN_HAN = 3  # Chinese characters a name needs for its slips to be read (four to lose or swap one)


def salt_word(endings: Iterable[str]) -> "re.Pattern[str]":
    """A salt's word (盐酸盐, 马来酸盐, 酒石酸盐, or the ending alone) from zh_naming.yaml's
    `salt_endings`."""
    alternatives = "|".join(re.escape(e) for e in endings)
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile(rf"(?:[\u3400-\u4dbf\u4e00-\u9fff]{{1,{_SALT_ACID}}}酸)?(?:{alternatives})")


@dataclass(frozen=True, slots=True)
class Slip:
    start: int  # span in the normalised text
    end: int
    key: str  # the name as the lexicon writes it
    owner: object
    score: float


def spellings(key: str, kept: frozenset[str]) -> Iterator[str]:
    """The slips of one name: an inner character left out or two inner neighbours swapped (names of four
    Chinese characters or more), a character typed twice (three or more)."""
    han = sum(1 for c in key if is_han(c))
    if han < _MIN_HAN:
        return
    last = len(key) - 1
    for k, ch in enumerate(key):
        if not is_han(ch):
            continue
        yield key[: k + 1] + ch + key[k + 1 :]
        if han > _MIN_HAN and 0 < k < last and ch not in kept:
            yield key[:k] + key[k + 1 :]
        if han > _MIN_HAN and 0 < k < last - 1 and is_han(key[k + 1]) and key[k + 1] != ch:
            yield key[:k] + key[k + 1] + ch + key[k + 2 :]


@dataclass
class SlipIndex:
    automaton: "ahocorasick.Automaton"
    names: frozenset[str]
    salt: "re.Pattern[str]" = re.compile(r"(?!)")
    _runs: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        names: Iterable[tuple[str, object]],
        never_left_out: Iterable[str],
        salt_endings: Iterable[str] = (),
    ) -> "SlipIndex":
        kept = frozenset(never_left_out)
        pairs = list(names)
        real = frozenset(key for key, _ in pairs)
        found: dict[str, tuple[str, object] | None] = {}
        for key, owner in pairs:
            for spelt in spellings(key, kept):
                if spelt in real:
                    continue
                other = found.get(spelt, (key, owner))
                found[spelt] = (key, owner) if other is not None and other[1] == owner else None
        automaton = ahocorasick.Automaton()
        for spelt, hit in found.items():
            if hit is not None:
                automaton.add_word(spelt, (spelt, hit[0], hit[1]))
        if found:
            automaton.make_automaton()
        return cls(automaton, real, salt_word(salt_endings))

    def find(
        self,
        text: str,
        cut: Cut,
        known_word: Callable[[str], bool],
        bounded: Bounded,
    ) -> list[Slip]:
        """Every slip in the normalised text; `cut` is the segmenter's cut of a run of Chinese characters,
        `known_word` its dictionary, `bounded` whether a character beside a window ends it (AlikeIndex)."""
        if not len(self.automaton):
            return []
        out: list[Slip] = []
        for last, (spelt, key, owner) in self.automaton.iter(text):
            start, end = last - len(spelt) + 1, last + 1
            if known_word(spelt) or not self._stands_alone(text, start, end, cut, bounded):
                continue
            n = len(key)
            out.append(Slip(start, end, key, owner, round(100.0 * (n - 1) / n, 2)))
        return out

    def _stands_alone(self, text: str, start: int, end: int, cut: Cut, bounded: Bounded) -> bool:
        if (
            start > 0
            and (text[start - 1].isascii() and text[start - 1].isalnum())
            and not is_han(text[start])
        ):
            return False  # a lead ("1-") inside a longer word or number
        if not (is_han(text[start]) or is_han(text[end - 1])):
            return True
        run_start, run_end = start, end
        while run_start > 0 and is_han(text[run_start - 1]):
            run_start -= 1
        while run_end < len(text) and is_han(text[run_end]):
            run_end += 1
        if run_start == start and run_end == end:
            return True  # the window is a whole run
        run = text[run_start:run_end]
        words = self._runs.get(run)
        if words is None:
            if len(self._runs) >= _RUN_CACHE:
                self._runs.clear()
            words = self._runs[run] = tuple(w for w in cut(run) if w[2] - w[1] >= 2)
        near = [(w, s + run_start, e + run_start) for w, s, e in words]
        if any((s < start < e) or (s < end < e) for _, s, e in near):
            return False  # the window cuts through a word
        if self.salt.match(text, end):
            return start == run_start or bounded(text, start - 1, near)  # 去甲麻碱盐酸盐: a salt of it
        return all(bounded(text, pos, near) for pos in (start - 1, end) if run_start <= pos < run_end)
