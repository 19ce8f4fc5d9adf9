"""Stage 1b: Russian abbreviations (and English words cut with a dot: "Acet. anhyd.", "Pot. permang.")
expanded in the normalised text, before segmenting and lemmatising.

"к-та хлористоводородн." -> "кислота хлористоводородный", "ангидр. уксусный техн." -> "ангидрид уксусный
технический": the standard short forms come from app/lexicon/abbreviations.yaml; a stem cut with a dot is
completed to the one word of the lexicon's names that it begins. Each character of an expansion maps back to
the whole abbreviation in the original text, so evidence still points at what the user wrote.
"""

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from app.core.types import Normalised
from app.core.word_patterns import first_not_after, word_start
from app.lexicon.schema import AbbreviationsFile

_CYR_WORD = r"[а-яё]"
_CYRILLIC = re.compile(r"[а-яё]")
# (each look-behind stands after the first character, so re skips to where one may start: word_patterns.py)
_NOT_IN_WORD = r"[\w-]"  # no letter, digit or hyphen before
_LATIN_FIRST = first_not_after("[a-z]", _NOT_IN_WORD)
_LATIN_CODE_BEFORE_CYRILLIC = re.compile(rf"({_LATIN_FIRST}[a-z0-9]{{1,4}})-(?=[а-яё]{{3,}})")
_LATIN_STEM_FIRST = first_not_after("[a-z]", r"\w")  # no letter or digit before
_CYR_STEM_FIRST = first_not_after(_CYR_WORD, r"\w")
_CYR_FIRST = first_not_after(_CYR_WORD, _NOT_IN_WORD)
_LATIN_STEM = re.compile(rf"{_LATIN_STEM_FIRST}[a-z]+\.")
_WORDS = re.compile(r"[\s.,;:()]+")
_MIN_SHORT_STEM = 2
# a short word of Cyrillic letters and digits, maybe hyphened ("анпп", "п-2-п", "4-ап")
_CAPS_WORD = re.compile(
    rf"{first_not_after('[а-я0-9]', _NOT_IN_WORD)}[а-я0-9]{{0,4}}(?:-[а-я0-9]{{1,5}}){{0,3}}(?![\w-])"
)  # "эф." for эфир, beside "диэтил."


@dataclass(frozen=True, slots=True)
class Expanded:
    norm: Normalised
    spans: tuple[tuple[int, int], ...]  # the expansions, in the new normalised text


class Abbreviations:
    """Compiled once from the data file and the lexicon's Cyrillic name words (form -> lemma)."""

    def __init__(
        self,
        data: AbbreviationsFile,
        name_forms: dict[str, str],
        pairs: Iterable[frozenset[str]] = (),
        latin_codes: Iterable[str] = (),
        known_word: Callable[[str], bool] = lambda _: False,
    ) -> None:
        self._pairs = frozenset(pairs)  # lemmas of words next to each other in a name
        self._short = {k.casefold(): v for k, v in data.short_forms.items()}
        self._min_stem = data.min_stem_letters
        forms = "|".join(
            word_start(k, r"\ ", _NOT_IN_WORD) for k in sorted(self._short, key=len, reverse=True)
        )
        marks = "".join(re.escape(m) for m in data.stem_marks)
        # a short form is a whole word; a stem ends at its mark, whatever follows ("ангидр.уксусн.") and may
        # end a hyphenated compound ("N-ацетилантранил."); a contraction keeps a word's first and last letters
        # around a hyphen ("перм-т"). Stems shorter than min_stem_letters ("укс.", "эф.") are completed only
        # beside a word they stand next to in a name.
        self._re = re.compile(
            rf"(?P<short>{forms or '(?!)'})\.?(?![\w-])"
            rf"|(?P<stem>{_CYR_STEM_FIRST}{_CYR_WORD}{{{_MIN_SHORT_STEM - 1},}}"
            rf"|{_LATIN_STEM_FIRST}[a-z]{{{_MIN_SHORT_STEM - 1},}})[{marks}]"
            rf"|(?P<head>{_CYR_FIRST}{_CYR_WORD}+)-(?P<tail>{_CYR_WORD}{{1,3}})(?![\w-])"
        )
        self._letters = {k.casefold(): v for k, v in data.letter_names.items()}
        ordered = sorted(self._letters, key=len, reverse=True)
        letters = "|".join(re.escape(k) for k in ordered) or "(?!)"
        first_letter = "|".join(word_start(k, r"\ ", _NOT_IN_WORD) for k in ordered) or "(?!)"
        locants = (
            "|".join(word_start(k.casefold(), r"\ ", _NOT_IN_WORD) for k in data.locant_letters) or "(?!)"
        )
        # "би-эм-кей", "пи-ту-пи": letter names hyphened together; "эн-фенетил": a locant before a word
        self._spelt = re.compile(
            rf"(?:(?:{first_letter})(?:-(?:{letters}))+|(?:{locants})(?=-{_CYR_WORD}{{3,}}))(?![\w])"
        )
        self._acronym = str.maketrans({k.casefold(): v for k, v in data.acronym_letters.items()})
        self._codes = frozenset(latin_codes)  # short Latin names ("anpp", "p-2-p") a capital word may spell
        # and back: a Latin code joined by a hyphen to a Russian word is read in Cyrillic ("BMK-глицидной")
        latin = Counter(data.acronym_letters.values())
        self._to_cyrillic = {
            v.casefold(): k.casefold() for k, v in data.acronym_letters.items() if latin[v] == 1
        }
        self._known = known_word  # a Russian word or acronym ("ДОМ", "НПП": научно-производственное) is none
        self._forms = sorted(name_forms)
        self._lemma_of = dict(name_forms)
        self._latin_stems = any(f.isascii() for f in name_forms)
        self.complete = lru_cache(maxsize=20_000)(self._complete)

    def _complete(self, stem: str, near: frozenset[str] = frozenset(), tail: str = "") -> str | None:
        """The lemma of the name word this stem begins (and, for a contraction, ends with `tail`): the only
        one, or the only one that stands next to one of the `near` lemmas in a name ("диэтил. эфир":
        диэтиловый, not диэтилкетон); None otherwise."""
        i = bisect.bisect_left(self._forms, stem)
        lemmas: set[str] = set()
        while i < len(self._forms) and self._forms[i].startswith(stem):
            form = self._forms[i]
            if not tail or (form.endswith(tail) and len(form) > len(stem) + len(tail)):
                lemmas.add(self._lemma_of[form])
            i += 1
        if len(lemmas) == 1 and (tail or stem not in self._lemma_of) and len(stem) >= self._min_stem:
            return lemmas.pop()
        paired = [lm for lm in lemmas if any(frozenset((lm, n)) in self._pairs for n in near)]
        # one word lemmatised two ways ("антраниловая": антраниловый, "антраниловой": антранилов): the longer
        paired = sorted(
            (lm for lm in paired if not any(o != lm and o.startswith(lm) for o in paired)), key=len
        )
        # the shortest completion: a word is cut near its end ("диэтил." is диэтиловый, not диэтиленгликоль)
        if len(paired) == 1 or (len(paired) > 1 and len(paired[0]) < len(paired[1])):
            return paired[0]
        return None

    def _neighbours(self, words: tuple[str, ...]) -> frozenset[str]:
        """The lemmas the words beside an abbreviation may stand for: a short form's ("серн. к-та"), a name
        word's, or every name word a stem may begin ("эф. диэтил.": эфир, эфедрин…; диэтиловый…)."""
        out: set[str] = set()
        for word in words:
            full = self._short.get(word, word)
            if full in self._lemma_of:
                out.add(self._lemma_of[full])
            if full == word and len(word) >= _MIN_SHORT_STEM:  # it may be cut too ("диэтил." of диэтиловый)
                i = bisect.bisect_left(self._forms, word)
                while i < len(self._forms) and self._forms[i].startswith(word):
                    out.add(self._lemma_of[self._forms[i]])
                    i += 1
        return frozenset(out)

    def _acronyms(self, norm: Normalised, taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """ "АНПП", "П-2-П": a word in Cyrillic capitals (as sent) spelling a Latin name letter for letter."""
        out = []
        for m in _CAPS_WORD.finditer(norm.text):
            word = m.group()
            code = word.translate(self._acronym)
            if code not in self._codes or word in self._lemma_of:
                continue  # spells no code (most words: tested first), or is a name word itself
            if any(a < m.end() and m.start() < b for a, b, _ in taken) or self._known(word):
                continue
            start, end = norm.to_original(m.start(), m.end())
            if norm.original[start:end].isupper():
                out.append((m.start(), m.end(), code))
        return out

    def _codes_in_cyrillic(self, text: str, taken: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """ "BMK-глицидной кислоты": a Latin code of a name hyphened to a Russian word, as the Russian name
        writes it in Cyrillic (бмк-глицидной)."""
        out = []
        for m in _LATIN_CODE_BEFORE_CYRILLIC.finditer(text):
            code = m.group(1)
            if code not in self._codes or any(a < m.end(1) and m.start(1) < b for a, b, _ in taken):
                continue
            if all(c in self._to_cyrillic or c.isdigit() for c in code):
                out.append((m.start(1), m.end(1), "".join(self._to_cyrillic.get(c, c) for c in code)))
        return out

    def _spell(self, run: str) -> str:
        return "".join(self._letters[part] for part in run.split("-"))

    def expand(self, norm: Normalised) -> Expanded:
        text = norm.text
        if _CYRILLIC.search(text) is None and (not self._latin_stems or _LATIN_STEM.search(text) is None):
            return Expanded(norm, ())  # no Russian, and no Latin word cut with a dot ("Acet. anhyd.")
        # (start, end, word) in the normalised text; letters spelt out first, then codes in Cyrillic capitals
        replacements = [(m.start(), m.end(), self._spell(m.group())) for m in self._spelt.finditer(text)]
        if self._codes:
            replacements += self._acronyms(norm, replacements)
            replacements += self._codes_in_cyrillic(text, replacements)
        spelt = [(a, b) for a, b, _ in replacements]
        for m in self._re.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spelt):
                continue
            if m.group("short"):
                replacements.append((m.start(), m.end(), self._short[m.group("short")]))
                continue
            before = _WORDS.split(text[max(0, m.start() - 40) : m.start()].strip(" .,;:()"))[-1]
            after = _WORDS.split(text[m.end() : m.end() + 40].strip(" .,;:()"))[0]
            near = self._neighbours((before, after))
            if m.group("stem"):
                full = self.complete(m.group("stem"), near)
                if full is not None:
                    replacements.append((m.start("stem"), m.end("stem"), full))
            elif (word := m.group("head") + m.group("tail")) not in self._lemma_of:
                full = self.complete(m.group("head"), near, m.group("tail"))
                if full is not None and full != word:
                    replacements.append((m.start(), m.end(), full))
        return _rebuild(norm, sorted(replacements)) if replacements else Expanded(norm, ())


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
