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
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import ahocorasick
from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.lexicon.loader import LexiconData
from app.screening.codes import find_cas, find_hs_in_text, hs_digits
from app.screening.normalise import is_han, normalise
from app.screening.segment import Segmenter, segment
from app.screening.translit import skeleton, translit_ru
from app.screening.types import Item, Match, MatchMethod, Normalised, Token

_FUZZY_MIN_LEN = 5


def max_edits(length: int) -> int:
    """Edits a misspelled word of this length may carry and still be corrected."""
    if length < _FUZZY_MIN_LEN:
        return 0
    if length <= 8:
        return 1
    if length <= 14:
        return 2
    return 3


@dataclass(frozen=True, slots=True)
class _Target:
    owner: str  # substance id or overlap chemical id
    controlled: bool
    name: str  # the lexicon name as written


@dataclass(frozen=True, slots=True)
class BadCas:
    cas: str
    start: int  # in the original description
    end: int


@dataclass(frozen=True, slots=True)
class MatchOutcome:
    matches: tuple[Match, ...]
    bad_cas: tuple[BadCas, ...]


@dataclass(slots=True)
class _Candidate:
    start: int  # normalised span
    end: int
    target: _Target
    method: MatchMethod
    score: float = 100.0


@dataclass
class MatchIndex:
    exact: "ahocorasick.Automaton"
    lemmas: "ahocorasick.Automaton"
    vocab_cyr: "Vocabulary" = field(default_factory=lambda: Vocabulary())  # Cyrillic forms -> lemma
    vocab_lat: "Vocabulary" = field(default_factory=lambda: Vocabulary())  # Latin skeletons -> lemma
    uncontrolled_only: dict[str, bool] = field(
        default_factory=dict
    )  # lemma -> used only by uncontrolled names
    cas: dict[str, _Target] = field(default_factory=dict)
    hs6: dict[str, list[str]] = field(default_factory=dict)  # 6 digits -> substance ids
    hs10: dict[str, list[str]] = field(default_factory=dict)  # national 10 digits -> substance ids
    shared_hs: frozenset[str] = frozenset()

    @classmethod
    def build(cls, lexicon: LexiconData, segmenter: Segmenter) -> "MatchIndex":
        exact = ahocorasick.Automaton()
        lemma_auto = ahocorasick.Automaton()
        index = cls(exact=exact, lemmas=lemma_auto, shared_hs=lexicon.shared_hs)
        controlled_words: set[str] = set()
        uncontrolled_words: set[str] = set()

        def add(name: str, target: _Target) -> None:
            norm = normalise(name)
            key = norm.text
            exact.add_word(key, (key, target, any(is_han(c) for c in key)))
            if any(is_han(c) for c in key):
                return
            words = [t for t in _word_tokens(norm, segmenter)]
            lemma_key = " " + " ".join(t.lemma for t in words) + " "
            if lemma_key.strip():
                lemma_auto.add_word(lemma_key, (lemma_key, target))
            for t in words:
                if t.kind == "num":
                    continue
                (controlled_words if target.controlled else uncontrolled_words).add(t.lemma)
                if t.kind == "cyr":
                    for form in segmenter.word_forms(t.text):
                        index.vocab_cyr.add(form, t.lemma)
                        index.vocab_lat.add(skeleton(translit_ru(form)), t.lemma)
                else:
                    index.vocab_lat.add(skeleton(t.text), t.lemma)

        for s in lexicon.substances.values():
            for _, _, name in s.all_names():
                add(name, _Target(s.id, True, name))
            for cas in s.cas:
                index.cas[cas] = _Target(s.id, True, cas)
            for code in s.hs:
                index.hs6.setdefault(hs_digits(code), []).append(s.id)
            for codes in s.hs_national.values():
                for code in codes:
                    index.hs10.setdefault(code, []).append(s.id)
        for c in lexicon.overlaps.values():
            for _, name in c.names.all():
                add(name, _Target(c.id, False, name))
            for cas in c.cas:
                index.cas.setdefault(cas, _Target(c.id, False, cas))
        index.uncontrolled_only = {
            w: w not in controlled_words for w in controlled_words | uncontrolled_words
        }
        exact.make_automaton()
        lemma_auto.make_automaton()
        index.corrections = lru_cache(maxsize=100_000)(index._correct)  # type: ignore[method-assign]
        return index

    def corrections(self, word: str, kind: str, segmenter: Segmenter) -> tuple[str, float] | None:
        return self._correct(word, kind, segmenter)

    def _correct(self, word: str, kind: str, segmenter: Segmenter) -> tuple[str, float] | None:
        if kind == "cyr":
            if word in self.vocab_cyr.lemma_of or segmenter.is_known_word(word):
                return None  # spelled right: a real word, or a word of a name (the lemma automaton has it)
            return closest_lemma(self.vocab_cyr, word, self.uncontrolled_only)
        key = skeleton(word)
        lemma = self.vocab_lat.lemma_of.get(key)
        if lemma is not None:
            return None if lemma == word else (lemma, 100.0)  # a transliteration spelled some usual way
        return closest_lemma(self.vocab_lat, key, self.uncontrolled_only)


def _word_tokens(norm: Normalised, segmenter: Segmenter) -> list[Token]:
    return [t for t in segment(norm, segmenter) if t.kind != "han"]


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() and not is_han(ch)


def _exact_candidates(index: MatchIndex, text: str) -> list[_Candidate]:
    out = []
    for end_idx, (key, target, is_chinese) in index.exact.iter(text):
        start = end_idx - len(key) + 1
        end = end_idx + 1
        if not is_chinese and (
            (start > 0 and _is_word_char(text[start - 1])) or (end < len(text) and _is_word_char(text[end]))
        ):
            continue
        out.append(_Candidate(start, end, target, "exact"))
    return out


def _lemma_candidates(
    index: MatchIndex, words: list[Token], lemmas: list[str], corrected: dict[int, float]
) -> list[_Candidate]:
    """Run the lemma automaton over ' l1 l2 … ' and map hits back to token spans."""
    if not words:
        return []
    pieces = [" "]
    starts: list[int] = []  # char offset of each word in the lemma string
    pos = 1
    for lemma in lemmas:
        starts.append(pos)
        pieces.append(lemma + " ")
        pos += len(lemma) + 1
    lemma_text = "".join(pieces)
    word_at = {p: i for i, p in enumerate(starts)}
    out = []
    for end_idx, (key, target) in index.lemmas.iter(lemma_text):
        first = word_at.get(end_idx - len(key) + 2)
        if first is None:
            continue
        n_words = key.count(" ") - 1
        last = first + n_words - 1
        span = range(first, last + 1)
        fixes = [corrected[i] for i in span if i in corrected]
        if fixes:
            method: MatchMethod = "fuzzy"
            score = min(fixes)
        elif any(words[i].kind == "cyr" and words[i].lemma != words[i].text for i in span):
            method, score = "lemma", 100.0
        else:
            method, score = "exact", 100.0
        out.append(_Candidate(words[first].start, words[last].end, target, method, score))
    return out


class Vocabulary:
    """Spellings of the words that make up lexicon names, each mapped to the lemma the lemma automaton knows,
    bucketed by length so a misspelled word is only compared with words it could be a few edits away from."""

    def __init__(self) -> None:
        self.lemma_of: dict[str, str] = {}
        self._by_length: dict[int, list[str]] = defaultdict(list)

    def add(self, spelling: str, lemma: str) -> None:
        if spelling not in self.lemma_of:
            self.lemma_of[spelling] = lemma
            self._by_length[len(spelling)].append(spelling)

    def near(self, word: str, limit: int) -> list[str]:
        n = len(word)
        return [w for size in range(n - limit, n + limit + 1) for w in self._by_length.get(size, ())]


def closest_lemma(
    vocab: Vocabulary, word: str, uncontrolled_only: dict[str, bool]
) -> tuple[str, float] | None:
    """The lemma of the vocabulary word nearest to `word` within its edit budget, with a similarity score.
    On a tie, a word used only by uncontrolled chemicals wins: a fuzzy match never lands on a substance
    when another known chemical is as close."""
    limit = max_edits(len(word))
    if limit == 0:
        return None
    hits = process.extract(word, vocab.near(word, limit), scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not hits:
        return None
    best = min(int(dist) for _, dist, _ in hits)
    nearest = [spelling for spelling, dist, _ in hits if int(dist) == best]
    lemmas = [vocab.lemma_of[s] for s in nearest]
    lemma = next((lm for lm in lemmas if uncontrolled_only.get(lm)), lemmas[0])
    spelling = nearest[lemmas.index(lemma)]
    return lemma, round(100.0 * (1 - best / max(len(word), len(spelling))), 1)


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first; on equal length the uncontrolled chemical and the surer method win."""
    rank = {"exact": 0, "lemma": 1, "fuzzy": 2, "cas": 3, "hs_code": 4}
    ordered = sorted(
        candidates,
        key=lambda c: (-(c.end - c.start), c.target.controlled, rank[c.method], -c.score, c.start),
    )
    taken: list[_Candidate] = []
    for cand in ordered:
        if all(cand.end <= t.start or cand.start >= t.end for t in taken):
            taken.append(cand)
    return sorted(taken, key=lambda c: c.start)


def _name_matches(
    index: MatchIndex, norm: Normalised, tokens: tuple[Token, ...], segmenter: Segmenter
) -> list[_Candidate]:
    candidates = _exact_candidates(index, norm.text)
    words = [t for t in tokens if t.kind != "han"]
    lemmas = [t.lemma for t in words]
    candidates += _lemma_candidates(index, words, lemmas, {})
    covered = [(c.start, c.end) for c in candidates]
    corrected: dict[int, float] = {}
    for i, tok in enumerate(words):
        if tok.kind == "num" or any(s < tok.end and tok.start < e for s, e in covered):
            continue
        fix = index.corrections(tok.text, tok.kind, segmenter)
        if fix is not None:
            lemmas[i] = fix[0]
            corrected[i] = fix[1]
    if corrected:
        candidates += [c for c in _lemma_candidates(index, words, lemmas, corrected) if c.method == "fuzzy"]
    return _resolve(candidates)


def find_matches(
    item: Item, norm: Normalised, tokens: tuple[Token, ...], index: MatchIndex, segmenter: Segmenter
) -> MatchOutcome:
    matches: list[Match] = []
    bad_cas: list[BadCas] = []
    for cand in _name_matches(index, norm, tokens, segmenter):
        if not cand.target.controlled:
            continue
        start, end = norm.to_original(cand.start, cand.end)
        matches.append(
            Match(cand.target.owner, cand.method, cand.target.name, start, end, cand.score, "description")
        )
    for found in find_cas(norm.text):
        start, end = norm.to_original(found.start, found.end)
        if not found.valid:
            bad_cas.append(BadCas(found.cas, start, end))
            continue
        target = index.cas.get(found.cas)
        if target is not None and target.controlled:
            matches.append(Match(target.owner, "cas", found.cas, start, end))
    for hs in find_hs_in_text(norm.text):
        start, end = norm.to_original(hs.start, hs.end)
        for sid in controlled_by_hs(index, hs.digits):
            matches.append(Match(sid, "hs_code", hs.digits, start, end))
    if item.hs_code:
        code = hs_digits(item.hs_code)
        for sid in controlled_by_hs(index, code):
            matches.append(Match(sid, "hs_code", code, 0, 0, source="hs_code"))
    return MatchOutcome(tuple(matches), tuple(bad_cas))


def controlled_by_hs(index: MatchIndex, digits: str) -> list[str]:
    """Substances a declared HS code points at: a national code that names one, or a 6-digit subheading of
    controlled substances that is not shared with many uncontrolled goods."""
    if len(digits) == 10 and digits in index.hs10:
        return index.hs10[digits]
    six = digits[:6]
    if len(digits) >= 6 and six not in index.shared_hs:
        return index.hs6.get(six, [])
    return []


def group_by_substance(matches: Iterable[Match]) -> dict[str, list[Match]]:
    grouped: dict[str, list[Match]] = defaultdict(list)
    for m in matches:
        grouped[m.substance_id].append(m)
    return dict(grouped)
