"""The officers' reading aid: a description cut into its words, each with its meaning in the reader's
language where the lexicon knows the word (substances, uncontrolled chemicals, goods categories, packaging,
units, declaration words), so "醋酸酐 200升 塑料桶" reads "уксусный ангидрид · 200 л · пластиковая бочка".

Not a screening stage: it reuses the pipeline's normaliser, segmenter and matcher to explain a text. Lookups
try the longest run of words first, as written and (for Russian) in dictionary form; a number followed by a
unit or a package word is read together ("200升" = "200 л"); a controlled substance the matcher found by a
misspelling or a transliteration is glossed as that substance.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from app.core.types import Item, Token
from app.lexicon.loader import LexiconData
from app.lexicon.schema import Names
from app.lexicon.schema_cargo import Term
from app.screening.match import MatchIndex, find_matches
from app.screening.segment import Segmenter, segment

GlossKind = Literal["substance", "chemical", "goods", "packaging", "unit", "word", "number"]
_LANGS = ("ru", "en", "zh")
# Longest run of words looked up as one term ("acetic acid anhydride", "бочка металлическая").
_MAX_WORDS = 5


@dataclass(frozen=True, slots=True)
class Entry:
    kind: GlossKind
    ref: str  # lexicon id
    meaning: dict[str, str]  # language -> gloss


@dataclass(frozen=True, slots=True)
class Segment:
    text: str  # as written in the description
    start: int  # span in the original description
    end: int
    kind: GlossKind | None  # None: a word the service does not know
    ref: str | None
    meaning: str | None  # in the requested language


def _first(names: Names, fallback: str) -> dict[str, str]:
    return {lang: (getattr(names, lang) or [fallback])[0] for lang in _LANGS}


class Glossary:
    """Normalised term -> meaning, built once from the lexicon; Russian terms also by dictionary form."""

    def __init__(self, lexicon: LexiconData, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        self.normalise = lexicon.normalise
        self.terms: dict[str, Entry] = {}
        self.lemmas: dict[str, Entry] = {}
        self.substances: dict[str, Entry] = {}
        # Later sources do not overwrite earlier ones: a substance name outranks a cargo word.
        for s in lexicon.substances.values():
            entry = self.substances[s.id] = Entry("substance", s.id, _first(s.names, s.names.en[0]))
            self._add((n for _, _, n in s.all_names()), entry)
        for c in lexicon.overlaps.values():
            fallback = (c.names.en or [n for _, n in c.names.all()])[0]
            self._add((n for _, n in c.names.all()), Entry("chemical", c.id, _first(c.names, fallback)))
        for g in lexicon.categories.values():
            fallback = (g.names.en or [n for _, n in g.names.all()])[0]
            self._add((n for _, n in g.names.all()), Entry("goods", g.id, _first(g.names, fallback)))
        cargo = lexicon.cargo
        vocabularies: list[tuple[GlossKind, Sequence[Term]]] = [
            ("packaging", cargo.packaging),
            ("unit", cargo.units),
            ("word", cargo.declaration_words),
        ]
        for kind, terms in vocabularies:
            for t in terms:
                self._add(
                    (n for _, n in t.names.all()), Entry(kind, t.id, {"ru": t.ru, "en": t.en, "zh": t.zh})
                )

    def _add(self, names: Iterable[str], entry: Entry) -> None:
        for name in names:
            norm = self.normalise(name)
            if not norm.text:
                continue
            self.terms.setdefault(norm.text, entry)
            words = segment(norm, self.segmenter)
            if any(w.kind == "cyr" for w in words):
                self.lemmas.setdefault(" ".join(w.lemma for w in words), entry)

    def lookup(self, text: str, words: tuple[Token, ...]) -> Entry | None:
        entry = self.terms.get(text)
        if entry is None and any(w.kind == "cyr" for w in words):
            entry = self.lemmas.get(" ".join(w.lemma for w in words))
        return entry


def gloss(description: str, glossary: Glossary, index: MatchIndex, lang: str) -> list[Segment]:
    """The description's words in order, each with its meaning in `lang` where one is known."""
    norm = glossary.normalise(description)
    tokens = segment(norm, glossary.segmenter)
    spans = [norm.to_original(t.start, t.end) for t in tokens]
    found = find_matches(Item(description), norm, tokens, index, glossary.segmenter).matches
    matched = [(m.start, m.end, m.substance_id) for m in found if m.source == "description"]

    def piece(first: int, last: int, entry: Entry | None, meaning: str | None = None) -> Segment:
        start, end = spans[first][0], spans[last][1]
        if entry is None:
            return Segment(description[start:end], start, end, None, None, None)
        return Segment(
            description[start:end], start, end, entry.kind, entry.ref, meaning or entry.meaning[lang]
        )

    out: list[Segment] = []
    i = 0
    while i < len(tokens):
        size, entry = _longest(tokens, i, norm.text, glossary)
        covering = next((m for m in matched if m[0] <= spans[i][0] < m[1]), None)
        if covering is not None and (entry is None or entry.kind != "substance"):
            # A substance found by a misspelled or transliterated name: the words it spans read as one.
            last = i
            while last + 1 < len(tokens) and spans[last + 1][0] < covering[1]:
                last += 1
            out.append(piece(i, last, glossary.substances.get(covering[2])))
            i = last + 1
            continue
        if tokens[i].kind == "num" and i + 1 < len(tokens):
            nsize, nentry = _longest(tokens, i + 1, norm.text, glossary)
            if nentry is not None and nentry.kind in ("unit", "packaging"):
                number, word = tokens[i].text, nentry.meaning[lang]
                meaning = f"{number} {word}" if nentry.kind == "unit" else f"{number} × {word}"
                out.append(piece(i, i + nsize, nentry, meaning))
                i += 1 + nsize
                continue
        if entry is None and tokens[i].kind == "num":
            entry = Entry("number", "", {lang_: tokens[i].text for lang_ in _LANGS})
        out.append(piece(i, i + size - 1, entry))
        i += size
    return out


def _longest(tokens: tuple[Token, ...], i: int, text: str, glossary: Glossary) -> tuple[int, Entry | None]:
    """The longest run of words from tokens[i] that the glossary knows (1 and None if none)."""
    for size in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
        run = tokens[i : i + size]
        if size > 1 and len({t.kind for t in run} - {"num"}) > 1:
            continue  # a term never mixes scripts
        entry = glossary.lookup(text[run[0].start : run[-1].end], run)
        if entry is not None:
            return size, entry
    return 1, None
