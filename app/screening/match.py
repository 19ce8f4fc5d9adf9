"""Stage 4: find controlled substances in an item.

Candidates come from four sources, all built once from the lexicon (`MatchIndex.build`):
- an Aho-Corasick automaton over the normalised text holding every name of every known chemical, controlled or
  not (Chinese names match anywhere; Latin and Cyrillic names only as whole words);
- a second automaton over the item's word lemmas, so that inflected Russian ("уксусного ангидрида") and
  differently punctuated names ("phenyl 2 propanone") match;
- word-level fuzzy correction of unknown words (misspelled or transliterated) against the vocabulary of the
  names, after which the lemma automaton runs again;
- CAS numbers and HS codes.
The overlap guard: among candidates that overlap, the longest wins, and an uncontrolled chemical wins a tie,
so 二甲苯 (xylene) is not 甲苯 (toluene) and acetonitrile is not acetone.

This module is the public face; the parts live beside it: the index in match_index.py, word correction in
spelling.py, candidates and the overlap guard in candidates.py, names that declare nothing in not_declared.py.
"""

import re
from dataclasses import dataclass

from app.core.codes import find_cas, find_hs_in_text, find_standards, hs_digits
from app.core.types import Item, Match, Normalised, Token
from app.screening.candidates import Candidate, exact_candidates, lemma_candidates, name_matches, resolve
from app.screening.han_readings import name_reading
from app.screening.match_index import BLOCKER, DRUG, DRUG_IN_CONTEXT, MatchIndex
from app.screening.not_declared import heads_its_line, mentioned, not_this_chemical, said_absent
from app.screening.segment import Segmenter

__all__ = [
    "BadCas",
    "MatchIndex",
    "MatchOutcome",
    "TermFound",
    "controlled_by_hs",
    "find_matches",
    "find_terms",
]

_READ_ALOUD = ("sound_alike", "shape_alike", "pinyin", "palladius")
_READ_AS_SOUNDS = ("pinyin", "palladius")  # a Chinese name's sounds, never an abbreviation spelt out


@dataclass(frozen=True, slots=True)
class BadCas:
    cas: str
    start: int  # in the original description
    end: int


@dataclass(frozen=True, slots=True)
class DrugNamed:
    drug_id: str
    start: int  # in the original description
    end: int


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    matches: tuple[Match, ...]
    bad_cas: tuple[BadCas, ...]
    drugs: tuple[DrugNamed, ...] = ()


def find_matches(
    item: Item,
    norm: Normalised,
    tokens: tuple[Token, ...],
    index: MatchIndex,
    segmenter: Segmenter,
    expanded: tuple[tuple[int, int], ...] = (),
    in_context: bool | None = None,
) -> MatchOutcome:
    """Controlled substances in an item; `expanded` are the spans of abbreviations written out in full;
    `in_context` says whether the description as a whole reads as chemicals (None: judge this text)."""
    matches: list[Match] = []
    bad_cas: list[BadCas] = []
    candidates = name_matches(index, norm, tokens, segmenter)
    held = _held(index, candidates)
    for cand in candidates:
        if not cand.target.controlled or cand.target.owner in held:
            continue
        if cand.target.needs_context:
            if in_context is None:
                in_context = index.chemical_context.search(norm.text) is not None
            spelt_out = cand.method not in ("pinyin", "palladius") and _spelt_out_as_other(
                norm.text, cand, candidates
            )
            if not in_context or spelt_out:
                continue
        if not_this_chemical(index, norm.text, cand):
            continue
        start, end = norm.to_original(cand.start, cand.end)
        if cand.target.head_only and not heads_its_line(norm.original, start, end, index.line_marker):
            continue
        method = cand.method
        if method in ("exact", "lemma") and any(a < cand.end and cand.start < b for a, b in expanded):
            method = "abbreviation"
        reading = name_reading(cand.target.name) if method in _READ_ALOUD else None
        owner = cand.target.owner
        if index.esters is not None:
            owner = index.esters.ester_of(owner, norm.text, cand.start, cand.end) or owner
        matches.append(Match(owner, method, cand.target.name, start, end, cand.score, "description", reading))
    for found in find_cas(norm.text):
        start, end = norm.to_original(found.start, found.end)
        if not found.valid:
            bad_cas.append(BadCas(found.cas, start, end))
            continue
        target = index.cas.get(found.cas)
        if target is not None and target.controlled:
            matches.append(Match(target.owner, "cas", found.cas, start, end))
    for std in find_standards(norm.text):
        start, end = norm.to_original(std.start, std.end)
        for sid in index.standards.get(std.number, ()):
            matches.append(Match(sid, "standard", norm.text[std.start : std.end], start, end))
    named = {m.substance_id for m in matches}
    for hs in find_hs_in_text(norm.text, index.hs_in_text):
        start, end = norm.to_original(hs.start, hs.end)
        for sid in _coded(index, hs.digits, named):
            matches.append(Match(sid, "hs_code", hs.digits, start, end))
    if item.hs_code:
        code = hs_digits(item.hs_code)
        for sid in _coded(index, code, named):
            matches.append(Match(sid, "hs_code", code, 0, 0, source="hs_code"))
    drugs = find_drugs(index, norm, tokens, segmenter, in_context)
    return MatchOutcome(tuple(matches), tuple(bad_cas), drugs)


_SPELT_OUT = re.compile(r"\s*\(([^()]{2,80})\)")
_WORD = re.compile(r"[^\W\d_]+")


def _spelt_out_as_other(text: str, cand: Candidate, candidates: list[Candidate]) -> bool:
    """An abbreviation followed by what it stands for, in brackets, that names no chemical of its: "CBD (cash
    before delivery)" in payment terms is not cannabidiol; "CBD (cannabidiol)" is."""
    m = _SPELT_OUT.match(text, cand.end)
    if m is None or not _initials_spell(text[cand.start : cand.end], m.group(1)):
        return False
    inside = range(m.start(1), m.end(1))
    return not any(c.target.owner == cand.target.owner and c.start in inside for c in candidates)


_MAX_SPELT_LETTERS = 5


def spelt_out_elsewhere(text: str, start: int, end: int) -> bool:
    """An abbreviation whose letters begin consecutive words elsewhere in the text, in order: what it stands
    for here ("LSD gear oil 80W-90 for limited-slip differentials": after held-out drugs_16's first run). The
    drug's own spelt-out name has other initials (lysergic acid diethylamide: l, a, d). Used for a drug's
    street names that count only in context; a chemical's abbreviation is another thing only when spelt out in
    brackets right after it (_spelt_out_as_other): "GBL cleaner, grease-based liquid" stays GBL."""
    letters = [ch for ch in text[start:end].casefold() if ch.isalpha()]
    if not 2 <= len(letters) <= _MAX_SPELT_LETTERS or len(letters) != end - start:
        return False
    words = [(m.start(), m.group().casefold()) for m in _WORD.finditer(text) if not start <= m.start() < end]
    n = len(letters)
    return any(
        all(len(w) > 1 and w[0] == ch for (_, w), ch in zip(words[i : i + n], letters, strict=True))
        for i in range(len(words) - n + 1)
    )


def _initials_spell(abbreviation: str, words: str) -> bool:
    """The bracket's words begin with the abbreviation's letters, in order, the first with the first ("cash
    before delivery" for CBD, "Международная электротехническая комиссия" for МЭК); a formula "(C4H8O)" or a
    grade "(техн.)" spells nothing out."""
    letters = [ch for ch in abbreviation.casefold() if ch.isalpha()]
    initials = [w[0] for w in _WORD.findall(words.casefold())]
    if not letters or not initials or initials[0] != letters[0]:
        return False
    rest = iter(initials[1:])
    return all(any(i == ch for i in rest) for ch in letters[1:])


def _held(index: MatchIndex, candidates: list[Candidate]) -> frozenset[str]:
    """Substances held by goods the line names (a battery's thionyl chloride): their names describe the
    goods."""
    if not index.holds:
        return frozenset()
    held: set[str] = set()
    for cand in candidates:
        held |= index.holds.get(cand.target.owner, frozenset()) if not cand.target.controlled else frozenset()
    return frozenset(held)


@dataclass(frozen=True, slots=True)
class TermFound:
    term_id: str
    start: int  # span in the normalised text
    end: int


def find_terms(
    index: MatchIndex, norm: Normalised, tokens: tuple[Token, ...], segmenter: Segmenter
) -> list[TermFound]:
    """Terms of a `MatchIndex.for_terms` index in an item, longest first, not overlapping, in text order.
    No fuzzy correction: vocabulary words are read as written."""
    # none of the index's own terms as written, and no Russian word to be one inflected: its blockers alone
    # make nothing (checked first: most texts name no drug)
    unwritten = index.term_exact is not None and next(index.term_exact.iter(norm.text), None) is None
    cyrillic = any(t.kind == "cyr" for t in tokens)  # the lemma pass is for inflection: Russian only
    if unwritten and not cyrillic:
        return []
    words = [t for t in tokens if t.kind != "han"]
    lemmas = (
        [index.cyrillic_forms.get(t.text, t.lemma) if t.kind == "cyr" else t.lemma for t in words]
        if cyrillic
        else []
    )
    if unwritten and index.term_words.isdisjoint(lemmas):
        return []  # nor inflected
    found = exact_candidates(index, norm.text)
    if cyrillic:
        found += lemma_candidates(index, words, lemmas, {})
    return [TermFound(c.target.owner, c.start, c.end) for c in resolve(found) if c.target.owner != BLOCKER]


def find_drugs(
    index: MatchIndex,
    norm: Normalised,
    tokens: tuple[Token, ...],
    segmenter: Segmenter,
    in_context: bool | None = None,
) -> tuple[DrugNamed, ...]:
    """Narcotic drugs and psychotropic substances the description names outright; a street name that is also
    an ordinary word counts only in a chemical context."""
    if index.drugs is None:
        return ()
    found: list[DrugNamed] = []
    licit: dict[str, bool] = {}
    for term in find_terms(index.drugs, norm, tokens, segmenter):
        if term.term_id.startswith(DRUG_IN_CONTEXT):
            if in_context is None:
                in_context = index.chemical_context.search(norm.text) is not None
            drug_id = term.term_id[len(DRUG_IN_CONTEXT) :]
            dosage = index.drug_context.get(drug_id)
            if not in_context and (dosage is None or dosage.search(norm.text) is None):
                continue
            if spelt_out_elsewhere(norm.text, term.start, term.end):
                continue  # "LSD gear oil … for limited-slip differentials"
        else:
            drug_id = term.term_id[len(DRUG) :]
        pattern = index.drug_licit.get(drug_id)
        if pattern is not None:
            if drug_id not in licit:
                licit[drug_id] = pattern.search(norm.text) is not None
            if licit[drug_id]:
                continue  # the line is about the ordinary thing: a perfume, industrial hemp
        if mentioned(norm.text, term.start, term.end, index):
            continue  # a test or an instrument named after it: "fentanyl test strips"
        if said_absent(index, norm.text, term.start, term.end):
            continue  # "без кодеина", "无可待因配方": a remedy made without it
        start, end = norm.to_original(term.start, term.end)
        found.append(DrugNamed(drug_id, start, end))
    return tuple(found)


def _coded(index: MatchIndex, digits: str, named: set[str]) -> list[str]:
    """The substances a code points at; where it covers several and the text names some of them, those: a
    declaration of 4-piperidone under 2933399073 is not one of 4-AP, norfentanyl and two Boc compounds too."""
    sids = controlled_by_hs(index, digits)
    both = [sid for sid in sids if sid in named]
    return both or sids


def controlled_by_hs(index: MatchIndex, digits: str) -> list[str]:
    """Substances a declared HS code points at: a national code that names one, or a 6-digit subheading of
    controlled substances that is not shared with many uncontrolled goods."""
    if len(digits) == 10 and digits in index.hs10:
        return index.hs10[digits]
    six = digits[:6]
    if len(digits) >= 6 and six not in index.shared_hs:
        return index.hs6.get(six, [])
    return []
