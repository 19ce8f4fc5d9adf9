"""Chinese runs cut into words: jieba's dictionary and jieba's cut, with the dictionary held in a marisa trie.

The cut is the one `jieba.Tokenizer.tokenize(run, HMM=False)` makes: at each place of the run, the dictionary
words that start there (or the single character, when none does); of the ways through the run, the one whose
words' log frequencies, each less the log of the dictionary's total, sum highest (a tie, which the tests'
texts never show, to the longer word). Characters outside jieba's own range of Chinese characters
(U+4E00-U+9FD5; not extension A, not the compatibility ideographs) stand alone, as jieba leaves them.

jieba keeps its dictionary as a Python dict of every word and every prefix of one: 500,000 entries, about
60 MB in each worker. Here jieba's 350,000 words (its dict.txt, read as jieba reads it) are a marisa trie of
1.3 MB and their log frequencies an array of 2.8 MB, kept in the cache folder between starts; the lexicon's
Chinese names are a second, small trie: jieba's user words, at one frequency.
tests/screening/test_han_words.py holds the cut to jieba's own on every Chinese run of the tests' texts and
tariff lines (28,961).
"""

import importlib.metadata
import importlib.util
import math
import re
from array import array
from collections.abc import Iterable
from pathlib import Path

import marisa_trie

from app.core.kept import read_pickle, write_pickle

# jieba's Chinese-character class: a block of these is cut with the dictionary, any other character alone.
_JIEBA_HAN = re.compile("[\u4e00-\u9fd5]+")
# Raise when what is kept of jieba's dictionary changes shape.
_FORMAT = 1

Cut = tuple[tuple[str, int, int], ...]


def jieba_dictionary() -> Path:
    """jieba's word list (dict.txt), found without importing jieba (which imports pkg_resources)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("jieba is not installed: its dictionary cuts Chinese text into words")
    return Path(spec.origin).parent / "dict.txt"


class HanWords:
    """jieba's dictionary and the lexicon's Chinese names as words; build once, share read-only."""

    def __init__(self, user_words: Iterable[str], user_freq: int, cache_dir: Path | None = None) -> None:
        """`user_words`: words kept whole at `user_freq`, each counted once into the total (jieba's add_word);
        `cache_dir`: where jieba's words are kept between starts (None: read from dict.txt each time)."""
        self._words, self._logs, total = _load_dictionary(cache_dir)
        users = sorted(set(user_words))
        self._users = marisa_trie.Trie(users)
        self._user_log = math.log(user_freq)
        self._logtotal = math.log(total + user_freq * len(users))

    def is_word(self, word: str) -> bool:
        """A word of jieba's dictionary or of the user words."""
        return word in self._users or word in self._words

    def cut(self, run: str) -> Cut:
        """(word, start, end) for the words of `run`, in order, covering it."""
        return words_at(run, self.ends(run))

    def ends(self, run: str) -> tuple[int, ...]:
        """Where each word of `run` ends, in order."""
        out: list[int] = []
        at = 0
        for m in _JIEBA_HAN.finditer(run):
            start, end = m.span()
            out += range(at + 1, start + 1)  # characters outside jieba's class, each alone
            out += self._block_ends(m.group(), start)
            at = end
        out += range(at + 1, len(run) + 1)
        return tuple(out)

    def _block_ends(self, block: str, base: int) -> list[int]:
        n = len(block)
        # best[i]: (score of the best way through block[i:], end of its first word - 1), as jieba's route
        best: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        words, users, logs = self._words, self._users, self._logs
        user_log, logtotal = self._user_log, self._logtotal
        for i in range(n - 1, -1, -1):
            rest = block[i:]
            choices: dict[int, float] = {
                i + len(w) - 1: logs[k] for w, k in words.iter_prefixes_with_ids(rest)
            }
            for w in users.iter_prefixes(rest):
                choices[i + len(w) - 1] = user_log
            if not choices:
                choices[i] = 0.0  # no word starts here: the character alone, at jieba's frequency 1
            best[i] = max((log - logtotal + best[x + 1][0], x) for x, log in choices.items())
        out: list[int] = []
        i = 0
        while i < n:
            i = best[i][1] + 1
            out.append(base + i)
        return out


def words_at(run: str, ends: tuple[int, ...]) -> Cut:
    """(word, start, end) for a run cut at `ends`."""
    out: list[tuple[str, int, int]] = []
    start = 0
    for end in ends:
        out.append((run[start:end], start, end))
        start = end
    return tuple(out)


def _load_dictionary(cache_dir: Path | None) -> tuple[marisa_trie.Trie, "array[float]", int]:
    words = jieba_dictionary()
    version = importlib.metadata.version("jieba")
    kept = (
        cache_dir / f"jieba-words-{version}-{words.stat().st_size}-{_FORMAT}.pickle"
        if cache_dir is not None
        else None
    )
    held = read_pickle(kept) if kept is not None else None
    if isinstance(held, tuple) and len(held) == 3:
        trie_bytes, log_bytes, total = held
        if isinstance(trie_bytes, bytes) and isinstance(log_bytes, bytes) and isinstance(total, int):
            logs = array("d")
            logs.frombytes(log_bytes)
            return marisa_trie.Trie().frombytes(trie_bytes), logs, total
    trie, logs, total = _read_dictionary(words)
    if kept is not None:
        write_pickle(kept, (trie.tobytes(), logs.tobytes(), total))
    return trie, logs, total


def _read_dictionary(path: Path) -> tuple[marisa_trie.Trie, "array[float]", int]:
    """jieba's dict.txt ("word frequency [tag]" a line) as jieba reads it: a word listed twice keeps its last
    frequency, every line's frequency counts into the total, a word of frequency 0 is no word."""
    freq: dict[str, int] = {}
    total = 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, count = line.strip().split(" ")[:2]
            freq[word] = int(count)
            total += int(count)
    trie = marisa_trie.Trie([w for w, c in freq.items() if c > 0])
    logs = array("d", bytes(8 * len(trie)))
    for word, times in freq.items():
        if times > 0:
            logs[trie.key_id(word)] = math.log(times)
    return trie, logs, total
