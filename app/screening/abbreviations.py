"""Stage 1b: Russian abbreviations expanded in the normalised text, before segmenting and lemmatising.

"к-та хлористоводородн." -> "кислота хлористоводородный", "ангидр. уксусный техн." -> "ангидрид уксусный
технический": the standard short forms come from app/lexicon/abbreviations.yaml; a stem cut with a dot is
completed to the one word of the lexicon's names that it begins. Each character of an expansion maps back to
the whole abbreviation in the original text, so evidence still points at what the user wrote.
"""

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.lexicon.schema import AbbreviationsFile
from app.screening.types import Normalised

_CYR_WORD = r"[а-яё]"


@dataclass(frozen=True, slots=True)
class Expanded:
    norm: Normalised
    spans: tuple[tuple[int, int], ...]  # the expansions, in the new normalised text


class Abbreviations:
    """Compiled once from the data file and the lexicon's Cyrillic name words (form -> lemma)."""

    def __init__(self, data: AbbreviationsFile, name_forms: dict[str, str]) -> None:
        self._short = {k.casefold(): v for k, v in data.short_forms.items()}
        forms = "|".join(re.escape(k) for k in sorted(self._short, key=len, reverse=True))
        marks = "".join(re.escape(m) for m in data.stem_marks)
        self._re = re.compile(
            rf"(?<![\w-])(?:(?P<short>{forms})\.?|(?P<stem>{_CYR_WORD}{{{data.min_stem_letters},}})[{marks}])"
            rf"(?![\w-])"
        )
        self._forms = sorted(name_forms)
        self._lemma_of = dict(name_forms)
        self.complete = lru_cache(maxsize=20_000)(self._complete)

    def _complete(self, stem: str) -> str | None:
        """The lemma of the one name word this stem begins; None when it is a word itself, or ambiguous."""
        if stem in self._lemma_of:
            return None  # a whole word before a full stop
        i = bisect.bisect_left(self._forms, stem)
        lemmas: set[str] = set()
        while i < len(self._forms) and self._forms[i].startswith(stem):
            lemmas.add(self._lemma_of[self._forms[i]])
            i += 1
        return lemmas.pop() if len(lemmas) == 1 else None

    def expand(self, norm: Normalised) -> Expanded:
        text = norm.text
        if "." not in text and "-" not in text and not any(k in text for k in self._short):
            return Expanded(norm, ())
        replacements: list[tuple[int, int, str]] = []  # (start, end, word) in the normalised text
        for m in self._re.finditer(text):
            if m.group("short"):
                replacements.append((m.start(), m.end(), self._short[m.group("short")]))
                continue
            full = self.complete(m.group("stem"))
            if full is not None:
                replacements.append((m.start("stem"), m.end("stem"), full))
        return _rebuild(norm, replacements) if replacements else Expanded(norm, ())


def _rebuild(norm: Normalised, replacements: Iterable[tuple[int, int, str]]) -> Expanded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    spans: list[tuple[int, int]] = []
    last = 0
    for a, b, word in replacements:
        chars.append(norm.text[last:a])
        starts.extend(norm.starts[last:a])
        ends.extend(norm.ends[last:a])
        origin_start, origin_end = norm.to_original(a, b)
        spans.append((len(starts), len(starts) + len(word)))
        chars.append(word)
        starts.extend([origin_start] * len(word))
        ends.extend([origin_end] * len(word))
        last = b
    chars.append(norm.text[last:])
    starts.extend(norm.starts[last:])
    ends.extend(norm.ends[last:])
    return Expanded(Normalised(norm.original, "".join(chars), tuple(starts), tuple(ends)), tuple(spans))
