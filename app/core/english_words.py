"""Real English words: those wordfreq finds at least about once in 30 million words of English.

wordfreq answers `zipf_frequency(word, "en")` from its English list (321,180 words), which it holds as a
dict: about 28 MB in each worker. The question here is only whether a word reaches a Zipf frequency of
`ENGLISH_ZIPF`, so the 173,966 words that do are kept as a marisa trie (about 1 MB), built from wordfreq's
list the first time and kept in the cache folder, named by wordfreq's version and the threshold. It is the
same set as `zipf_frequency(word, "en") >= ENGLISH_ZIPF` over every word of the list
(tests/screening/test_english_words.py).
"""

import importlib.metadata
import math
from pathlib import Path

import marisa_trie

from app.core.kept import read_pickle, write_pickle

# wordfreq's Zipf scale: 1.5 is about once in 30 million words, rare but real (heliotrope is 1.97).
ENGLISH_ZIPF = 1.5


class EnglishWords:
    def __init__(self, cache_dir: Path | None = None, min_zipf: float = ENGLISH_ZIPF) -> None:
        version = importlib.metadata.version("wordfreq")
        kept = cache_dir / f"english-{version}-{min_zipf}.pickle" if cache_dir is not None else None
        held = read_pickle(kept) if kept is not None else None
        if isinstance(held, bytes):
            self._words = marisa_trie.Trie().frombytes(held)
            return
        self._words = marisa_trie.Trie(words_at_least(min_zipf))
        if kept is not None:
            write_pickle(kept, self._words.tobytes())

    def __contains__(self, word: str) -> bool:
        """Whether wordfreq finds `word` (any case, as wordfreq folds it) at the threshold or above."""
        return word.casefold() in self._words

    def __len__(self) -> int:
        return len(self._words)


def words_at_least(min_zipf: float) -> list[str]:
    """wordfreq's English words whose frequency is `min_zipf` or more on the Zipf scale (log10 of the
    frequency per billion words, to two decimals)."""
    from wordfreq import get_frequency_dict, get_frequency_list  # only while the set is built

    listed = get_frequency_dict("en", "large")
    words = [w for w, f in listed.items() if round(math.log10(f) + 9, 2) >= min_zipf]
    # wordfreq keeps every list it has read (its functions' caches): the 28 MB this module saves
    get_frequency_dict.cache_clear()
    get_frequency_list.cache_clear()
    return words
