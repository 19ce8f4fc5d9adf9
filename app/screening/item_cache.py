"""Items already screened with the same data, remembered: clearance systems send the same goods again and
again (a shipper's standing lines, a batch re-sent, a rescreen), and an item's analysis depends only on the
item and the data it was screened with. One cache per loaded lexicon and rules (it lives in their
`Resources`, so a reload starts an empty one); least recently used items go first. The analysis is kept
with its reasons; the reasons' item number is the only thing that changes from declaration to
declaration."""

from collections import OrderedDict
from dataclasses import replace
from threading import Lock

from app.core.types import Item, ItemAnalysis, Language, Reason

Key = tuple[Item, Language | None]
Entry = tuple[ItemAnalysis, tuple[Reason, ...]]


class ItemCache:
    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Key, Entry] = OrderedDict()
        self._lock = Lock()  # screening runs in a thread pool: one writer at a time

    def get(self, key: Key, index: int) -> tuple[ItemAnalysis, list[Reason]] | None:
        """The analysis and reasons of an item screened before, its reasons numbered as item `index`."""
        if not self.size:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
        analysis, reasons = entry
        return analysis, [r if r.item_index == index else replace(r, item_index=index) for r in reasons]

    def put(self, key: Key, analysis: ItemAnalysis, reasons: list[Reason]) -> None:
        if not self.size:
            return
        with self._lock:
            self._entries[key] = (analysis, tuple(reasons))
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
