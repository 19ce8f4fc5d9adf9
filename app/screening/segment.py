"""Stage 2: normalised text -> tokens with spans and lemmas, and the description's language.

Chinese runs are cut by jieba, whose user dictionary is generated from the lexicon at load time so chemical
names stay whole; Cyrillic words get their dictionary form from pymorphy3; Latin words and numbers pass as
they are.
"""

import logging
import os
import pickle
import re
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import jieba
import pymorphy3

from app.core.types import Language, Normalised, Token, TokenKind

_TOKEN_RE = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|(?P<word>(?:(?![\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])[^\W_])+)"
)
# A frequency high enough for jieba to keep a lexicon name whole against its own dictionary's words.
_USER_WORD_FREQ = 200_000


class Segmenter:
    """Holds the loaded jieba dictionary and the Russian morphology; build once, share read-only."""

    def __init__(self, user_words: Iterable[str], cache_dir: Path | None = None) -> None:
        logging.getLogger("jieba").setLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        _load_dictionary(self._jieba, cache_dir)
        for word in user_words:
            self._jieba.add_word(word, _USER_WORD_FREQ)
        self._morph = pymorphy3.MorphAnalyzer()
        self._memo = _MorphMemo(self._morph, cache_dir)
        self.lemma = lru_cache(maxsize=200_000)(self._lemma)
        # Chinese runs between numbers and punctuation recur constantly ("塑料桶", "净重"): cut each once.
        self._cut = lru_cache(maxsize=200_000)(self._cut_uncached)
        self.is_known_word = lru_cache(maxsize=200_000)(self._morph.word_is_known)
        # each index built at start-up (names, drugs, goods terms) asks for the same name words' paradigms
        self.word_forms = lru_cache(maxsize=20_000)(self._word_forms)

    def _lemma(self, word: str) -> str:
        kept = self._memo.lemmas.get(word)
        if kept is not None:
            return kept
        lemma = str(self._morph.parse(word)[0].normal_form).replace("ё", "е")
        self._memo.learnt(self._memo.lemmas, word, lemma)
        return lemma

    def _word_forms(self, word: str) -> frozenset[str]:
        """Every inflected form of a Russian word (its first parse's paradigm)."""
        kept = self._memo.forms.get(word)
        if kept is not None:
            return kept
        parse = self._morph.parse(word)[0]
        forms = frozenset({str(f.word).replace("ё", "е") for f in parse.lexeme} | {word})
        self._memo.learnt(self._memo.forms, word, forms)
        return forms

    def keep_morphology(self) -> None:
        """Write what pymorphy was asked while the indexes were built (their words' lemmas and paradigms) to
        the cache folder, for the next start, and stop learning: later words are not kept."""
        self._memo.keep()

    def dictionary_word(self, word: str) -> bool:
        """A word of jieba's dictionary (or of the lexicon's user words)."""
        return bool(self._jieba.FREQ.get(word, 0) > 0)

    def cut_han(self, run: str) -> tuple[tuple[str, int, int], ...]:
        return self._cut(run)

    def _cut_uncached(self, run: str) -> tuple[tuple[str, int, int], ...]:
        return tuple(self._jieba.tokenize(run, HMM=False))


_MEMO_FORMAT = 1  # raise when _lemma or _word_forms change what they make of pymorphy's answers


class _MorphMemo:
    """pymorphy's answers for the lexicon's words, kept in the cache folder between starts: the indexes ask
    for some 1,650 lemmas and 1,450 paradigms, 0.3 s of every start-up, and get the same answers each time
    from the same pymorphy and dictionary (the file is named by both, and by _MEMO_FORMAT)."""

    def __init__(self, morph: pymorphy3.MorphAnalyzer, cache_dir: Path | None) -> None:
        self.lemmas: dict[str, str] = {}
        self.forms: dict[str, frozenset[str]] = {}
        self._learning = cache_dir is not None
        self._new = False
        self._path: Path | None = None
        if cache_dir is None:
            return
        compiled = str(morph.dictionary.meta.get("compiled_at", "unknown"))
        stamp = re.sub(r"\W", "", compiled)
        self._path = cache_dir / f"morph-{pymorphy3.__version__}-{stamp}-{_MEMO_FORMAT}.pickle"
        kept = _read_pickle(self._path)
        if isinstance(kept, tuple) and len(kept) == 2 and all(isinstance(d, dict) for d in kept):
            self.lemmas, self.forms = kept

    def learnt(self, table: dict[str, Any], word: str, answer: Any) -> None:
        if self._learning:
            table[word] = answer
            self._new = True

    def keep(self) -> None:
        if self._path is not None and self._new:
            _write_pickle(self._path, (self.lemmas, self.forms))
        self._learning = self._new = False


def _read_pickle(path: Path) -> object:
    """What a cache file holds, or None when it is not there or unreadable."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None


def _write_pickle(path: Path, value: object) -> None:
    """A cache file written whole or not at all (also when two workers start together); a read-only folder
    is logged, and the next start computes again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as exc:
        logging.getLogger(__name__).warning("%s not kept: %s", path, exc)


def _load_dictionary(tokenizer: jieba.Tokenizer, cache_dir: Path | None) -> None:
    """jieba's prefix dictionary (about 500,000 entries): built from its word list the first time, then kept
    in `cache_dir` as a pickle, which this Python reads in a quarter of the time jieba's own marshal cache
    takes (0.27 s against 1.0 s here). The file is named by jieba's version and its word list's size, so
    another jieba builds its own."""
    if cache_dir is None:
        tokenizer.initialize()
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    tokenizer.tmp_dir = str(cache_dir)
    words = Path(tokenizer.dictionary or Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME)
    kept = cache_dir / f"jieba-{jieba.__version__}-{words.stat().st_size}.pickle"
    held = _read_pickle(kept)
    if isinstance(held, tuple) and len(held) == 2:
        freq, total = held
        if isinstance(freq, dict) and isinstance(total, int):
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
            return
    tokenizer.initialize()  # not there yet, or unreadable: built, and kept for the next start
    _write_pickle(kept, (tokenizer.FREQ, tokenizer.total))


_CYRILLIC = re.compile("[\u0400-\u04ff]")  # is_cyrillic's range, searched at C speed


def _kind(word: str) -> TokenKind:
    if word.isdigit():
        return "num"
    if _CYRILLIC.search(word):
        return "cyr"
    return "lat"


def segment(norm: Normalised, segmenter: Segmenter) -> tuple[Token, ...]:
    tokens: list[Token] = []
    for m in _TOKEN_RE.finditer(norm.text):
        if m.group("han"):
            base = m.start()
            for text, s, e in segmenter.cut_han(m.group()):
                tokens.append(Token(text, base + s, base + e, "han", text))
        else:
            word = m.group()
            kind = _kind(word)
            lemma = segmenter.lemma(word) if kind == "cyr" else word
            tokens.append(Token(word, m.start(), m.end(), kind, lemma))
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
