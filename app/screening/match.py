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

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, pairwise, product
from typing import Literal

import ahocorasick
from rapidfuzz import process
from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

from app.lexicon.loader import LexiconData
from app.lexicon.schema import ChemicalContextFile, Cues
from app.screening.codes import find_cas, find_hs_in_text, hs_cue_pattern, hs_digits
from app.screening.han_alike import AlikeIndex, name_reading
from app.screening.normalise import Normaliser, is_han, normalise
from app.screening.segment import Segmenter, segment
from app.screening.translit import skeleton, translit_ru
from app.screening.types import Item, Match, MatchMethod, Normalised, Token

_FUZZY_MIN_LEN = 5
# Surest first: which reading of a span wins a tie.
_METHOD_ORDER = (
    "exact",
    "lemma",
    "abbreviation",
    "fuzzy",
    "pinyin",
    "sound_alike",
    "shape_alike",
    "cas",
    "hs_code",
)
# Alternative readings kept per unknown word, and lemma passes per item (their product, capped).
_MAX_READINGS = 4
_MAX_PASSES = 16
# wordfreq's Zipf scale: 1.5 is about once in 30 million words, rare but real (heliotrope is 1.97).
_ENGLISH_ZIPF = 1.5


def max_edits(length: int) -> int:
    """Edits a misspelled word of this length may carry and still be corrected (words shorter than
    _FUZZY_MIN_LEN only inside a longer name: "sulphuric acd", "diethyl eter")."""
    if length < 3:
        return 0
    if length < _FUZZY_MIN_LEN:
        return 1
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
    needs_context: bool = False  # an abbreviation that counts only in a chemical context


def context_pattern(ctx: ChemicalContextFile) -> "re.Pattern[str]":
    """One regular expression over normalised text that finds any sign of a chemical description."""
    parts = [ctx.purity]
    parts += [rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])" for w in ctx.latin]
    parts += [rf"(?<![^\W\d_]){re.escape(stem)}" for stem in ctx.cyrillic_stems]
    parts += [re.escape(w) for w in ctx.chinese]
    return re.compile("|".join(parts))


def _append_once(ids: list[str], sid: str) -> None:
    if sid not in ids:
        ids.append(sid)


def _sound_alike(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = defaultdict(str)
    for a, b in pairs:
        out[a] += b
        out[b] += a
    return dict(out)


def _cue_pattern(cues: Cues, before: bool) -> "re.Pattern[str]":
    """Negation cues as one pattern anchored at the name: at the end of the text before it, or at the start
    of the text after it. Latin and Cyrillic cues are whole words; Chinese cues touch the name."""
    words = [re.escape(c).replace(r"\ ", r"\s+") for c in (*cues.latin, *cues.cyrillic)]
    han = [re.escape(c) for c in cues.chinese]
    if before:
        parts = [rf"(?<![^\W\d_])(?:{'|'.join(words)})[\s-]+$"] if words else []
        parts += [rf"(?:{'|'.join(han)})\s*$"] if han else []
    else:
        parts = [rf"^[\s-]*(?:{'|'.join(words)})(?![^\W\d_])"] if words else []
        parts += [rf"^\s*(?:{'|'.join(han)})"] if han else []
    return re.compile("|".join(parts) or r"(?!)")


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


def _is_latin_word(word: str) -> bool:
    return all(c < "\u0400" for c in word)


def cyrillic_key(word: str) -> str:
    """Spelling key of a Russian word for fuzzy comparison: э/е and й/и confused, doubled letters single."""
    return re.sub(r"(.)\1+", r"\1", word.replace("э", "е").replace("й", "и"))


class Vocabulary:
    """Spelling keys of the words that make up lexicon names, each mapped to the lemmas the lemma automaton
    knows, bucketed by length so a misspelled word is only compared with keys a few edits away."""

    def __init__(self) -> None:
        self.lemmas: dict[str, set[str]] = {}
        self._by_length: dict[int, list[str]] = defaultdict(list)

    def add(self, key: str, lemma: str) -> None:
        if key not in self.lemmas:
            self.lemmas[key] = set()
            self._by_length[len(key)].append(key)
        self.lemmas[key].add(lemma)

    def near(self, key: str, limit: int) -> list[str]:
        n = len(key)
        return [w for size in range(n - limit, n + limit + 1) for w in self._by_length.get(size, ())]


Script = Literal["lat", "cyr"]


@dataclass(frozen=True, slots=True)
class Correction:
    """What an unrecognised word may stand for: the nearest name word in each script, with a similarity."""

    readings: tuple[tuple[Script, str, float], ...]  # (script of the lemma, lemma, score 0-100)
    conditional: bool  # a real or very short word: accept only inside a longer name with an uncorrected word


def nearest_readings(vocab: Vocabulary, key: str, limit: int) -> tuple[tuple[Script, str, float], ...]:
    """For each script, every lemma at that script's smallest distance within `limit` edits (at most a few).
    Ties are kept: the overlap guard decides between them once they form names, so a misspelling as close
    to an uncontrolled name as to a substance's is resolved in the uncontrolled chemical's favour."""
    if limit == 0:
        return tuple((_script(lm), lm, 100.0) for lm in sorted(vocab.lemmas.get(key, ())))
    found = process.extract(key, vocab.near(key, limit), scorer=OSA.distance, score_cutoff=limit, limit=None)
    best: dict[Script, float] = {}
    rows: list[tuple[Script, str, float, str]] = []
    for spelling, distance, _ in found:
        dist = float(distance)
        for lemma in vocab.lemmas[spelling]:
            script = _script(lemma)
            best[script] = min(best.get(script, dist), dist)
            rows.append((script, lemma, dist, spelling))
    out: dict[tuple[Script, str], float] = {}
    for script, lemma, dist, spelling in rows:
        if dist == best[script]:
            score = _similarity(key, spelling)
            out[(script, lemma)] = max(out.get((script, lemma), 0.0), score)
    ranked = sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:_MAX_READINGS]
    return tuple((script, lemma, score) for (script, lemma), score in ranked)


def _similarity(word: str, spelling: str) -> float:
    """0-100: how alike two spellings are (transpositions count as one edit)."""
    return round(100.0 * (1 - OSA.distance(word, spelling) / max(len(word), len(spelling))), 1)


def _script(lemma: str) -> Script:
    return "lat" if _is_latin_word(lemma) else "cyr"


def is_english_word(word: str) -> bool:
    """A real English word (saffron, ergonomic, heliotrope) is not a misspelled chemical name."""
    return bool(zipf_frequency(word, "en") >= _ENGLISH_ZIPF)


@dataclass
class MatchIndex:
    exact: "ahocorasick.Automaton"
    lemmas: "ahocorasick.Automaton"
    # Cyrillic spelling keys -> lemmas; Latin skeletons (and transliterations) -> lemmas.
    vocab_cyr: Vocabulary = field(default_factory=Vocabulary)
    vocab_lat: Vocabulary = field(default_factory=Vocabulary)
    # Every inflected form of a name word -> the lemma the name was indexed under.
    cyrillic_forms: dict[str, str] = field(default_factory=dict)
    # Lemma -> True when only uncontrolled chemicals' names use it.
    uncontrolled_only: dict[str, bool] = field(default_factory=dict)
    # Normalised name -> (owner id, controlled?, the name as written): substance search.
    names: dict[str, tuple[str, bool, str]] = field(default_factory=dict)
    cas: dict[str, _Target] = field(default_factory=dict)
    chinese_names: dict[str, _Target] = field(default_factory=dict)  # normalised all-Han name -> target
    # Neighbouring Cyrillic lemmas of a name, either order ({"диэтиловый", "эфир"}): context for abbreviations
    lemma_pairs: set[frozenset[str]] = field(default_factory=set)
    hs6: dict[str, list[str]] = field(default_factory=dict)  # 6 digits -> substance ids
    hs10: dict[str, list[str]] = field(default_factory=dict)  # national 10 digits -> substance ids
    shared_hs: frozenset[str] = frozenset()
    chemical_context: "re.Pattern[str]" = re.compile(r"(?!)")
    hs_in_text: "re.Pattern[str]" = re.compile(r"(?!)")  # an HS code after a cue word
    said_absent_before: "re.Pattern[str]" = re.compile(r"(?!)")
    said_absent_after: "re.Pattern[str]" = re.compile(r"(?!)")
    zh_acid_prefixes: frozenset[str] = frozenset()
    zh_acid_followers: tuple[str, ...] = ()
    zh_derivative_markers: frozenset[str] = frozenset()
    sound_alike: dict[str, str] = field(default_factory=dict)  # letter -> the letters it is confused with
    # Chinese names by syllables, shape-alike characters and pinyin (None for vocabulary indexes)
    alike: AlikeIndex | None = None
    normalise: Normaliser = normalise  # the lexicon's: names are normalised as declarations are

    @classmethod
    def build(cls, lexicon: LexiconData, segmenter: Segmenter) -> "MatchIndex":
        index = cls(
            exact=ahocorasick.Automaton(),
            lemmas=ahocorasick.Automaton(),
            shared_hs=lexicon.shared_hs,
            chemical_context=context_pattern(lexicon.chemical_context),
            hs_in_text=hs_cue_pattern(lexicon.cargo.hs_code_cues),
            said_absent_before=_cue_pattern(lexicon.negation.before, before=True),
            said_absent_after=_cue_pattern(lexicon.negation.after, before=False),
            zh_acid_prefixes=frozenset(lexicon.zh_naming.acid_prefixes),
            zh_acid_followers=tuple(lexicon.zh_naming.acid_followers),
            zh_derivative_markers=frozenset(lexicon.zh_naming.derivative_markers),
            normalise=lexicon.normalise,
            sound_alike=_sound_alike(lexicon.spelling.ru_sound_alike_pairs),
        )
        words: dict[bool, set[str]] = {True: set(), False: set()}  # controlled? -> name words
        for s in lexicon.substances.values():
            for kind, _, name in s.all_names():
                index._add_name(
                    name, _Target(s.id, True, name, kind == "context_abbreviation"), segmenter, words
                )
            for cas in s.cas:
                index.cas[cas] = _Target(s.id, True, cas)
            for code in s.hs:
                _append_once(index.hs6.setdefault(hs_digits(code), []), s.id)
            for codes in s.hs_national.values():
                for code in codes:
                    _append_once(index.hs10.setdefault(code, []), s.id)
        for c in lexicon.overlaps.values():
            for _, name in c.names.all():
                index._add_name(name, _Target(c.id, False, name), segmenter, words)
            for cas in c.cas:
                index.cas.setdefault(cas, _Target(c.id, False, cas))
        index.uncontrolled_only = {w: w not in words[True] for w in words[True] | words[False]}
        index.alike = AlikeIndex.build(index.chinese_names.items(), lexicon.shape_alike)
        return index._finish()

    @classmethod
    def for_terms(
        cls,
        terms: Iterable[tuple[str, str]],
        segmenter: Segmenter,
        blockers: Iterable[str] = (),
        norm: Normaliser = normalise,
    ) -> "MatchIndex":
        """An index of plain vocabulary, (id, name) pairs: goods categories, packaging words. Same matching
        (whole words, inflection, longest name wins). `blockers` are names that take part in the longest-name
        contest but are never reported: chemical names, so 乙酸 (acetic acid) is not read inside 乙酸酐."""
        index = cls(exact=ahocorasick.Automaton(), lemmas=ahocorasick.Automaton(), normalise=norm)
        words: dict[bool, set[str]] = {True: set(), False: set()}
        for name in blockers:  # "controlled": on a tie of length the vocabulary term (uncontrolled) wins
            index._add_name(name, _Target(_BLOCKER, True, name), segmenter, words, fuzzy=False)
        for term_id, name in terms:
            index._add_name(name, _Target(term_id, False, name), segmenter, words, fuzzy=False)
        return index._finish()

    def _add_name(
        self,
        name: str,
        target: _Target,
        segmenter: Segmenter,
        words: dict[bool, set[str]],
        fuzzy: bool = True,
    ) -> None:
        """Index a name for exact and lemma matching; with `fuzzy`, also its words' spellings for correction
        (vocabulary indexes skip that: it is the costly part of start-up and they never correct words)."""
        norm = self.normalise(name)
        key = norm.text
        is_chinese = any(is_han(c) for c in key)
        self.exact.add_word(key, (key, target, is_chinese))
        if fuzzy:
            self.names.setdefault(key, (target.owner, target.controlled, name))
        if is_chinese:
            if fuzzy:
                self.chinese_names.setdefault(key, target)
            return
        tokens = _word_tokens(norm, segmenter)
        lemma_key = " " + " ".join(t.lemma for t in tokens) + " "
        if lemma_key.strip():
            self.lemmas.add_word(lemma_key, (lemma_key, target))
        for a, b in pairwise(tokens):
            if fuzzy and a.kind == b.kind == "cyr":
                self.lemma_pairs.add(frozenset((a.lemma, b.lemma)))
        if len(tokens) >= 2 and tokens[-1].kind == "cyr" and tokens[-2].kind != "num":
            # Russian trade texts put the noun first: "кислота хлористоводородная", "калия перманганат",
            # "кислота N-ацетилантраниловая" (the TN VED's own order)
            lemmas = [t.lemma for t in tokens]
            swapped = " " + " ".join([lemmas[-1], *lemmas[:-1]]) + " "
            if not self.lemmas.exists(swapped):
                self.lemmas.add_word(swapped, (swapped, target))
        for t in tokens:
            if t.kind == "cyr" and not fuzzy:
                # vocabulary words keep the lemma they were indexed under in every form (pymorphy reads
                # "еврокубы" as a form of "еврокуба")
                for form in segmenter.word_forms(t.text):
                    self.cyrillic_forms.setdefault(form, t.lemma)
            if t.kind == "num" or not fuzzy:
                continue
            words[target.controlled].add(t.lemma)
            if t.kind == "cyr":
                for form in segmenter.word_forms(t.text):
                    self.cyrillic_forms.setdefault(form, t.lemma)
                    self.vocab_cyr.add(cyrillic_key(form), t.lemma)
                    self.vocab_lat.add(skeleton(translit_ru(form)), t.lemma)
            else:
                self.vocab_lat.add(skeleton(t.text), t.lemma)

    def _finish(self) -> "MatchIndex":
        self.exact.make_automaton()
        self.lemmas.make_automaton()
        self.corrections = lru_cache(maxsize=100_000)(self._correct)  # type: ignore[method-assign]
        return self

    def _sound_alike_readings(self, key: str) -> tuple[tuple[Script, str, float], ...]:
        """Name words one sound-alike letter away from a real Russian word ("ангидрит" -> "ангидрид")."""
        found: dict[str, float] = {}
        for i, ch in enumerate(key):
            for alt in self.sound_alike.get(ch, ""):
                for lemma in self.vocab_cyr.lemmas.get(key[:i] + alt + key[i + 1 :], ()):
                    found[lemma] = _similarity(key, key[:i] + alt + key[i + 1 :])
        return tuple(("cyr", lemma, score) for lemma, score in sorted(found.items()))

    def corrections(self, word: str, kind: str, segmenter: Segmenter) -> Correction | None:
        return self._correct(word, kind, segmenter)

    def _correct(self, word: str, kind: str, segmenter: Segmenter) -> Correction | None:
        """Readings of a word that is not spelled as in any name. A real word of the language (it may be the
        wrong one: "ангидрит" for "ангидрид") or a very short one is corrected only on condition that it
        completes a longer name."""
        if kind == "cyr":
            if word in self.cyrillic_forms:
                return None  # a word of a lexicon name: the lemma automaton has it already
            key = cyrillic_key(word)
            if segmenter.is_known_word(word):
                readings = self._sound_alike_readings(key)
                conditional = True
            else:
                readings = nearest_readings(self.vocab_cyr, key, max_edits(len(key)))
                conditional = len(key) < _FUZZY_MIN_LEN
        else:
            key = skeleton(word)
            exact = self.vocab_lat.lemmas.get(key, set())
            if word in exact:
                # Spelled as in a name ("piperidin"); it may also be a transliteration of a Russian name word.
                translit: tuple[tuple[Script, str, float], ...] = tuple(
                    ("cyr", lm, 100.0) for lm in sorted(exact) if _script(lm) == "cyr"
                )
                return Correction((("lat", word, 100.0), *translit), False) if translit else None
            readings = tuple(
                (script, lemma, _similarity(word, lemma) if script == "lat" else score)
                for script, lemma, score in nearest_readings(self.vocab_lat, key, max_edits(len(key)))
            )
            conditional = is_english_word(word) or len(key) < _FUZZY_MIN_LEN
        return Correction(readings, conditional) if readings else None


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


@dataclass(frozen=True, slots=True)
class _Fix:
    score: float
    conditional: bool


def _lemma_candidates(
    index: MatchIndex, words: list[Token], lemmas: list[str], corrected: dict[int, _Fix]
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
        if fixes and all(f.conditional for f in fixes) and len(fixes) == len(span):
            continue  # real words only, none of them spelled as in the name: not evidence enough
        if fixes:
            method: MatchMethod = "fuzzy"
            score = min(f.score for f in fixes)
        elif any(words[i].kind == "cyr" and words[i].lemma != words[i].text for i in span):
            method, score = "lemma", 100.0
        else:
            method, score = "exact", 100.0
        out.append(_Candidate(words[first].start, words[last].end, target, method, score))
    return out


def _resolve(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then the closest spelling; on a tie the uncontrolled chemical, then the surer method."""
    rank = {m: i for i, m in enumerate(_METHOD_ORDER)}
    ordered = sorted(
        candidates,
        key=lambda c: (-(c.end - c.start), -c.score, c.target.controlled, rank[c.method], c.start),
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
    # A word of a lexicon name gets the lemma the name was indexed under (pymorphy guesses unknown words).
    lemmas = [index.cyrillic_forms.get(t.text, t.lemma) if t.kind == "cyr" else t.lemma for t in words]
    candidates += _lemma_candidates(index, words, lemmas, {})
    covered = [(c.start, c.end) for c in candidates]
    # Unknown words get their nearest name words, possibly several ("keton": English ketone or transliterated
    # кетон); the lemma automaton runs once per combination of readings.
    options: list[tuple[int, list[tuple[str, _Fix]]]] = []
    for i, tok in enumerate(words):
        if tok.kind == "num" or any(s < tok.end and tok.start < e for s, e in covered):
            continue
        fix = index.corrections(tok.text, tok.kind, segmenter)
        if fix is not None:
            options.append((i, [(lemma, _Fix(score, fix.conditional)) for _, lemma, score in fix.readings]))
    keep = {i: words[i].lemma for i, _ in options}
    for combo in islice(product(*(alts for _, alts in options)), _MAX_PASSES):
        pass_lemmas = list(lemmas)
        corrected: dict[int, _Fix] = {}
        for (i, _), (lemma, fix_) in zip(options, combo, strict=True):
            if lemma != keep[i]:
                pass_lemmas[i] = lemma
                corrected[i] = fix_
        candidates += [
            c for c in _lemma_candidates(index, words, pass_lemmas, corrected) if c.method == "fuzzy"
        ]
    if index.alike is not None:
        candidates += _alike_candidates(index.alike, norm.text, tokens, segmenter)
    return _resolve(candidates)


def _alike_candidates(
    alike: AlikeIndex, text: str, tokens: tuple[Token, ...], segmenter: Segmenter
) -> list[_Candidate]:
    """Chinese names written with sound- or shape-alike characters, or in pinyin."""
    found = alike.find_han(text, segmenter.cut_han, segmenter.dictionary_word)
    found += alike.find_mixed(text, tokens, segmenter.dictionary_word)
    found += alike.find_pinyin(text, tokens)
    out = []
    for f in found:
        target = f.name.owner
        if isinstance(target, _Target):
            out.append(_Candidate(f.start, f.end, target, f.method, f.score))
    return out


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
    for cand in _name_matches(index, norm, tokens, segmenter):
        if not cand.target.controlled:
            continue
        if cand.target.needs_context:
            if in_context is None:
                in_context = index.chemical_context.search(norm.text) is not None
            if not in_context:
                continue
        if _not_this_chemical(index, norm.text, cand):
            continue
        start, end = norm.to_original(cand.start, cand.end)
        method = cand.method
        if method in ("exact", "lemma") and any(a < cand.end and cand.start < b for a, b in expanded):
            method = "abbreviation"
        reading = name_reading(cand.target.name) if method in _READ_ALOUD else None
        matches.append(
            Match(cand.target.owner, method, cand.target.name, start, end, cand.score, "description", reading)
        )
    for found in find_cas(norm.text):
        start, end = norm.to_original(found.start, found.end)
        if not found.valid:
            bad_cas.append(BadCas(found.cas, start, end))
            continue
        target = index.cas.get(found.cas)
        if target is not None and target.controlled:
            matches.append(Match(target.owner, "cas", found.cas, start, end))
    for hs in find_hs_in_text(norm.text, index.hs_in_text):
        start, end = norm.to_original(hs.start, hs.end)
        for sid in controlled_by_hs(index, hs.digits):
            matches.append(Match(sid, "hs_code", hs.digits, start, end))
    if item.hs_code:
        code = hs_digits(item.hs_code)
        for sid in controlled_by_hs(index, code):
            matches.append(Match(sid, "hs_code", code, 0, 0, source="hs_code"))
    return MatchOutcome(tuple(matches), tuple(bad_cas))


_BLOCKER = ""  # owner of names that only block vocabulary terms inside them
_READ_ALOUD = ("sound_alike", "shape_alike", "pinyin")
_CLOSING_BRACKETS = ")]}）】」』"
_ABSENT_WINDOW = 30  # characters before or after a name in which a negation cue is looked for


def _not_this_chemical(index: MatchIndex, text: str, cand: _Candidate) -> bool:
    """A name found in the text that does not declare the chemical:
    - said to be absent ("acetone-free", "без ацетона", "无甲苯");
    - the tail of a longer systematic name it is hyphenated to
      ("4-фенил-2-бутанон", "2,2,6,6-四甲基-4-哌啶酮");
    - in Chinese, a name after a substituent ("4-羟基哌啶", "氯代麻黄碱"), or the acid that names a salt of
      another base ("盐酸小檗碱"): app/lexicon/zh_naming.yaml."""
    start, end = cand.start, cand.end
    if index.said_absent_before.search(text[max(0, start - _ABSENT_WINDOW) : start]):
        return True
    if index.said_absent_after.search(text[end : end + _ABSENT_WINDOW]):
        return True
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
        return True
    if is_han(text[start]):
        before = start - 1
        while before >= 0 and text[before] in _CLOSING_BRACKETS:
            before -= 1
        if before >= 0 and text[before] in index.zh_derivative_markers:
            return True
        if text[start:end] in index.zh_acid_prefixes and end < len(text) and is_han(text[end]):
            return not text.startswith(index.zh_acid_followers, end)
    return False


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
    found = _exact_candidates(index, norm.text)
    words = [t for t in tokens if t.kind != "han"]
    if any(t.kind == "cyr" for t in words):  # the lemma pass is for inflection: Russian only
        lemmas = [index.cyrillic_forms.get(t.text, t.lemma) if t.kind == "cyr" else t.lemma for t in words]
        found += _lemma_candidates(index, words, lemmas, {})
    return [TermFound(c.target.owner, c.start, c.end) for c in _resolve(found) if c.target.owner != _BLOCKER]


def controlled_by_hs(index: MatchIndex, digits: str) -> list[str]:
    """Substances a declared HS code points at: a national code that names one, or a 6-digit subheading of
    controlled substances that is not shared with many uncontrolled goods."""
    if len(digits) == 10 and digits in index.hs10:
        return index.hs10[digits]
    six = digits[:6]
    if len(digits) >= 6 and six not in index.shared_hs:
        return index.hs6.get(six, [])
    return []
