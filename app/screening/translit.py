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


# English names written in Cyrillic as they sound ("Ацетик анхидрайд", "Сульфурик асид", "Поташиум
# перманганейт"): both spellings are reduced to one sound key. Vowels are one class ("V"), runs of them one
# vowel, a final vowel dropped (English's silent e); consonants that the two spellings render alike share a
# letter: c before e/i/y and s, z, ц, ш, ж, ч, щ are "s"; hard c, ck, ch, h, к and х are "k"; ph and ф "f".
_EN_SOUND_STEPS = [
    (re.compile(r"[^a-z]"), ""),
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ck|ch|qu"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"[chq]"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"[zj]"), "s"),
    (re.compile(r"w"), "v"),
    (re.compile(r"[aeiouy]+"), "V"),
]
_RU_SOUND = str.maketrans(
    {
        **dict.fromkeys("аеёиоуыэюяй", "V"),
        **dict.fromkeys("ьъ", ""),
        **dict.fromkeys("жзсцчшщ", "s"),
        **dict.fromkeys("кх", "k"),
        **dict(zip("бвгдлмнпртф", "bvgdlmnprtf", strict=True)),
    }
)
_RUNS = re.compile(r"(.)\1+")


def _sound_tail(key: str) -> str:
    key = _RUNS.sub(r"\1", key)
    return key[:-1] if key.endswith("V") and len(key) > 2 else key


def sound_key_en(word: str) -> str:
    """The sound key of an English word ("anhydride" -> "VnkVdrVd")."""
    out = word.lower()
    for pattern, repl in _EN_SOUND_STEPS:
        out = pattern.sub(repl, out)
    return _sound_tail(out)


# English spellings a Russian ear renders in more than one way: "th" as т, з, с or ф ("изер", "эфир" for
# ether), an initial "ps" as с ("сюдоэфедрин" for pseudoephedrine: the p is silent), g before e, i, y as дж.
_EN_SOUND_ALTERNATIVES = (
    (re.compile(r"th"), ("s", "f")),
    (re.compile(r"^ps"), ("s",)),
    (re.compile(r"g(?=[eiy])"), ("dj",)),  # a soft g is heard as дж: "лайсерджик" for lysergic
)
_MAX_SOUND_KEYS = 8


def sound_keys_en(word: str) -> list[str]:
    """Every sound key of an English word: its own, and those of the other ways its sounds are heard."""
    spellings = [word.lower()]
    for pattern, options in _EN_SOUND_ALTERNATIVES:
        for spelling in list(spellings):
            for option in options:
                other = pattern.sub(option, spelling)
                if other != spelling and other not in spellings and len(spellings) < _MAX_SOUND_KEYS:
                    spellings.append(other)
    return list(dict.fromkeys(sound_key_en(s) for s in spellings))


def sound_key_ru(word: str) -> str:
    """The sound key of a Cyrillic word ("анхидрайд" -> "VnkVdrVd"); letters of no class are dropped."""
    out = word.lower().translate(_RU_SOUND)
    return _sound_tail("".join(c for c in out if c in "Vbdfgklmnprstv"))


def consonants(key: str) -> int:
    return sum(1 for c in key if c != "V")
