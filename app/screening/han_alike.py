"""Chinese names written with the wrong characters, and Chinese names written in pinyin.

Sound-alike: an input method offers every character of a syllable, and a hurried (or a careful) sender picks
the wrong one: 乙酸肝 for 乙酸酐 (yǐ suān gān), 高蒙酸钾 for 高锰酸钾. Every Chinese name is indexed by its
syllables (pypinyin's readings, tones ignored), and a run of characters with the same syllables finds it.

Shape-alike: a scanner or an eye takes a character for another of the same shape (形近字): 乙酸酎 for 乙酸酐.
The table of such characters (app/lexicon/zh_shape_alike.yaml) is derived from published data, not typed.

Pinyin: a Latin-script declaration writes the Chinese name in pinyin ("hujiaoquan 25kg", "Gao Meng Suan Jia",
"yǐsuāngān"): every name is indexed by its pinyin without spaces or tones.

Guards, so that ordinary words are not read as names (醋酸纤维 cellulose acetate, 肝素钠 heparin, 冰桶 an ice
bucket for 丙酮): at least one character is the name's own, at most half of them differ (one in a name of up
to three characters), and the window does not cut through a word the segmenter knows nor contain a known word
of two or more characters built on a substituted character. Look-alike characters are held tighter (at most
one in four, names of three need boundaries), and the closer look-alike wins a tie (app/lexicon/README.md).
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from operator import eq
from typing import Any

from app.core.kept import KeptAnswers
from app.core.normalise import is_han
from app.core.types import Token
from app.screening.han_mixed import HAN_RUN, MixedNames
from app.screening.han_names import (
    AlikeFound,
    AlikeMethod,
    AlikeName,
    WordsNear,
    most_shape_substituted,
)
from app.screening.han_readings import (
    char_syllables,
    fold_palladius,
    fold_pinyin,
    near_sound_key,
    palladius_key,
    pinyin_key,
    readings,
)
from app.screening.han_slips import SlipIndex, salt_word
from app.screening.han_spelt import Spellings
from app.screening.translit import skeleton, translit_ru

_RUN_CACHE = 100_000  # runs of Chinese characters remembered with what was found in them
_MIN_PINYIN_LETTERS = 5  # "yimi" (乙醚) alone is too short to trust in Latin text
_MAX_PINYIN_WORDS = 8
_skeleton = lru_cache(maxsize=100_000)(skeleton)  # words recur from item to item ("kg", "drums")
# Cost of a substituted character for the score: it reads or looks the same, so it counts half; a shape-alike
# one costs up to _RANK_COST more the further down the character's list of alikes (best first) it stands, so
# that of two names a window could be, the one it looks more like wins (错酸酐: 醋酸酐 rather than 铬酸酐).
_SUBSTITUTE_COST = 0.5
_RANK_COST = 0.25
_NEAR_SOUND_COST = 0.25  # a near sound (z/zh, en/eng…) is a less certain slip than the same sound
# A name this short with a wrong character counts only beside words, spaces, digits or punctuation (仲丁通
# in a pesticide list is no 丁酮); with a look-alike character, a name of three as well: a misreading inside a
# run of chemistry fragments is too easily another name (环丙酰草胺 holds no 丙酰苯, 甲基氯膦酸 no 甲基氰).
_SHORT_NAME = 2
_SHORT_NAME_SHAPE = 3


def _no_word(_: str) -> bool:
    return False


def _first(
    ch: str, by_char: Mapping[str, list[AlikeName]], by_syllable: Mapping[str, list[AlikeName]]
) -> tuple[AlikeName, ...]:
    found = list(by_char.get(ch, ()))
    for r in readings(ch):
        found += by_syllable.get(r, ())
    return tuple(dict.fromkeys(found))


@dataclass
class AlikeIndex:
    shape_alike: Mapping[str, frozenset[str]]  # a name's character -> characters of the same shape
    # (name's character, alike) -> its place in the character's list, 0 (most alike) to 1
    shape_rank: Mapping[tuple[str, str], float] = field(default_factory=dict)
    # characters of chemical nomenclature: a word made with one is no boundary beside a short name
    chemistry: frozenset[str] = frozenset()
    # naming markers (基, 代, 氯…: zh_naming.yaml): written in place of a name's character, they make another
    # compound's name (甲胺基 is a methylamino group, not 甲胺盐), never a slip
    markers: frozenset[str] = frozenset()
    # near sounds (zh_naming.yaml): (spelling, heard as) of initials and of finals
    near_initials: tuple[tuple[str, str], ...] = ()
    near_finals: tuple[tuple[str, str], ...] = ()
    # the names spelt in another script (app/screening/han_spelt.py): pinyin ("yimi" too short alone), all-
    # Chinese names in Palladius Cyrillic (han_readings.fold_palladius: "ими" too short alone), and those
    # Palladius spellings in Russian-style Latin (translit.skeleton of translit_ru)
    pinyin: Spellings[AlikeName] = field(default_factory=Spellings.empty)
    palladius: Spellings[AlikeName] = field(default_factory=Spellings.empty)
    palladius_latin: Spellings[AlikeName] = field(default_factory=Spellings.empty)
    names: frozenset[str] = frozenset()  # every indexed name: a name is no ordinary word
    by_syllable: dict[str, list[AlikeName]] = field(default_factory=lambda: defaultdict(list))
    by_char: dict[str, list[AlikeName]] = field(default_factory=lambda: defaultdict(list))
    # names with other characters too ("N-苯乙基-4-哌啶酮"): app/screening/han_mixed.py
    mixed: MixedNames = field(default_factory=MixedNames)
    # names with a character left out, swapped or typed twice (app/screening/han_slips.py)
    slips: SlipIndex | None = None
    # a salt's word straight after a name ("庥黄碱盐酸盐", "麦角亲碱马来酸盐"): a boundary, not a fragment
    salt_after: re.Pattern[str] = re.compile(r"(?!)")
    _by_key: dict[str, AlikeName] = field(default_factory=dict)
    _start_cache: dict[str, tuple[AlikeName, ...]] = field(default_factory=dict)
    _run_cache: dict[str, tuple[AlikeFound, ...]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        names: Iterable[tuple[str, object]],
        shape_alike: Mapping[str, Iterable[str]],
        chemistry: Iterable[str] = (),
        markers: Iterable[str] = (),
        never_left_out: Iterable[str] = (),
        salt_endings: Iterable[str] = (),
        near_sounds: tuple[Iterable[tuple[str, str]], Iterable[tuple[str, str]]] = ((), ()),
        kept: KeptAnswers[tuple[str, str], Any] | None = None,
    ) -> "AlikeIndex":
        """`names`: (normalised Chinese name, target) pairs; names of two or more Han characters count.
        `kept`: the names' readings kept between starts (KEPT_READINGS), asked of pypinyin when missing."""
        kept = kept if kept is not None else KeptAnswers(None)
        lists = {ch: list(alts) for ch, alts in shape_alike.items()}
        index = cls(
            {ch: frozenset(alts) for ch, alts in lists.items()},
            {(ch, a): i / len(alts) for ch, alts in lists.items() for i, a in enumerate(alts)},
            frozenset(chemistry),
            frozenset(markers),
        )
        index.near_initials, index.near_finals = tuple(near_sounds[0]), tuple(near_sounds[1])
        seen: set[str] = set()
        names = list(names)
        pinyin: list[tuple[str, AlikeName]] = []
        palladius: list[tuple[str, AlikeName]] = []
        for key, owner in names:
            han = sum(1 for c in key if is_han(c))
            if key in seen or han < 2:
                continue
            seen.add(key)
            name = AlikeName.of(key, owner, kept.answer(("syllables", key), partial(char_syllables, key)))
            index._by_key[key] = name
            by_char = index.by_char if han == len(key) else index.mixed.by_char
            if han == len(key):
                for syllable in {name.syllables[0], *readings(key[0])}:
                    index.by_syllable[syllable].append(name)
            for ch in {key[0], *index.shape_alike.get(key[0], ())}:
                by_char[ch].append(name)
            pinyin.append((pinyin_key(key, name.syllables), name))
            cyrillic = kept.answer(("palladius", key), partial(palladius_key, key))
            if cyrillic is not None:
                palladius.append((cyrillic, name))
        index.names = frozenset(seen)
        index.salt_after = salt_word(salt_endings)
        index.slips = SlipIndex.build(
            ((k, o) for k, o in names if sum(1 for c in k if is_han(c)) >= 2), never_left_out, salt_endings
        )
        index.mixed.finish()
        index.pinyin = Spellings.build(pinyin, _grow_pinyin, _MIN_PINYIN_LETTERS)
        index.palladius = Spellings.build(palladius, _grow_palladius, _MIN_PINYIN_LETTERS)
        index.palladius_latin = Spellings.build(
            ((skeleton(translit_ru(key)), name) for key, name in index.palladius.full.items()), _grow_skeleton
        )
        return index

    def _near_key(self, syllable: str) -> str:
        return near_sound_key(syllable, self.near_initials, self.near_finals)

    def _near_sound(self, ch: str, syllable: str) -> bool:
        """The character reads with a near sound of the name's syllable (zh_naming.yaml near_sound_*)."""
        if not syllable or not (self.near_initials or self.near_finals):
            return False
        key = self._near_key(syllable)
        return any(self._near_key(r) == key for r in readings(ch))

    def _alike(self, ch: str, name_ch: str, syllable: str) -> AlikeMethod | None:
        """Sound first: a character read as the name's is an input-method pick, whatever its shape. Any
        reading of the name's character counts (a writer may know 哌 by another reading than ours)."""
        own = readings(ch)
        if syllable in own or not own.isdisjoint(readings(name_ch)):
            return "sound_alike"
        if name_ch in self.shape_alike and ch in self.shape_alike[name_ch]:
            return "shape_alike"
        return None

    def find_han(
        self,
        text: str,
        cut: Callable[[str], Sequence[tuple[str, int, int]]],
        known_word: Callable[[str], bool],
    ) -> list[AlikeFound]:
        """Windows of the normalised text that are a Chinese name with one or a few wrong characters. Each run
        of Chinese characters is read once (runs recur: "塑料桶", "净重"); `cut` is the segmenter's cut of a
        run into words, `known_word` its dictionary."""
        out: list[AlikeFound] = []
        for m in HAN_RUN.finditer(text):
            run = m.group()
            found = self._run_cache.get(run)
            if found is None:
                if len(self._run_cache) >= _RUN_CACHE:
                    self._run_cache.clear()
                found = self._run_cache[run] = self._in_run(run, cut, known_word)
            out += [
                AlikeFound(f.start + m.start(), f.end + m.start(), f.name, f.method, f.score) for f in found
            ]
        return out

    def _in_run(
        self,
        run: str,
        cut: Callable[[str], Sequence[tuple[str, int, int]]],
        known_word: Callable[[str], bool],
    ) -> tuple[AlikeFound, ...]:
        words: WordsNear | None = None
        out: list[AlikeFound] = []
        size = len(run)
        for i, ch in enumerate(run):
            for name in self._starting(ch):
                key = name.key
                n = len(key)
                if i + n > size:
                    continue
                # cheap rejection first: enough of the name's own characters in place
                same = sum(map(eq, run[i : i + n], key))
                if same == n or n - same > name.most_substituted:
                    continue
                if words is None:
                    words = WordsNear(cut(run))
                found = self._check(run, i, name, words, known_word)
                if found is not None:
                    out.append(found)
        return tuple(out)

    def find_slips(
        self,
        text: str,
        cut: Callable[[str], Sequence[tuple[str, int, int]]],
        known_word: Callable[[str], bool],
    ) -> list[AlikeFound]:
        """Names with a character left out, swapped or typed twice (app/screening/han_slips.py)."""
        if self.slips is None:
            return []
        return [
            AlikeFound(f.start, f.end, self._by_key[f.key], "fuzzy", f.score)
            for f in self.slips.find(text, cut, known_word, self._bounded)
            if f.key in self._by_key
        ]

    def _starting(self, ch: str) -> tuple[AlikeName, ...]:
        """Names whose first character this one is, sounds like or looks like (cached per character)."""
        cached = self._start_cache.get(ch)
        if cached is None:
            cached = self._start_cache[ch] = _first(ch, self.by_char, self.by_syllable)
        return cached

    def find_mixed(
        self, text: str, tokens: Iterable[Token], known_word: Callable[[str], bool]
    ) -> list[AlikeFound]:
        """Names that hold other characters too ("1-苯墓-2-丙酮" for 1-苯基-2-丙酮), over the whole text."""
        if not self.mixed or not HAN_RUN.search(text):
            return []
        words: WordsNear | None = None
        out: list[AlikeFound] = []
        for i, names in self.mixed.windows(text):
            for name in names:
                key = name.key
                n = len(key)
                if i + n > len(text):
                    continue
                same = sum(map(eq, text[i : i + n], key))
                if same == n or n - same > name.most_substituted:
                    continue
                if words is None:
                    words = WordsNear((t.text, t.start, t.end) for t in tokens if t.kind == "han")
                # a locant before it ("4-派定酮") makes a systematic name: a real word inside (派定) is no
                # reason to doubt it
                word_test = _no_word if any(c.isdigit() for c in name.lead) else known_word
                found = self._check(text, i, name, words, word_test)
                if found is not None:
                    out.append(found)
        return out

    def _check(
        self,
        text: str,
        start: int,
        name: AlikeName,
        all_words: WordsNear,
        known_word: Callable[[str], bool],
    ) -> AlikeFound | None:
        end = start + len(name.key)
        if end > len(text):
            return None
        window = text[start:end]
        n = len(name.key)
        methods: list[AlikeMethod] = []
        substituted: list[int] = []
        cost = 0.0
        for k, (ch, name_ch) in enumerate(zip(window, name.key, strict=True)):
            if ch == name_ch:
                continue
            if ch in self.markers:
                return None
            alike = self._alike(ch, name_ch, name.syllables[k])
            if alike is None and k > 0 and self._near_sound(ch, name.syllables[k]):
                alike = "sound_alike"
                cost += _NEAR_SOUND_COST  # 高门酸钾: men for meng
            if alike is None:
                return None
            methods.append(alike)
            substituted.append(start + k)
            cost += _SUBSTITUTE_COST
            if alike == "shape_alike":
                cost += _RANK_COST * self.shape_rank.get((name_ch, ch), 1.0)
        if not substituted or len(substituted) > name.most_substituted:
            return None
        shapes = methods.count("shape_alike")
        if shapes > most_shape_substituted(sum(1 for syllable in name.syllables if syllable)):
            return None
        words = all_words.near(start, end)
        for word, w_start, w_end in words:
            if (w_start < start < w_end) or (w_start < end < w_end):
                return None  # the window cuts through a word: 醋酸纤|维
            holds_substitute = any(w_start <= p < w_end for p in substituted)
            inside = start <= w_start and w_end <= end
            if holds_substitute and inside and word not in self.names and known_word(word):
                return None  # a real word made of the substituted character
        if n <= (_SHORT_NAME_SHAPE if shapes else _SHORT_NAME) and not all(
            self._bounded(text, pos, words) or (pos == end and self.salt_after.match(text, pos))
            for pos in (start - 1, end)
            if 0 <= pos < len(text)
        ):
            return None  # a short name inside a run of chemistry fragments: 仲丁通, 乙嘧硫磷, 环丙酰草胺
        method: AlikeMethod = "shape_alike" if "shape_alike" in methods else "sound_alike"
        score = round(100.0 * (n - cost) / n, 2)
        return AlikeFound(start, end, name, method, score)

    def _bounded(self, text: str, pos: int, words: list[tuple[str, int, int]]) -> bool:
        """The character beside a window is no Chinese, or belongs to a word of two or more characters that is
        no fragment of a chemical's name (氯苯 before 甲腈 is part of 氯苯甲腈, not a word beside it)."""
        return not is_han(text[pos]) or any(
            w_start <= pos < w_end and word not in self.names and self.chemistry.isdisjoint(word)
            for word, w_start, w_end in words
        )

    def find_pinyin(self, text: str, tokens: Iterable[Token]) -> list[AlikeFound]:
        """Runs of Latin words, one or several, that spell a Chinese name in pinyin; numbers too: a name with
        locants is written "1-benji-2-bingtong" (1-苯基-2-丙酮)."""
        words = [t for t in tokens if t.kind in ("lat", "num")]
        found = self.pinyin.find(text, words, " -'’,", _MAX_PINYIN_WORDS)
        return [AlikeFound(f.start, f.end, f.name, "pinyin", 100.0, f.in_context) for f in found]

    def find_palladius(
        self, text: str, tokens: Iterable[Token], known_word: Callable[[str], bool]
    ) -> list[AlikeFound]:
        """Runs of Cyrillic words that spell a Chinese name in Palladius ("Исуань гань", "Гаомэнсуаньцзя"),
        and runs of Latin words that spell it in Russian-style Latin ("Tszyaben'", "Khuanchzhansu"); one real
        Russian word alone is that word ("ими" is "by them", not 乙醚)."""
        cyrillic = [t for t in tokens if t.kind == "cyr"]
        latin = [t for t in tokens if t.kind == "lat"]
        found = [
            *self.palladius.find(text, cyrillic, " -", _MAX_PINYIN_WORDS, known_word),
            *self.palladius_latin.find(text, latin, " -'’", _MAX_PINYIN_WORDS),
        ]
        return [AlikeFound(f.start, f.end, f.name, "palladius", 100.0, f.in_context) for f in found]


def _grow_pinyin(joined: str, word: str) -> str:
    return joined + fold_pinyin(word)


def _grow_palladius(joined: str, word: str) -> str:
    return joined + fold_palladius(word)


def _grow_skeleton(joined: str, word: str) -> str:
    return _skeleton(joined + word)
