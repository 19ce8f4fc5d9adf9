"""Regular expressions built from the lexicon's cue words (chemical_context.yaml, negation.yaml,
mentions.yaml): a chemical context, cues anchored before or after a name, field labels, impurity limits,
tanks counted as machines, CAS-index inverted names. Built once by MatchIndex (match_index.py)."""

import re
from collections.abc import Iterable

from app.core.normalise import is_han
from app.core.word_patterns import word_start
from app.lexicon.schema import ChemicalContextFile, Cues

_SPACE = r"\ "  # a space in a word as it is: one space (the text is normalised)


def context_pattern(ctx: ChemicalContextFile) -> "re.Pattern[str]":
    """One regular expression over normalised text that finds any sign of a chemical description."""
    parts = [ctx.purity]
    parts += [rf"{word_start(w, _SPACE)}(?![^\W\d_])" for w in ctx.latin]
    parts += [word_start(stem, _SPACE) for stem in ctx.cyrillic_stems]
    parts += [re.escape(w) for w in ctx.chinese]
    return re.compile("|".join(parts))


# chemicals named together with a slash before a word about them all: "acetonitrile/methanol compatible"
JOINED = r"(?:\s*/\s*[^\s/,;:()（）]{1,16})*"
# a hyphen left hanging before a word shared with the next ("chloroform- and solvent-resistant")
SUSPENDED_HYPHEN = r"(?:-\s+(?:and|or|и|или)\s+[^\W\d_]+)?"
# later members of a list and its closing bracket, before a cue about them all: "(ацетонитрил, метанол) в
# поставку не входят"
LIST_TAIL = (
    r"(?:\s*(?:[,、]|\s(?:and|и|or|или)\s)\s*[^\W\d_][^\s,;:()（）、]{0,24}){0,4}\s*[)）]?"
    r"(?:\s*[(（][^()（）]{1,20}[)）])?"  # and its short name in brackets: "大麻二酚（CBD）未检出"
)
# earlier members of a list after a cue, each a name of one to three words: "брому, ", "nitroethane,
# methylamine, ", "甲胺、", "acetic anhydride, " (after held-out listed_23's first run, session 16)
LISTED = (
    r"(?:[^\W\d_][^\s,;:()（）、]{0,24}(?:\s+[^\W\d_][^\s,;:()（）、]{0,24}){0,2}"
    r"(?:\s*[,、]\s*|\s+(?:and|и|or|или)\s+)){0,4}"
)


def cue_pattern(cues: Cues, before: bool, joined: bool = False, lead: str = "") -> "re.Pattern[str]":
    """Cues as one pattern anchored at the name: at the end of the text before it, or at the start of the
    text after it (with `joined`, after co-named words joined by slashes). Latin and Cyrillic cues are whole
    words; Chinese cues touch the name."""
    words = [re.escape(c).replace(r"\ ", r"\s+") for c in (*cues.latin, *cues.cyrillic)]
    han = [re.escape(c) for c in cues.chinese]
    lead = lead or (JOINED if joined else "")
    if before:
        # the name may come later in a list after the cue: "стойкость к брому, хлороформу", "for nitroethane,
        # methylamine, GBL", "для контроля утечек метиламина и аммиака"
        listed = LISTED if joined else ""
        # a cue may end a field label too: "last cargo: toluene"
        starts = [word_start(c) for c in (*cues.latin, *cues.cyrillic)]
        parts = [rf"(?:{'|'.join(starts)})[:：]?[\s-]+{listed}$"] if starts else []
        # a Chinese cue may end a field label: "上一票装载货物：三氯甲烷"
        parts += [rf"(?:{'|'.join(han)})\s*[:：]?\s*{listed}$"] if han else []
    else:
        parts = [rf"^{lead}[\s-]*(?:{'|'.join(words)})(?![^\W\d_])"] if words else []
        parts += [rf"^{lead}\s*(?:{'|'.join(han)})"] if han else []
    return re.compile("|".join(parts) or r"(?!)")


def tank_pattern(
    tanks: Iterable[str], units: Iterable[str], empty: Iterable[str] = ()
) -> tuple["re.Pattern[str]", "re.Pattern[str]"]:
    """A tank word right after a name, and what makes the tank the goods: a count of machines ("1台", "2 套")
    or the tank said empty ("空罐")."""
    tank = "|".join(re.escape(t) for t in tanks)
    unit = "|".join(re.escape(u) for u in units)
    said = [rf"\d\s*(?:{unit})"] if unit else []
    said += [re.escape(w) for w in empty]
    if not tank or not said:
        return re.compile(r"(?!)"), re.compile(r"(?!)")
    return re.compile(rf"^\s*(?:{tank})"), re.compile("|".join(said))


def han_gap_pattern(words: Iterable[str], gap: int) -> "re.Pattern[str]":
    """Right after a Chinese name, up to `gap` Chinese characters, then one of these words
    ("类快速检测试剂盒")."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
    if not alternatives:
        return re.compile(r"(?!)")
    return re.compile(rf"^[\u4e00-\u9fff]{{0,{gap}}}?(?:{alternatives})")


def article_pattern(articles: Iterable[str], contents: Iterable[str]) -> "re.Pattern[str]":
    """An article that holds a chemical ("battery", "蓄电池"), not followed by a word that makes it the
    chemical itself ("battery acid", "蓄电池电解液")."""
    words = "|".join(word_start(w, _SPACE) for w in sorted(articles, key=len, reverse=True) if w)
    itself = "|".join(re.escape(w) for w in sorted(contents, key=len, reverse=True) if w)
    if not words:
        return re.compile(r"(?!)")
    not_itself = rf"(?!\s*(?:{itself}))" if itself else ""
    return re.compile(rf"(?:{words}){not_itself}")


def inverted_pattern(heads: Iterable[str]) -> tuple["re.Pattern[str]", "re.Pattern[str]"]:
    """After a name, the rest of a CAS-index inverted name: ", potassium salt", ", lithium salt (1:1)",
    ", 2-chloro-", ", N-methyl-"."""
    words = "|".join(re.escape(h) for h in heads)
    salt = rf"(?:[^\W\d_]+\s+){{1,2}}(?:{words})(?![^\W\d_])" if words else r"(?!)"
    substituent = r"(?:\d+(?:,\d+)*|[a-zα-ω](?:,[a-zα-ω])*)-[^\W\d_]+-(?![^\W\d_])"
    return re.compile(rf"^\s*,\s*{salt}"), re.compile(rf"^\s*,\s*{substituent}")


def label_pattern(labels: Iterable[str]) -> "re.Pattern[str]":
    """Field labels with their colon ("收货人：", "Consignee:"); a Latin or Cyrillic label is a whole word."""
    parts = []
    for label in labels:
        if not label:
            continue
        parts.append(re.escape(label).replace(r"\ ", r"\s+") if is_han(label[0]) else word_start(label))
    return re.compile(rf"(?:{'|'.join(parts)})\s*[:：]" if parts else r"(?!)")


def words_pattern(words: Iterable[str]) -> "re.Pattern[str]":
    """Normalised words as one pattern: a Latin or Cyrillic word starts at a word boundary (so "perfum"
    finds "perfumes"), a Chinese one anywhere."""
    parts = [re.escape(w) if is_han(w[0]) else word_start(w, _SPACE) for w in words if w]
    return re.compile("|".join(parts) or r"(?!)")


def limit_pattern(ceilings: Iterable[str], units: Iterable[str], percent_below: int = 0) -> "re.Pattern[str]":
    """A ceiling, a number and a trace unit right after a name: "не более 410 ppm", "≤60ppm"; or a ceiling
    of a few per cent, below `percent_below` ("γ-丁内酯≤0.1%", "не более 0,1%")."""
    c = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in sorted(ceilings, key=len, reverse=True))
    u = "|".join(re.escape(x) for x in sorted(units, key=len, reverse=True))
    if not c or not u:
        return re.compile(r"(?!)")
    amount = rf"\d[\d.,]*\s*(?:{u})(?![^\W\d_])"
    if percent_below:
        # not "max 0.5% water": a word right after the per cent is what the limit is on, unless a ceiling
        # follows it, as in a list of limits ("γ-丁内酯≤0.05% 水分≤0.03%")
        # (Chinese after the per cent is not that: a specification writes the impurity first, "水分≤0.5%", so
        # "γ-丁内酯≤0.05% 吨桶" is the limit on it, then the packing)
        amount = rf"(?:{amount}|[0-{percent_below - 1}](?:[.,]\d+)?\s*%(?!\s*[a-zа-яё]++(?!\s*(?:{c}))))"
    return re.compile(rf"^\s*[:(（—–-]?\s*(?:{c})\s*{amount}")
