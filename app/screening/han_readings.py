"""How Chinese characters and names are read: their syllables (pypinyin, tones ignored, every reading of a
heteronym), a name as pinyin is typed, and its reading with tone marks for the officer. Used by the
sound-alike and pinyin matching (app/screening/han_alike.py) and by the messages (app/screening/match.py)."""

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from app.core.normalise import is_han
from app.core.pinyin import VERSION, Style, lazy_pinyin, pinyin

# The names' readings kept between starts (app/core/kept.py) are pypinyin's: named by its version, and by a
# number to raise when char_syllables or palladius_key change what they make of them.
KEPT_READINGS = f"pinyin-{VERSION}-1"


@lru_cache(maxsize=65536)
def readings(ch: str) -> frozenset[str]:
    """Every toneless syllable a character is read with (heteronyms included); empty for non-Han."""
    if not is_han(ch):
        return frozenset()
    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(r for r in found[0] if r) if found else frozenset()


def char_syllables(name: str) -> tuple[str, ...]:
    """One syllable per character of a name: its Chinese runs read as words (pypinyin's phrase readings
    choose among heteronyms), "" for any other character."""
    out: list[str] = []
    for m in re.finditer(
        r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", name
    ):
        run = m.group()
        if is_han(run[0]):
            sylls = lazy_pinyin(run, style=Style.NORMAL, errors="ignore")
            out += sylls if len(sylls) == len(run) else [next(iter(readings(c)), "") for c in run]
        else:
            out += [""] * len(run)
    return tuple(out)


def pinyin_key(key: str, syllables: Sequence[str]) -> str:
    """A name as pinyin is typed: its Chinese characters' syllables, its Latin letters and digits as they are,
    nothing else ("1-苯基-2-丙酮": "1benji2bingtong")."""
    return "".join(
        syl or (ch if ch.isascii() and ch.isalnum() else "") for ch, syl in zip(key, syllables, strict=True)
    )


def name_reading(name: str) -> str:
    """The name's reading with tone marks, for the officer: 'yǐ suān gān'."""
    return " ".join(lazy_pinyin(name, style=Style.TONE, errors="ignore"))


@lru_cache(maxsize=65536)
def fold_pinyin(word: str) -> str:
    """'Yǐsuāngān', 'yi3suan1gan1', 'lü' -> 'yisuangan', 'yisuangan', 'lv'."""
    text = unicodedata.normalize("NFD", word.casefold().replace("ü", "v"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"(?<=[a-z])[1-5]", "", text)


# Spellings Russian writers of Palladius vary: э/е, й/и, ё, and the soft and hard signs left out ("Цзябень",
# "Цзябэнь"; "Яньсуань", "Янсуан").
_PALLADIUS_FOLD = str.maketrans({"ё": "е", "э": "е", "й": "и", "ь": None, "ъ": None})


def fold_palladius(word: str) -> str:
    """A Cyrillic word as Palladius spellings of one name compare: 'Цзябэнь' -> 'цзябен'."""
    return word.lower().translate(_PALLADIUS_FOLD)


def palladius_key(key: str) -> str | None:
    """An all-Chinese name written in Cyrillic by the Palladius system, as Russian declarations write
    Chinese names (pypinyin's Cyrillic style: 乙酸酐 -> 'исуаньгань'), folded; None for a name with other
    characters."""
    if not key or not all(is_han(c) for c in key):
        return None
    syllables = lazy_pinyin(key, style=Style.CYRILLIC, errors="ignore")
    return fold_palladius("".join(s.rstrip("012345") for s in syllables))


def near_sound_key(
    syllable: str, initials: Sequence[tuple[str, str]], finals: Sequence[tuple[str, str]]
) -> str:
    """A syllable with the near sounds merged ("meng" and "men": "men"; "shu" and "su": "su")."""
    for spelt, heard in initials:
        if syllable.startswith(spelt):
            syllable = heard + syllable[len(spelt) :]
            break
    for spelt, heard in finals:
        if syllable.endswith(spelt):
            return syllable[: -len(spelt)] + heard
    return syllable
