r"""A literal word as a regular expression that finds it only where a word starts.

The plain way to say "not after a letter" puts a look-behind first: `(?<![^\W\d_])acetone`. Python's `re`
then no longer knows which character a match begins with, so `search` tries every branch of an alternation
at every position of the text. Put after the first character instead, `a(?<![^\W\d_]a)cetone`, the
look-behind says the same (the character before the word is no letter, or there is none), and `re` skips at
C speed to the places where a branch's first character stands: the cue patterns before a number run about
twice as fast (net words before an amount: 1.06 -> 0.53 µs a search).
"""

import re

LETTER = r"[^\W\d_]"  # a letter of any script (not a digit, not "_")


def first_not_after(first: str, before: str) -> str:
    """`first`, a pattern of exactly one character, where no character of the class `before` comes before
    it: the same as `(?<!before)first`, the look-behind after it."""
    return rf"{first}(?<!{before}{first})"


def word_start(word: str, spaces: str = r"\s+", before: str = LETTER) -> str:
    """`word` taken literally (its inner spaces as `spaces`), where no letter (or no character of the class
    `before`) comes before it."""
    if not word:
        return "(?!)"
    rest = re.escape(word[1:]).replace(r"\ ", spaces)
    return first_not_after(re.escape(word[0]), before) + rest
