"""Chinese names written with the wrong characters, and Chinese names written in pinyin.

Sound-alike: an input method offers every character of a syllable, and a hurried (or a careful) sender picks
the wrong one: 乙酸肝 for 乙酸酐 (yǐ suān gān), 高蒙酸钾 for 高锰酸钾. Every Chinese name is indexed by its
syllables (pypinyin's readings, tones ignored), and a run of characters with the same syllables finds it.

Shape-alike: a scanner or an eye takes a character for another of the same shape (形近字): 乙酸酎 for 乙酸酐.
The table of such characters (app/lexicon/zh_shape_alike.yaml) is derived from published data, not typed.

Pinyin: a Latin-script declaration writes the Chinese name in pinyin ("hujiaoquan 25kg", "Gao Meng Suan Jia",
"yǐsuāngān"): every name is indexed by its pinyin without spaces or tones.

Guards, so that ordinary words are not read as names (醋酸纤维 cellulose acetate, 肝素钠 heparin, 冰桶 an ice
bucket for 丙酮): at least one character is the name's own, at most a third of the characters (one in a short
name) differ, and the window does not cut through a word the segmenter knows nor contain a known word of
two or more characters built on a substituted character.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from pypinyin import Style, lazy_pinyin, pinyin

from app.screening.normalise import is_han
from app.screening.types import Token

AlikeMethod = Literal["sound_alike", "shape_alike", "pinyin"]
_MIN_PINYIN_LETTERS = 5  # "yimi" (乙醚) alone is too short to trust in Latin text
_MAX_PINYIN_WORDS = 8
# Cost of a substituted character for the score: it reads or looks the same, so it counts half.
_SUBSTITUTE_COST = 0.5


@lru_cache(maxsize=65536)
def readings(ch: str) -> frozenset[str]:
    """Every toneless syllable a character is read with (heteronyms included); empty for non-Han."""
    if not is_han(ch):
        return frozenset()
    found = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(r for r in found[0] if r) if found else frozenset()


def name_syllables(name: str) -> tuple[str, ...]:
    """The syllables of a name as a word (pypinyin's phrase readings choose among heteronyms)."""
    return tuple(lazy_pinyin(name, style=Style.NORMAL, errors="ignore"))


def name_reading(name: str) -> str:
    """The name's reading with tone marks, for the officer: 'yǐ suān gān'."""
    return " ".join(lazy_pinyin(name, style=Style.TONE, errors="ignore"))


def fold_pinyin(word: str) -> str:
    """'Yǐsuāngān', 'yi3suan1gan1', 'lü' -> 'yisuangan', 'yisuangan', 'lv'."""
    text = unicodedata.normalize("NFD", word.casefold().replace("ü", "v"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"(?<=[a-z])[1-5]", "", text)


@dataclass(frozen=True, slots=True)
class AlikeName:
    key: str  # the normalised name
    syllables: tuple[str, ...]
    owner: object  # the matcher's target for this name (opaque here)


@dataclass(frozen=True, slots=True)
class AlikeFound:
    start: int  # span in the normalised text
    end: int
    name: AlikeName
    method: AlikeMethod
    score: float


@dataclass
class AlikeIndex:
    shape_alike: Mapping[str, frozenset[str]]  # a name's character -> characters of the same shape
    by_syllable: dict[str, list[AlikeName]] = field(default_factory=lambda: defaultdict(list))
    by_char: dict[str, list[AlikeName]] = field(default_factory=lambda: defaultdict(list))
    pinyin: dict[str, AlikeName] = field(default_factory=dict)
    names: frozenset[str] = frozenset()  # every indexed name: a name is no ordinary word

    @classmethod
    def build(
        cls, names: Iterable[tuple[str, object]], shape_alike: Mapping[str, Iterable[str]]
    ) -> "AlikeIndex":
        """`names`: (normalised Chinese name, target) pairs; names of two or more Han characters count."""
        index = cls({ch: frozenset(alts) for ch, alts in shape_alike.items()})
        seen: set[str] = set()
        for key, owner in names:
            if key in seen or len(key) < 2 or not all(is_han(c) for c in key):
                continue
            seen.add(key)
            sylls = name_syllables(key)
            if len(sylls) != len(key):
                continue
            name = AlikeName(key, sylls, owner)
            index.by_syllable[sylls[0]].append(name)
            first = {key[0], *index.shape_alike.get(key[0], ())}
            for ch in first:
                index.by_char[ch].append(name)
            joined = "".join(sylls)
            if len(joined) >= _MIN_PINYIN_LETTERS:
                index.pinyin.setdefault(joined, name)
        index.names = frozenset(seen)
        return index

    def _alike(self, ch: str, name_ch: str, syllable: str) -> AlikeMethod | None:
        if name_ch in self.shape_alike and ch in self.shape_alike[name_ch]:
            return "shape_alike"
        if syllable in readings(ch):
            return "sound_alike"
        return None

    def find_han(
        self, text: str, tokens: Iterable[Token], known_word: Callable[[str], bool]
    ) -> list[AlikeFound]:
        """Windows of the normalised text that are a Chinese name with one or a few wrong characters."""
        words = [t for t in tokens if t.kind == "han" and t.end - t.start >= 2]
        out: list[AlikeFound] = []
        for i, ch in enumerate(text):
            if not is_han(ch):
                continue
            candidates = list(self.by_char.get(ch, ()))
            for r in readings(ch):
                candidates += self.by_syllable.get(r, ())
            for name in dict.fromkeys(candidates):
                found = self._check(text, i, name, words, known_word)
                if found is not None:
                    out.append(found)
        return out

    def _check(
        self, text: str, start: int, name: AlikeName, words: list[Token], known_word: Callable[[str], bool]
    ) -> AlikeFound | None:
        end = start + len(name.key)
        if end > len(text):
            return None
        window = text[start:end]
        methods: list[AlikeMethod] = []
        substituted: list[int] = []
        for k, (ch, name_ch) in enumerate(zip(window, name.key, strict=True)):
            if ch == name_ch:
                continue
            alike = self._alike(ch, name_ch, name.syllables[k])
            if alike is None:
                return None
            methods.append(alike)
            substituted.append(start + k)
        n = len(name.key)
        if not substituted or len(substituted) == n or len(substituted) > max(1, n // 3):
            return None
        for w in words:
            cuts = (w.start < start < w.end) or (w.start < end < w.end)
            if cuts:
                return None  # the window cuts through a word: 醋酸纤|维
            holds_substitute = any(w.start <= p < w.end for p in substituted)
            if (
                holds_substitute
                and start <= w.start
                and w.end <= end
                and w.text not in self.names
                and known_word(w.text)
            ):
                return None  # a real word made of the substituted character
        method: AlikeMethod = "shape_alike" if "shape_alike" in methods else "sound_alike"
        score = round(100.0 * (n - _SUBSTITUTE_COST * len(substituted)) / n, 1)
        return AlikeFound(start, end, name, method, score)

    def find_pinyin(self, text: str, tokens: Iterable[Token]) -> Iterator[AlikeFound]:
        """Runs of Latin words, one or several, that spell a Chinese name in pinyin."""
        latin = [t for t in tokens if t.kind == "lat"]
        for i, first in enumerate(latin):
            joined = ""
            last_end = first.start
            for tok in latin[i : i + _MAX_PINYIN_WORDS]:
                gap = text[last_end : tok.start]
                if tok is not first and (not gap or gap.strip(" -'’")):
                    break  # the words must follow each other, separated by spaces or hyphens only
                joined += fold_pinyin(tok.text)
                last_end = tok.end
                name = self.pinyin.get(joined)
                if name is not None:
                    yield AlikeFound(first.start, tok.end, name, "pinyin", 100.0)
