"""Russian written in Latin letters: a plain transliteration and a spelling skeleton to compare variants.

Clerks transliterate Russian in many ways (уксусный: uksusnyi, uksusnyy, uksusniy, uksusny; ацетон: aceton,
atseton). Both the text and the lexicon are reduced to a skeleton in which those variants coincide.
"""

import re

_RU_TO_LAT = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
}

_SKELETON_STEPS = [
    (re.compile(r"shch|sch"), "sh"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"ts|tz"), "c"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]


def translit_ru(word: str) -> str:
    return "".join(_RU_TO_LAT.get(c, c) for c in word)


def skeleton(word: str) -> str:
    """Collapse transliteration variants: kh/h, ts/c, y/i/j, doubled letters."""
    out = word.lower()
    for pattern, repl in _SKELETON_STEPS:
        out = pattern.sub(repl, out)
    return out
