"""Chinese names spelt in another script: pinyin in a Latin-script declaration ("hujiaoquan", "Gao Meng Suan
Jia"), Palladius Cyrillic in a Russian one ("Исуань гань") and Palladius in Russian-style Latin ("Tszyaben'").

Each script is a table of the names' spellings, folded, without spaces, and the scan is one: a run of words
following each other (spaces, hyphens and a few marks between) grows a spelling while some name's spelling
begins so. A spelling with too few letters to trust alone ("yimi", "ими": 乙醚) counts only in a chemical
context.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.core.types import Token

N = TypeVar("N")


@dataclass(frozen=True)
class SpeltFound(Generic[N]):
    start: int  # span in the normalised text
    end: int
    name: N
    in_context: bool  # a spelling too short to trust alone


# How many first words' spellings a table remembers (words recur from item to item: "kg", "drums", "бочки")
_OPENINGS = 50_000


@dataclass(frozen=True)
class Spellings(Generic[N]):
    full: Mapping[str, N]
    short: Mapping[str, N]  # fewer letters than the table's minimum: in a chemical context only
    prefixes: frozenset[str]  # every prefix of a spelling: where a growing run stops
    # grow(spelling so far, next word): the next word folded on as this table's spellings are ("" to start)
    grow: Callable[[str, str], str]
    # a first word's spelling when some name's spelling begins so, else "" (remembered per word)
    _openings: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def empty(cls) -> "Spellings[N]":
        return cls({}, {}, frozenset(), _no_growth)

    @classmethod
    def build(
        cls, spelt: Iterable[tuple[str, N]], grow: Callable[[str, str], str], min_letters: int = 0
    ) -> "Spellings[N]":
        """(spelling, name) pairs, the first name of a spelling kept; `grow` folds words as they were."""
        full: dict[str, N] = {}
        short: dict[str, N] = {}
        for key, name in spelt:
            (full if sum(c.isalpha() for c in key) >= min_letters else short).setdefault(key, name)
        prefixes = frozenset(key[:i] for key in (*full, *short) for i in range(1, len(key) + 1))
        return cls(full, short, prefixes, grow)

    def _opening(self, word: str) -> str:
        """The word's spelling when a name's spelling begins so, else "" (remembered: most words are looked up
        once)."""
        if len(self._openings) >= _OPENINGS:
            self._openings.clear()
        spelt = self.grow("", word)
        opening = self._openings[word] = spelt if spelt in self.prefixes else ""
        return opening

    def find(
        self,
        text: str,
        words: Sequence[Token],
        gaps: str,
        max_words: int,
        alone_is_word: Callable[[str], bool] | None = None,
    ) -> Iterator[SpeltFound[N]]:
        """Runs of `words` spelling a name: `gaps` are the marks allowed between words besides nothing else;
        `alone_is_word` tells a first word that is a real word of the language on its own ("ими" is "by
        them")."""
        if not self.prefixes:
            return
        openings = self._openings
        for i, first in enumerate(words):
            joined = openings.get(first.text)
            if joined is None:
                joined = self._opening(first.text)
            if not joined:
                continue  # no name's spelling begins with this word
            alone = alone_is_word is not None and alone_is_word(first.text)  # a word of its own: grown only
            if not alone and (found := self._named(joined, first.start, first.end)) is not None:
                yield found
            last_end = first.end
            for tok in words[i + 1 : i + max_words]:
                gap = text[last_end : tok.start]
                if not gap or gap.strip(gaps):
                    break  # the words must follow each other
                joined = self.grow(joined, tok.text)
                if joined not in self.prefixes:
                    break  # no name's spelling begins so
                last_end = tok.end
                if (found := self._named(joined, first.start, tok.end)) is not None:
                    yield found

    def _named(self, spelt: str, start: int, end: int) -> SpeltFound[N] | None:
        if (name := self.full.get(spelt)) is not None:
            return SpeltFound(start, end, name, False)
        if (name := self.short.get(spelt)) is not None:
            return SpeltFound(start, end, name, True)
        return None


def _no_growth(joined: str, word: str) -> str:
    return joined + word
