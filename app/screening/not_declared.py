"""Names found in a text that do not declare the chemical they name: said to be absent, the tail of a longer
systematic name, or (in Chinese) part of the name of a derivative or a salt (app/lexicon/negation.yaml,
app/lexicon/zh_naming.yaml)."""

from app.core.normalise import is_han
from app.screening.candidates import Candidate
from app.screening.match_index import MatchIndex

_CLOSING_BRACKETS = ")]}）】」』"
_ABSENT_WINDOW = 30  # characters before or after a name in which a negation cue is looked for


def not_this_chemical(index: MatchIndex, text: str, cand: Candidate) -> bool:
    """A name found in the text that does not declare the chemical:
    - said to be absent ("acetone-free", "без ацетона", "无甲苯");
    - the tail of a longer systematic name it is hyphenated to
      ("4-фенил-2-бутанон", "2,2,6,6-四甲基-4-哌啶酮");
    - in Chinese, a name after a substituent ("4-羟基哌啶", "氯代麻黄碱"), or the acid that names a salt of
      another base ("盐酸小檗碱"): app/lexicon/zh_naming.yaml."""
    start, end = cand.start, cand.end
    if index.said_absent_before.search(text[max(0, start - _ABSENT_WINDOW) : start]):
        return True
    if index.said_absent_after.search(text[end : end + _ABSENT_WINDOW]):
        return True
    if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
        return True
    if is_han(text[start]):
        before = start - 1
        while before >= 0 and text[before] in _CLOSING_BRACKETS:
            before -= 1
        if before >= 0 and text[before] in index.zh_derivative_markers:
            return True
        if text[start:end] in index.zh_acid_prefixes and end < len(text) and is_han(text[end]):
            return not text.startswith(index.zh_acid_followers, end)
    return False
