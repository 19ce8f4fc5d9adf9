"""The pages' strings in Russian (default), English and Chinese, from messages.yaml beside this file.

Every key must have all three languages: loading fails otherwise, so an untranslated string cannot ship."""

from functools import cache
from pathlib import Path
from typing import Any

import pycountry
import yaml

from app.core.countries import translator
from app.errors import DataError
from app.languages import LANGUAGES, from_accept_language

DEFAULT_LANGUAGE = "ru"
MESSAGES_FILE = Path(__file__).with_name("messages.yaml")


@cache
def catalogue(path: Path = MESSAGES_FILE) -> dict[str, dict[str, str]]:
    raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise DataError(f"{path.name}: expected a mapping of message keys")
    for key, texts in raw.items():
        missing = [lang for lang in LANGUAGES if not isinstance(texts, dict) or not texts.get(lang)]
        if missing:
            raise DataError(f"{path.name}: {key!r} has no text in {', '.join(missing)}")
        # An unquoted comma in a flow mapping ({ru: Вес брутто, кг, ...}) cuts the text and makes its tail a
        # key of its own: refuse anything but the three languages, each a text.
        extra = sorted(str(k) for k in texts if k not in LANGUAGES)
        if extra or not all(isinstance(texts[lang], str) for lang in LANGUAGES):
            raise DataError(
                f"{path.name}: {key!r} holds more than its three texts ({', '.join(extra) or 'a non-text'});"
                " quote a text that contains a comma"
            )
    return raw


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
        self._texts = catalogue()

    def __call__(self, key: str, **values: object) -> str:
        text = self._texts[key][self.lang]
        return text.format(**values) if values else text


def pick_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """?lang= first (the switcher), then the remembered choice, then the browser's languages, then Russian."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    return from_accept_language(accept_language) or DEFAULT_LANGUAGE


@cache
def countries(lang: str) -> list[tuple[str, str]]:
    """(alpha-2 code, name in `lang`) for every ISO 3166 country, by name (pycountry translations)."""
    translate = translator(lang).gettext
    named = [(c.alpha_2, translate(c.name)) for c in pycountry.countries]
    return sorted(named, key=lambda pair: pair[1])
