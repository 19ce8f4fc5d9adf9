"""Chinese names spelt in another script: pinyin in a Latin-script declaration ("hujiaoquan", "Gao Meng Suan
Jia"), Palladius Cyrillic in a Russian one ("Исуань гань") and Palladius in Russian-style Latin ("Tszyaben'").

Each script is a table of the names' spellings, folded, without spaces, and the scan is one: a run of words
following each other (spaces, hyphens and a few marks between) grows a spelling while some name's spelling
begins so. A spelling with too few letters to trust alone ("yimi", "ими": 乙醚) counts only in a chemical
context.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from app.core.types import Token

N = TypeVar("N")


@dataclass(frozen=True)
class SpeltFound(Generic[N]):
    start: int  # span in the normalised text
    end: int
    name: N
    in_context: bool  # a spelling too short to trust alone


@dataclass(frozen=True)
class Spellings(Generic[N]):
    full: Mapping[str, N]
    short: Mapping[str, N]  # fewer letters than the table's minimum: in a chemical context only
    prefixes: frozenset[str]  # every prefix of a spelling: where a growing run stops

    @classmethod
    def empty(cls) -> "Spellings[N]":
        return cls({}, {}, frozenset())

    @classmethod
    def build(cls, spelt: Iterable[tuple[str, N]], min_letters: int = 0) -> "Spellings[N]":
        """(spelling, name) pairs, the first name of a spelling kept."""
        full: dict[str, N] = {}
        short: dict[str, N] = {}
        for key, name in spelt:
            (full if sum(c.isalpha() for c in key) >= min_letters else short).setdefault(key, name)
        prefixes = frozenset(key[:i] for key in (*full, *short) for i in range(1, len(key) + 1))
        return cls(full, short, prefixes)

    def find(
        self,
        text: str,
        words: Sequence[Token],
        grow: Callable[[str, str], str],
        gaps: str,
        max_words: int,
        alone_is_word: Callable[[str], bool] | None = None,
    ) -> Iterator[SpeltFound[N]]:
        """Runs of `words` spelling a name: `grow(spelling so far, next word)` folds the next word on, `gaps`
        are the marks allowed between words besides nothing else; `alone_is_word` tells a first word that
        is a real word of the language on its own ("ими" is "by them")."""
        if not self.prefixes:
            return
        for i, first in enumerate(words):
            joined = ""
            last_end = first.start
            for tok in words[i : i + max_words]:
                gap = text[last_end : tok.start]
                if tok is not first and (not gap or gap.strip(gaps)):
                    break  # the words must follow each other
                joined = grow(joined, tok.text)
                if joined not in self.prefixes:
                    break  # no name's spelling begins so
                last_end = tok.end
                if tok is first and alone_is_word is not None and alone_is_word(tok.text):
                    continue
                if (name := self.full.get(joined)) is not None:
                    yield SpeltFound(first.start, tok.end, name, False)
                elif (name := self.short.get(joined)) is not None:
                    yield SpeltFound(first.start, tok.end, name, True)
