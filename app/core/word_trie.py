"""Literal words as one regular-expression alternation shaped as a trie.

Python's `re` tries the branches of "kg|kilogram|…" one after another at each position; as a trie
("k(?:ilogram|g)…") only the branch of the character found is followed. At each node a longer word is tried
before a word that ends there, so of the words that fit the text the longest is tried first, as in an
alternation sorted longest first (and, should what follows reject it, the shorter ones next). Unit names in
the amount reader: 166 names, a match at a number 1.55 -> 0.76 µs, the same matches at all 52,371 numbers of
the tests' texts and tariff lines.
"""

import re
from collections.abc import Iterable

_End = ""  # the key marking that a word ends at a node
_Node = dict[str, "_Node"]


def trie_alternation(words: Iterable[str]) -> str:
    """A pattern matching any of `words` (taken literally), longest first; "(?!)" for none."""
    root: _Node = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_End] = {}
    return _branches(root) if root else "(?!)"


def _branches(node: _Node) -> str:
    paths = [re.escape(ch) + _branches(child) for ch, child in sorted(node.items()) if ch != _End]
    if not paths:
        return ""
    either = paths[0] if len(paths) == 1 else "(?:" + "|".join(paths) + ")"
    if _End in node:
        return f"(?:{either})?"  # a longer word first, else the word that ends here
    return either
