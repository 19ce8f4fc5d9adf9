r"""A literal word as a regular expression that finds it only where a word starts.

The plain way to say "not after a letter" puts a look-behind first: `(?<![^\W\d_])acetone`. Python's `re`
then no longer knows which character a match begins with, so `search` tries every branch of an alternation
at every position of the text. Put after the first character instead, `a(?<![^\W\d_]a)cetone`, the
look-behind says the same (the character before the word is no letter, or there is none), and `re` skips at
C speed to the places where a branch's first character stands: the cue patterns before a number run about
twice as fast (net words before an amount: 1.06 -> 0.53 µs a search).
"""

import re

NOT_AFTER_LETTER = r"(?<![^\W\d_])"  # the plain form, for a pattern that does not start with a literal


def word_start(word: str, spaces: str = r"\s+") -> str:
    """`word` taken literally (its inner spaces as `spaces`), where no letter comes before it."""
    if not word:
        return "(?!)"
    first = re.escape(word[0])
    rest = re.escape(word[1:]).replace(r"\ ", spaces)
    return rf"{first}(?<![^\W\d_]{first}){rest}"
