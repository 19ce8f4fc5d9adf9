"""Stage 2: normalised text -> tokens with spans and lemmas, and the description's language.

Chinese runs are cut with jieba's dictionary and jieba's cut (app/core/han_words.py), the lexicon's Chinese
names added as user words at load time so chemical names stay whole; Cyrillic words get their dictionary form
from pymorphy3; Latin words and numbers pass as they are.
"""

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import pymorphy3

from app.core.english_words import EnglishWords
from app.core.han_words import Cut, HanWords, words_at
from app.core.kept import KeptAnswers
from app.core.types import Language, Normalised, Token, TokenKind

_TOKEN_RE = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|(?P<word>[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)"
)
# A frequency high enough to keep a lexicon name whole against jieba's dictionary's words.
_USER_WORD_FREQ = 200_000


class Segmenter:
    """Holds jieba's dictionary, the Russian morphology and the real English words; build once, share
    read-only."""

    def __init__(self, user_words: Iterable[str], cache_dir: Path | None = None) -> None:
        self._han = HanWords(user_words, _USER_WORD_FREQ, cache_dir)
        self.english = EnglishWords(cache_dir)
        self._morph = pymorphy3.MorphAnalyzer()
        self._cache_dir = cache_dir
        self._kept: list[KeptAnswers[Any, Any]] = []
        stamp = re.sub(r"\W", "", str(self._morph.dictionary.meta.get("compiled_at", "unknown")))
        self._morphology: KeptAnswers[tuple[str, str], Any] = self.kept_answers(
            f"morph-{pymorphy3.__version__}-{stamp}-{_MORPH_FORMAT}"
        )
        self.lemma = lru_cache(maxsize=200_000)(self._lemma)
        # a word's kind and lemma ("кг": cyr, кг): words recur from item to item
        self.word = lru_cache(maxsize=200_000)(self._word)
        # Chinese runs between numbers and punctuation recur constantly ("塑料桶", "净重"): cut each once,
        # kept as its words' ends (small numbers, not a tuple and a string a word)
        self._ends = lru_cache(maxsize=200_000)(self._han.ends)
        self.is_known_word = lru_cache(maxsize=200_000)(self._morph.word_is_known)
        # each index built at start-up (names, drugs, goods terms) asks for the same name words' paradigms
        self.word_forms = lru_cache(maxsize=20_000)(self._word_forms)

    def kept_answers(self, name: str) -> KeptAnswers[Any, Any]:
        """Answers start-up asks a library for, kept in the cache folder as `name`.pickle (name it by the
        library's version: app/core/kept.py) and written by keep_answers()."""
        kept: KeptAnswers[Any, Any] = KeptAnswers(
            self._cache_dir / f"{name}.pickle" if self._cache_dir is not None else None
        )
        self._kept.append(kept)
        return kept

    def keep_answers(self) -> None:
        """Write what the libraries were asked while the indexes were built (the lexicon's words' lemmas and
        paradigms, its Chinese names' readings) for the next start; later questions are not kept."""
        for kept in self._kept:
            kept.keep()

    def _lemma(self, word: str) -> str:
        def ask() -> str:
            return str(self._morph.parse(word)[0].normal_form).replace("ё", "е")

        return cast(str, self._morphology.answer(("lemma", word), ask))

    def _word(self, word: str) -> tuple[TokenKind, str]:
        kind = _kind(word)
        return kind, self.lemma(word) if kind == "cyr" else word

    def _word_forms(self, word: str) -> frozenset[str]:
        """Every inflected form of a Russian word (its first parse's paradigm)."""

        def ask() -> frozenset[str]:
            parse = self._morph.parse(word)[0]
            return frozenset({str(f.word).replace("ё", "е") for f in parse.lexeme} | {word})

        return cast(frozenset[str], self._morphology.answer(("forms", word), ask))

    def dictionary_word(self, word: str) -> bool:
        """A word of jieba's dictionary (or of the lexicon's user words)."""
        return self._han.is_word(word)

    def cut_han(self, run: str) -> Cut:
        """(word, start, end) for the words of a run of Chinese characters, in order."""
        return words_at(run, self._ends(run))

    def han_ends(self, run: str) -> tuple[int, ...]:
        """Where each word of a run of Chinese characters ends, in order."""
        return self._ends(run)


# Raise when _lemma or _word_forms change what they make of pymorphy's answers: the kept ones go.
_MORPH_FORMAT = 1


_CYRILLIC = re.compile("[\u0400-\u04ff]")  # is_cyrillic's range, searched at C speed


def _kind(word: str) -> TokenKind:
    if word.isdigit():
        return "num"
    if _CYRILLIC.search(word):
        return "cyr"
    return "lat"


def segment(norm: Normalised, segmenter: Segmenter) -> tuple[Token, ...]:
    tokens: list[Token] = []
    append, word_of = tokens.append, segmenter.word
    for m in _TOKEN_RE.finditer(norm.text):
        han = m.group(1)
        if han:
            base = start = m.start()
            for end in segmenter.han_ends(han):
                text = han[start - base : end]
                append(Token(text, start, base + end, "han", text))
                start = base + end
        else:
            word = m.group(2)
            kind, lemma = word_of(word)
            start, end = m.span()
            append(Token(word, start, end, kind, lemma))
    return tuple(tokens)


_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYR_RE = re.compile(r"[\u0400-\u04ff]")
_LAT_RE = re.compile(r"[a-z]")


def detect_language(norm: Normalised, hint: Language | None = None) -> Language:
    """The script with most letters decides; a description without letters takes the hint."""
    text = norm.text
    if text.isascii():  # no Chinese or Cyrillic: English if it has a letter
        return "en" if _LAT_RE.search(text) else hint or "en"
    # A Chinese character carries about as much as a short word: weigh it against letters.
    scores: dict[Language, int] = {
        "zh": 3 * len(_HAN_RE.findall(text)),
        "ru": len(_CYR_RE.findall(text)),
        "en": len(_LAT_RE.findall(text)),
    }
    if not any(scores.values()):
        return hint or "en"
    return max(scores, key=lambda lang: scores[lang])
