"""The goods reading aid: the tariff lines closest to a description, and the heading they name.

An officer who cannot read "男式棉衬衫" is told what the goods most likely are, in the officer's language:
"похоже на: 6205 20 — Рубашки мужские или для мальчиков: из хлопчатобумажной пряжи". The nomenclatures
(app/lexicon/nomenclature.py) are the dictionary: China's tariff lines for Chinese text, the TN VED's for
Russian, the HS descriptions for English. A description is compared with every line of its script's
nomenclature by the features both share, each weighted by how rare it is among the lines (tf-idf, cosine):
Chinese by its characters and pairs of characters, Russian and English by word stems.
"""

import math
import re
from array import array
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.normalise import is_han
from app.lexicon.nomenclature import Nomenclature, TariffLine

_WORD = re.compile(r"[a-zа-яё]{3,}")
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")  # is_han's ranges
_STEM = 5  # letters of a word that stand for it ("рубашки", "рубашка": "рубаш")
_TOP_LINES = 10
# A feature in more than this share of the lines (其他, 的, "прочие") still weighs in a line's length
# but is not looked up: it would add a little to thousands of lines and change no ranking
# (bench/goods_aid.py: the same accuracy, a thirteenth of the time).
_COMMON = 0.025


@dataclass(frozen=True)
class Suggestion:
    subheading: str  # 6 digits
    score: float  # cosine of the closest line, 0..1
    line: TariffLine  # the closest line of that subheading


def features(text: str) -> dict[str, int]:
    """A text's features and their counts: Chinese characters and pairs of neighbours, word stems."""
    out: dict[str, int] = defaultdict(int)
    text = text.lower().replace("ё", "е")
    for run in _HAN_RUN.findall(text):  # the runs found at C speed: most lines of two nomenclatures have none
        prev = ""
        for ch in run:
            out[ch] += 1
            if prev:
                out[prev + ch] += 1
            prev = ch
    for word in _WORD.findall(text):
        out["w:" + word[:_STEM]] += 1
    return out


class _Index:
    """Lines of one nomenclature, searchable by their weighted features. Each feature has a number; the
    postings of all features are two flat arrays (line numbers, weights), feature f's from start[f] to
    start[f + 1]: about 340,000 postings in 4 MB, with no object per feature but its name."""

    def __init__(self, lines: Sequence[TariffLine]) -> None:
        self.lines = tuple(lines)
        df: dict[str, int] = defaultdict(int)
        for line in self.lines:  # features counted line by line, not all kept: less memory at the peak
            for key in features(line.text):
                df[key] += 1
        n = len(self.lines)
        most = max(1, int(n * _COMMON))
        # every feature not in all lines weighs; one in more than `most` lines has no postings
        weighing = [(key, count) for key, count in df.items() if count < n]
        self._number = {key: f for f, (key, _) in enumerate(weighing)}
        self._idf = array("d", (math.log(n / count) for _, count in weighing))
        self._start = array("I", [0])
        for _, count in weighing:
            self._start.append(self._start[-1] + (count if count <= most else 0))
        self._ids = array("I", bytes(4 * self._start[-1]))
        self._weights = array("d", bytes(8 * self._start[-1]))
        filled = array("I", self._start[:-1])  # where each feature's next posting goes
        for i, line in enumerate(self.lines):
            weights = self._weighed(features(line.text))
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for f, w in weights.items():
                at = filled[f]
                if at < self._start[f + 1]:
                    self._ids[at], self._weights[at] = i, w / norm
                    filled[f] = at + 1

    def _weighed(self, counts: dict[str, int]) -> dict[int, float]:
        """A text's features that weigh, by number, with their tf-idf weights."""
        number, idf = self._number, self._idf
        return {f: (1 + math.log(c)) * idf[f] for k, c in counts.items() if (f := number.get(k)) is not None}

    def closest(self, text: str) -> list[tuple[float, TariffLine]]:
        query = self._weighed(features(text))
        norm = math.sqrt(sum(w * w for w in query.values()))
        if not norm:
            return []
        scores: dict[int, float] = defaultdict(float)
        for f, qw in query.items():
            start, end = self._start[f], self._start[f + 1]
            for i, w in zip(self._ids[start:end], self._weights[start:end], strict=True):
                scores[i] += qw * w
        best = sorted(scores.items(), key=lambda kv: (-kv[1], self.lines[kv[0]].code))[:_TOP_LINES]
        return [(round(s / norm, 4), self.lines[i]) for i, s in best]


class GoodsAid:
    """What the goods of a description most likely are, by the nomenclature lines closest to it."""

    def __init__(self, nomenclature: Nomenclature) -> None:
        self.nomenclature = nomenclature
        self._zh = _Index(nomenclature.zh)
        self._ru = _Index(nomenclature.ru)
        six = sorted(code for code in nomenclature.en if len(code) == 6)
        self._en = _Index([TariffLine(code + "0000", nomenclature.en[code]) for code in six])

    def suggest(self, text: str, limit: int = 3) -> list[Suggestion]:
        """Up to `limit` subheadings, the likeliest first."""
        index = self._zh if any(is_han(ch) for ch in text) else self._ru if _cyrillic(text) else self._en
        out: list[Suggestion] = []
        for score, line in index.closest(text):
            if any(s.subheading == line.code[:6] for s in out):
                continue
            out.append(Suggestion(line.code[:6], score, line))
            if len(out) == limit:
                break
        return out

    def describe(self, suggestion: Suggestion, lang: str) -> str:
        """The subheading in the officer's language: the nomenclature's own text; for Chinese the closest
        Chinese line itself."""
        if lang == "zh" and len(suggestion.line.text) and any(is_han(c) for c in suggestion.line.text):
            return suggestion.line.text
        text = self.nomenclature.describe(suggestion.subheading, lang)
        if text is None:
            text = self.nomenclature.describe(suggestion.subheading, "en") or suggestion.line.text
        return text


def _cyrillic(text: str) -> bool:
    return any("а" <= ch <= "я" or ch in "ёЁ" or "А" <= ch <= "Я" for ch in text)
