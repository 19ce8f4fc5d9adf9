"""Word-level fuzzy correction: an unknown word (misspelled, transliterated, or a real word of the language
written for a name word: "ангидрит" for "ангидрид") is read as the nearest words of the lexicon's names.

The name words come from `MatchIndex` (app/screening/match_index.py), which builds one `Corrector` over them;
the lemma automaton then runs again with the corrected words (app/screening/candidates.py).
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA

from app.screening.segment import Segmenter
from app.screening.translit import consonants, skeleton, sound_key_ru, translit_ru

_FUZZY_MIN_LEN = 5
# Alternative readings kept per unknown word.
_MAX_READINGS = 4
# An English name word written in Cyrillic as it sounds: the consonants its key needs to stand alone (toluene,
# "толуэн": t-l-n).
_SOUND_MIN_CONSONANTS = 3
# A Russian name word read as the English one it sounds like beside an English word written in Cyrillic
# ("этил" as ethyl in "Метил этил китон"): fewer sounds suffice, since it only completes a name.
_ALIAS_MIN_CONSONANTS = 2
# A real Russian word transliterated letter for letter into an English name word is that word borrowed
# (пиперонал, piperonal) when it is at least this long.
_LOAN_MIN_LEN = 7


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


def _is_latin_word(word: str) -> bool:
    return all(c < "\u0400" for c in word)


_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=100_000)
def cyrillic_key(word: str) -> str:
    """Spelling key of a Russian word for fuzzy comparison: э/е and й/и confused, doubled letters single, and
    оу (how English "o" is written in Cyrillic: "ацетоун", "кетоун") as о."""
    return _DOUBLED.sub(r"\1", word.replace("э", "е").replace("й", "и").replace("оу", "о"))


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
Reading = tuple[Script, str, float]  # (script of the lemma, lemma, score 0-100)


@dataclass(frozen=True, slots=True)
class Correction:
    """What an unrecognised word may stand for: the nearest name word in each script, with a similarity."""

    readings: tuple[Reading, ...]
    conditional: bool  # a real or very short word: accept only inside a longer name with an uncorrected word


def nearest_readings(vocab: Vocabulary, key: str, limit: int) -> tuple[Reading, ...]:
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


# An English long vowel before a final consonant and a silent e, as Russian writes it: "оу" for o_e
# ("эсетоун": acetone, not acetoin), "эй" for a_e ("перманганейт"), "ай" for i_e ("анхидрайд"); spelt back
# the English way when the transliteration is compared with the name words of its sound key.
_LONG_VOWEL_END = re.compile(r"(ou|ei|ai)([bcdfgklmnprstvz]+)$")
_SHORT_OF_LONG = {"ou": "o", "ei": "a", "ai": "i"}


def _with_silent_e(m: re.Match[str]) -> str:
    return _SHORT_OF_LONG[m.group(1)] + m.group(2) + "e"


def _script(lemma: str) -> Script:
    return "lat" if _is_latin_word(lemma) else "cyr"


class Corrector:
    """Reads unknown words as the name words of one index; `correct` remembers its answers (the same words
    recur from item to item)."""

    def __init__(
        self,
        vocab_cyr: Vocabulary,
        vocab_lat: Vocabulary,
        cyrillic_forms: dict[str, str],
        sound_alike: dict[str, str],
        vocab_sound: Vocabulary | None = None,
    ) -> None:
        self._vocab_cyr = vocab_cyr  # Cyrillic spelling keys -> lemmas
        self._vocab_lat = vocab_lat  # Latin skeletons (and transliterations) -> lemmas
        self._vocab_sound = vocab_sound or Vocabulary()  # sound keys of English name words -> lemmas
        self._cyrillic_forms = cyrillic_forms  # every inflected form of a name word -> its lemma
        self._sound_alike = sound_alike  # letter -> the letters it is confused with
        self.correct = lru_cache(maxsize=100_000)(self._correct)
        self.english_alias = lru_cache(maxsize=10_000)(self._english_alias)

    def _english_alias(self, lemma: str) -> str | None:
        """The one English name word a Russian name word sounds like ("метил": methyl, "перманганат":
        permanganate), for a name written half in Russian, half in English as it sounds ("Метил этил китон",
        "Потассиум перманганат"): of the words of its sound key, the one spelt nearest ("диэтил": diethyl, not
        dithiol); None when it sounds like none, or two are spelt as near."""
        key = sound_key_ru(lemma)
        if consonants(key) < _ALIAS_MIN_CONSONANTS:
            return None
        spelt = skeleton(translit_ru(lemma))
        words = self._vocab_sound.lemmas.get(key, ())
        ranked = sorted(((_similarity(spelt, skeleton(w)), w) for w in words), reverse=True)
        if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
            return None
        return ranked[0][1]

    def _correct(self, word: str, kind: str, segmenter: Segmenter) -> Correction | None:
        """Readings of a word that is not spelled as in any name. A real word of the language (it may be the
        wrong one: "ангидрит" for "ангидрид") or a very short one is corrected only on condition that it
        completes a longer name."""
        if kind == "cyr":
            if word in self._cyrillic_forms:
                return None  # a word of a lexicon name: the lemma automaton has it already
            key = cyrillic_key(word)
            if segmenter.is_known_word(word):
                # a real word may stand for a name word only inside a longer name ("асид" in "сульфурик асид")
                sounded, strong = self._english_as_it_sounds(word)
                readings = (self._sound_alike_readings(key) + sounded)[:_MAX_READINGS]
                # unless it spells an English name word letter for letter (пиперонал: piperonal): a loan word
                loan = strong and len(word) >= _LOAN_MIN_LEN and any(s == 100.0 for *_, s in sounded)
                conditional = not loan
            else:
                readings = nearest_readings(self._vocab_cyr, key, max_edits(len(key)))
                conditional = len(key) < _FUZZY_MIN_LEN
                sounded, strong = self._english_as_it_sounds(word)
                if sounded:
                    # also read as the English name word it sounds like ("сульфурик": sulphuric); one of too
                    # few sounds ("асид": acid) only completes a name
                    conditional = (conditional if readings else True) and not strong
                    readings = (readings + sounded)[:_MAX_READINGS]
        else:
            if any(c.isdigit() for c in word):
                return None  # a formula or a code is read as written: K2MnO4 (manganate) is not KMnO4
            key = skeleton(word)
            exact = self._vocab_lat.lemmas.get(key, set())
            if word in exact:
                # Spelled as in a name ("piperidin"); it may also be a transliteration of a Russian name word.
                translit: tuple[Reading, ...] = tuple(
                    ("cyr", lm, 100.0) for lm in sorted(exact) if _script(lm) == "cyr"
                )
                return Correction((("lat", word, 100.0), *translit), False) if translit else None
            readings = tuple(
                (script, lemma, _similarity(word, lemma) if script == "lat" else score)
                for script, lemma, score in nearest_readings(self._vocab_lat, key, max_edits(len(key)))
            )
            # a real English word (saffron, ergonomic, heliotrope) is not a misspelled chemical name
            conditional = word in segmenter.english or len(key) < _FUZZY_MIN_LEN
        return Correction(readings, conditional) if readings else None

    def _english_as_it_sounds(self, word: str) -> tuple[tuple[Reading, ...], bool]:
        """English name words an unknown Cyrillic word sounds like, by their sound keys (app/screening/
        translit.py), and whether the key has sounds enough to stand alone."""
        key = sound_key_ru(word)
        spelt = skeleton(translit_ru(word))
        silent_e = _LONG_VOWEL_END.sub(_with_silent_e, spelt)
        # words of one key ("ацетик": acetic, isatoic) ranked by how near the transliteration is spelt
        readings: tuple[Reading, ...] = tuple(
            ("lat", lemma, max(_similarity(spelt, skeleton(lemma)), _similarity(silent_e, skeleton(lemma))))
            for lemma in sorted(self._vocab_sound.lemmas.get(key, ()))
        )
        return readings, consonants(key) >= _SOUND_MIN_CONSONANTS

    def _sound_alike_readings(self, key: str) -> tuple[Reading, ...]:
        """Name words one sound-alike letter away from a real Russian word ("ангидрит" -> "ангидрид")."""
        found: dict[str, float] = {}
        for i, ch in enumerate(key):
            for alt in self._sound_alike.get(ch, ""):
                for lemma in self._vocab_cyr.lemmas.get(key[:i] + alt + key[i + 1 :], ()):
                    found[lemma] = _similarity(key, key[:i] + alt + key[i + 1 :])
        return tuple(("cyr", lemma, score) for lemma, score in sorted(found.items()))
