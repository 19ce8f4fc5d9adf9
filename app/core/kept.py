"""Answers kept between starts: what start-up asks the same libraries about the same words every time.

Building the indexes asks pymorphy for the lexicon's Russian words' lemmas and paradigms and pypinyin for its
Chinese names' readings: the same questions, with the same answers, at every start of every worker (0.5 s
of a start-up). A `KeptAnswers` remembers them in a file of the cache folder, named by the library's version
and a format number (raised when what is made of the library's answer changes), so another library version
asks again. Only what start-up asks is kept: once `keep()` has written the file, later questions (the words
of declarations) are answered and not added. The files are pickles of plain dicts, written whole or not at
all (two workers may start together); an unreadable one is asked again and written anew.
"""

import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

log = logging.getLogger(__name__)


class KeptAnswers(Generic[K, V]):
    def __init__(self, path: Path | None) -> None:
        """`path`: the file (None: nothing kept, every question asked)."""
        self._path = path
        held = read_pickle(path) if path is not None else None
        self._answers: dict[K, V] = held if isinstance(held, dict) else {}
        self._learning = path is not None
        self._new = False

    def answer(self, key: K, ask: Callable[[], V]) -> V:
        """The kept answer to `key`, or `ask()`'s (kept while start-up learns)."""
        try:
            return self._answers[key]
        except KeyError:
            pass
        value = ask()
        if self._learning:
            self._answers[key] = value
            self._new = True
        return value

    def keep(self) -> None:
        """Write what was learnt, if anything, and learn no more."""
        if self._path is not None and self._new:
            write_pickle(self._path, self._answers)
        self._learning = self._new = False

    def __len__(self) -> int:
        return len(self._answers)


def read_pickle(path: Path) -> object:
    """What a cache file holds, or None when it is not there or unreadable."""
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None


def write_pickle(path: Path, value: object) -> None:
    """A cache file written whole or not at all (also when two workers start together); a read-only folder
    is logged, and the next start asks again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError as exc:
        log.warning("%s not kept: %s", path, exc)
