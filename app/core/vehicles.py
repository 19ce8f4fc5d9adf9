"""Truck plates and freight container numbers as officers search for them: one key however they are typed.

    plate_key("А 123 ВС 01")   -> "A123BC01"  (Cyrillic letters that look Latin read as Latin: a Russian plate
                                               typed on either keyboard is one plate)
    plate_key("01kz-123 abc")  -> "01KZ123ABC"
    container_key("msku 123456-7") -> "MSKU1234567"
    container_valid("MSKU1234565")  -> whether ISO 6346's check digit holds

The twelve Cyrillic letters that Russian and Kazakh plates use all have a Latin twin (GOST R 50577: А В Е К
М Н О Р С Т У Х), so the key folds them; other Cyrillic letters are kept.
"""

import re
import unicodedata

_PLATE_CYRILLIC = str.maketrans("АВЕКМНОРСТУХ", "ABEKMHOPCTYX")
_NOT_KEY = re.compile(r"[^0-9A-Z\u0400-\u04ff]")
_CONTAINER = re.compile(r"[A-Z]{3}[UJZR]\d{7}")


def plate_key(text: str) -> str:
    """A truck's plate as one key: upper case, Cyrillic twins as Latin, no spaces, dashes or dots."""
    upper = unicodedata.normalize("NFKC", text).upper().translate(_PLATE_CYRILLIC)
    return _NOT_KEY.sub("", upper)


def container_key(text: str) -> str:
    """A freight container's number as one key: upper case letters and digits only."""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", text).upper())


def _letter_value(ch: str) -> int:
    """ISO 6346 letter values: A=10 … Z=38, skipping the multiples of 11."""
    value = 10
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if value % 11 == 0:
            value += 1
        if c == ch:
            return value
        value += 1
    raise ValueError(ch)


def container_mistyped(key: str) -> bool:
    """Written as an ISO 6346 number (owner code, category, serial, check digit) whose check digit does not
    hold: a typing slip that would make the truck impossible to find again. Other numbers (a rail tank's)
    are not judged."""
    return bool(_CONTAINER.fullmatch(key)) and not container_valid(key)


def container_valid(key: str) -> bool:
    """Owner code, category, serial and a check digit that holds (ISO 6346)."""
    if not _CONTAINER.fullmatch(key):
        return False
    total: int = sum((_letter_value(c) if c.isalpha() else int(c)) << i for i, c in enumerate(key[:10]))
    return total % 11 % 10 == int(key[10])
