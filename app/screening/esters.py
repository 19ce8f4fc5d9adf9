"""An ester named by its acid's name and the alcohol's part (app/lexicon/esters.yaml): "трет-бутиловый
эфир 2-метил-3-фенилглицидной кислоты", "… glycidic acid isopropyl ester", "…缩水甘油酸叔丁酯". Where the
Tables list an acid's esters apart from it (the BMK and PMK glycidic acids), a match of the acid's name
with such words beside it is the ester."""

import re
from collections.abc import Iterable
from typing import Literal

from app.lexicon.schema import EstersFile

Alcohol = Literal["methyl", "ethyl", "other"]


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class EsterReader:
    """Compiled once per lexicon from esters.yaml."""

    def __init__(self, data: EstersFile) -> None:
        # the acid and each of its esters -> the acid's esters: "BMK glycidate" (the methyl ester's name) with
        # "isopropyl ester" after it is another ester
        self._family = {
            sid: esters for acid, esters in data.acids.items() for sid in (acid, *esters.values())
        }
        self._window = data.window
        self._acid_ids = frozenset(data.acids)
        # an ester's own name that says its alcohol ("PMK ethyl glycidate") is not read again
        named = [w for a in data.alcohols.values() for w in (*a.ru, *a.en, *a.zh)]
        self._says_alcohol = re.compile(_alternatives(named) or r"(?!)")
        self._before: list[tuple[Alcohol, re.Pattern[str]]] = []
        self._after: list[tuple[Alcohol, re.Pattern[str]]] = []
        for alcohol, words in data.alcohols.items():
            ru, en, zh = _alternatives(words.ru), _alternatives(words.en), _alternatives(words.zh)
            before, after = [], []
            if ru:
                # "трет-бутиловый эфир " before the acid, "… кислоты изопропиловый эфир" after it
                before.append(rf"(?<![а-я-])(?:{ru})[а-я]*\s+эфир[а-я]*[\s-]*$")
                after.append(rf"^\s*(?:{ru})[а-я]*\s+эфир")
            if en:
                before.append(rf"(?<![a-z-])(?:{en})\s+ester\s+of\s+(?:the\s+)?$")
                after.append(rf"^[\s,]*(?:{en})\s+ester(?![a-z])")
            if zh:
                after.append(rf"^(?:{zh})")
            if before:
                self._before.append((alcohol, re.compile("|".join(before))))
            if after:
                self._after.append((alcohol, re.compile("|".join(after))))

    def ester_of(self, acid: str, text: str, start: int, end: int) -> str | None:
        """The id of the ester the words beside the name of an acid (or of one of its esters) at
        text[start:end] make of it, or None."""
        esters = self._family.get(acid)
        if not esters or (acid not in self._acid_ids and self._says_alcohol.search(text, start, end)):
            return None
        before = text[max(0, start - self._window) : start]
        after = text[end : end + self._window]
        for alcohol, pattern in self._after:
            if pattern.search(after):
                return esters.get(alcohol)
        for alcohol, pattern in self._before:
            if pattern.search(before):
                return esters.get(alcohol)
        return None
