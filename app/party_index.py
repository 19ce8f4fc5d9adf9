"""Company names held (a register's holders, exporters and importers; a watch list's parties) indexed by the
blocks of app/parties.py, so that a declaration's party is compared only with the held names it could be the
same company as, and each of its matches is found once per declaration."""

from collections.abc import Iterable
from dataclasses import dataclass

from app.parties import PartyMatcher


@dataclass(frozen=True)
class NameIndex:
    """Names held, by the blocks they share with any name that is the same company."""

    matcher: PartyMatcher
    by_block: dict[str, tuple[str, ...]]
    held: frozenset[str]

    @classmethod
    def build(cls, matcher: PartyMatcher, names: Iterable[str]) -> "NameIndex":
        by_block: dict[str, list[str]] = {}
        for name in dict.fromkeys(names):
            for block in matcher.blocks(name):
                by_block.setdefault(block, []).append(name)
        held = frozenset(n for ns in by_block.values() for n in ns)
        return cls(matcher, {b: tuple(ns) for b, ns in by_block.items()}, held)

    def same_as(self, name: str) -> frozenset[str]:
        """The held names that are the same company as `name` (compare().same), each compared once."""
        near = {n for block in self.matcher.blocks(name) for n in self.by_block.get(block, ())}
        return frozenset(n for n in near if self.matcher.compare(name, n).same)

    def predicate(self, parties: Iterable[str]) -> "PartyPredicate":
        """same(party, held) for these parties, answered from the index (a name it does not hold is compared
        directly)."""
        return PartyPredicate(self, frozenset(parties))


class PartyPredicate:
    """same(party, name) for a declaration's parties against an index's names: each party's matches are found
    once, when first asked (matches())."""

    def __init__(self, index: NameIndex, parties: frozenset[str]) -> None:
        self._index = index
        self._parties = parties
        self._matched: dict[str, frozenset[str]] = {}

    def matches(self, party: str) -> frozenset[str]:
        """The index's names that are the same company as this party (one of the declaration's)."""
        found = self._matched.get(party)
        if found is None:
            found = self._matched[party] = self._index.same_as(party)
        return found

    def __call__(self, party: str, name: str) -> bool:
        if party not in self._parties or name not in self._index.held:
            return self._index.matcher.same(party, name)
        return name in self.matches(party)
