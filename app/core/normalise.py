"""Stage 1: original text -> normalised text, with a map from every normalised character back to the original.

Each pass rewrites the text character by character (or drops characters) and carries the offsets along, so a
span found in the normalised text always maps back to the span of the description the user sent.
"""

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache

import opencc

from app.core.types import Normalised

_T2S = opencc.OpenCC("t2s")
_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

# Latin letters that look like Cyrillic ones, and back. Only used inside words that mix both scripts.
_LAT_TO_CYR = dict(zip("ABCEHKMOPTXYaceopxyk", "АВСЕНКМОРТХУасеорхук", strict=True))
_CYR_TO_LAT = dict(zip("АВСЕНКМОРТХУасеорхуіјѕк", "ABCEHKMOPTXYaceopxyijsk", strict=True))

# Characters that hide inside words: zero-width spaces and joiners, soft hyphen, BOM, bidi marks.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f"}
# Separators dropped between two Chinese characters ("醋 酸 酐", "醋-酸-酐", "醋·酸·酐").

# A word for look-alike folding: a run of Latin and Cyrillic letters (Chinese characters end it).
_WORD_RE = re.compile(r"[A-Za-z\u0400-\u04ff]+")
_YO = str.maketrans("ёЁ", "еЕ")
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# "/" is not among them: "200升/桶" means per drum; nor "|", which ends a field of 申报要素 ("…溶剂|成分…"); a
# "+" joins only when it touches both ("醋+酸+酐"): "甲苯 + 丙酮" lists two goods (toluene and acetone, not
# phenylacetone's 苯丙酮).
# A run of spaces counts as one separator, as it will be once collapsed (normalising twice changes nothing).
# (the Chinese character before is matched, not looked behind at, so re skips to Chinese characters; group 1
# is the separator)
_HAN_SEPARATOR_RE = re.compile(rf"[{_HAN_CLASS}]((?: +|[\-_.·•・*~'\"]){{1,3}}|\+)(?=[{_HAN_CLASS}])")
# A word spelled out letter by letter: at least four single letters (not Chinese), one separator apart.
_LETTER = rf"(?:(?![{_HAN_CLASS}])[^\W\d_])"
_SPACED_RE = re.compile(rf"(?<![^\W_]){_LETTER}(?:[ \-.·_*]{_LETTER}){{3,}}(?![^\W_])")
# what every such word holds, a letter between two separators, found at C speed (most texts: nowhere)
_SPACED_HINT_RE = re.compile(r"[ \-.·_*][^\W\d_][ \-.·_*]")
# A word broken at a line end with a hyphen, its rest in the same case on the next line ("Пипери-\nдин");
# pass 1 has made the line end a space, so the original says whether there was one.
_LINE_END_HYPHEN_RE = re.compile(r"(?<=[^\W\d_])- +(?=[a-zа-яё])|(?<=[A-ZА-ЯЁ])- +(?=[A-ZА-ЯЁ])")
# A name with locants broken after a hyphen ("N-苯乙基-4-\n哌啶酮"): the line end goes, the hyphen stays.
_LINE_END_LOCANT_RE = re.compile(rf"(?<=[\w)]-) +(?=[{_HAN_CLASS}])")
# A space after the hyphen of a locant inside a Chinese name ("1-苯基-2- 丙酮"): the name goes on.
_LOCANT_SPACE_RE = re.compile(rf"[{_HAN_CLASS}]-[\d,']{{1,5}}-( +)(?=[{_HAN_CLASS}])")


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


# A Chinese character as is_han tells one, found at C speed (is a text written in Chinese at all?)
HAN_CHAR_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def is_latin(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


class _Builder:
    """Accumulates output characters with the original span each one came from."""

    __slots__ = ("chars", "ends", "starts")

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def build(self, original: str) -> Normalised:
        return Normalised(original, "".join(self.chars), tuple(self.starts), tuple(self.ends))


def _fold(
    src: Normalised, table: dict[int, str], mapped: re.Pattern[str], fold_char: Callable[[str], str]
) -> Normalised:
    """Pass 5 on the whole string when case folding keeps the length (it almost always does). `mapped` finds
    a character of the `table`: most texts have none, and translate() costs more than the search."""
    folded = src.text.casefold()
    if len(folded) == len(src.text):
        if mapped.search(folded):
            folded = folded.translate(table)
        if unicodedata.is_normalized("NFKC", folded):
            return Normalised(src.original, folded, src.starts, src.ends)
    return _map_chars(src, fold_char)


def _map_chars(src: Normalised, fn: Callable[[str], str]) -> Normalised:
    out = _Builder()
    for ch, s, e in zip(src.text, src.starts, src.ends, strict=True):
        out.add(fn(ch), s, e)
    return out.build(src.original)


def _identity(text: str) -> Normalised:
    return Normalised(text, text, range(len(text)), range(1, len(text) + 1))


_CHAR_FOLDS_KEPT = 20_000  # characters whose fold is remembered


class _CharFolds(dict[int, str]):
    """A character's NFKC without combining marks (what pass 1 makes of a character alone), worked out when
    first met: str.translate's table."""

    def __init__(self) -> None:
        super().__init__()
        self.uneven: set[str] = set()  # characters that fold to none or to several ("½", "㎏")

    def __missing__(self, code: int) -> str:
        if len(self) >= _CHAR_FOLDS_KEPT:
            self.clear()  # a text of every character there is must not grow it without end (`uneven` stays)
        ch = chr(code)
        folded = "".join(c for c in unicodedata.normalize("NFKC", ch) if not unicodedata.combining(c))
        if len(folded) != 1:
            self.uneven.add(ch)
        self[code] = folded
        return folded


_CHAR_FOLDS = _CharFolds()


def _clusters(text: str) -> Normalised:
    """Pass 1: NFKC per base character with its combining marks; invisible and control characters dropped."""
    if text.isascii() and text.isprintable():
        return _identity(text)  # printable ASCII is NFKC already and has no combining marks
    if text.isprintable() and not _COMBINING_RE.search(text):
        if unicodedata.is_normalized("NFKC", text):
            return _identity(text)  # the usual case: nothing to do, and no loop over characters
        # full-width marks ("（", "，", "："): each character folds on its own, at C speed, and where each
        # folds to one the offsets stay one to one
        folded = text.translate(_CHAR_FOLDS)
        if _CHAR_FOLDS.uneven.isdisjoint(text):
            return Normalised(text, folded, range(len(text)), range(1, len(text) + 1))
    out = _Builder()
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        ch = cluster[0]
        if ch in _INVISIBLE:
            pass
        elif ch in "\t\n\r\v\f\u2028\u2029":
            out.add(" ", i, j)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            pass
        else:
            # A mark NFKC composes into its letter stays (й, é); a stray one (a Russian stress mark, "ацето́н")
            # is dropped: it says nothing about the word.
            composed = unicodedata.normalize("NFKC", cluster)
            out.add("".join(c for c in composed if not unicodedata.combining(c)), i, j)
        i = j
    return out.build(text)


@lru_cache(maxsize=65536)  # words recur from text to text
def _fold_lookalikes(word: str) -> str:
    """In a word mixing Latin and Cyrillic letters, rewrite the look-alikes into the word's main script."""
    cyr = sum(1 for c in word if is_cyrillic(c))
    lat = sum(1 for c in word if is_latin(c))
    if not cyr or not lat:
        return word
    cyr_only = sum(1 for c in word if is_cyrillic(c) and c not in _CYR_TO_LAT)
    lat_only = sum(1 for c in word if is_latin(c) and c not in _LAT_TO_CYR)
    if cyr_only != lat_only:
        to_cyrillic = cyr_only > lat_only
    elif cyr != lat:
        to_cyrillic = cyr > lat
    else:
        return word
    table = _LAT_TO_CYR if to_cyrillic else _CYR_TO_LAT
    return "".join(table.get(c, c) for c in word)


@lru_cache(maxsize=65536)
def _script_of(word: str) -> str | None:
    """'lat' or 'cyr' when the word has a letter found only in that script, else None."""
    if any(is_cyrillic(c) and c not in _CYR_TO_LAT for c in word):
        return "cyr"
    if any(is_latin(c) and c not in _LAT_TO_CYR for c in word):
        return "lat"
    return None


def _lookalikes(src: Normalised) -> Normalised:
    """Passes 3 and 6 (1:1, so offsets are unchanged): fold look-alike letters word by word.

    A word made only of letters that exist in both scripts ("МЕК" typed in Cyrillic) takes the script of its
    neighbours when they agree on one, unless it is hyphenated into a compound name ("1-Boc-4-пиперидон")."""
    # ё -> е first: ё has no Latin twin, е has, and folding it later would leave work for a second pass.
    text = src.text
    if "ё" in text or "Ё" in text:
        text = text.translate(_YO)
    if not (_CYRILLIC_RE.search(text) and _LATIN_RE.search(text)):
        return src if text == src.text else Normalised(src.original, text, src.starts, src.ends)
    words = list(_WORD_RE.finditer(text))
    scripts = [_script_of(m.group()) for m in words]
    pieces: list[str] = []
    last = 0
    for i, m in enumerate(words):
        word = _fold_lookalikes(m.group())
        joined = (m.start() > 0 and text[m.start() - 1] in "-_") or (
            m.end() < len(text) and text[m.end()] in "-_"
        )
        if scripts[i] is None and not joined:
            near = {
                s
                for s in (scripts[i - 1] if i else None, scripts[i + 1] if i + 1 < len(words) else None)
                if s
            }
            if len(near) == 1:
                table = _CYR_TO_LAT if near == {"lat"} else _LAT_TO_CYR
                word = "".join(table.get(c, c) for c in word)
        pieces.append(text[last : m.start()])
        pieces.append(word)
        last = m.end()
    pieces.append(text[last:])
    folded = "".join(pieces)
    if folded == text:
        return src
    return Normalised(src.original, folded, src.starts, src.ends)


def _simplified(src: Normalised) -> Normalised:
    """Pass 4: traditional -> simplified Chinese, run by run so OpenCC sees words (乾燥 vs 乾隆), kept only
    where it keeps the length (it does for t2s), so offsets stay one to one."""
    text = src.text
    if text.isascii():
        return src  # no Chinese
    pieces: list[str] = []
    last = 0
    for m in _HAN_RUN_RE.finditer(text):
        run = m.group()
        converted = _convert_run(run)
        pieces.append(text[last : m.start()])
        pieces.append(converted if len(converted) == len(run) else run)
        last = m.end()
    if not pieces:
        return src
    pieces.append(text[last:])
    return Normalised(src.original, "".join(pieces), src.starts, src.ends)


@lru_cache(maxsize=65536)
def _convert_run(run: str) -> str:
    return str(_T2S.convert(run))


def _spacing(src: Normalised) -> Normalised:
    """Pass 2: collapse white space, drop separators inside spaced-out Chinese names and spaced-out words."""
    text = src.text
    drop: set[int] = set()
    chinese = not text.isascii()  # the patterns of separators between Chinese characters need one
    for m in _HAN_SEPARATOR_RE.finditer(text) if chinese else ():
        drop.update(range(m.start(1), m.end(1)))
    for m in _SPACED_RE.finditer(text) if _SPACED_HINT_RE.search(text) else ():
        drop.update(range(m.start() + 1, m.end(), 2))
    for m in _LOCANT_SPACE_RE.finditer(text) if chinese else ():
        drop.update(range(m.start(1), m.end(1)))
    if "\n" in src.original:
        for pattern in (_LINE_END_HYPHEN_RE, _LINE_END_LOCANT_RE):
            for m in pattern.finditer(text):
                if "\n" in src.original[src.starts[m.start()] : src.starts[m.end()]]:
                    drop.update(range(m.start(), m.end()))
    # white space already tidy (single spaces inside only): split and joined, the text is itself
    if not drop and " ".join(text.split()) == text:
        return src
    kept = [i for i in range(len(text)) if i not in drop]
    chars = "".join([text[i] for i in kept])
    if " ".join(chars.split()) != chars:  # white space to collapse or trim, or other than a space
        kept, chars = _tidy(text, kept)
    return Normalised(src.original, chars, [src.starts[i] for i in kept], [src.ends[i] for i in kept])


def _tidy(text: str, kept: list[int]) -> tuple[list[int], str]:
    """Of the kept characters, a run of white space as one space, none at either end."""
    keep: list[int] = []
    prev_space = True  # also strips leading white space
    for i in kept:
        if text[i].isspace():
            if prev_space:
                continue
            prev_space = True
        else:
            prev_space = False
        keep.append(i)
    if keep and text[keep[-1]].isspace():
        keep.pop()
    return keep, "".join(" " if text[i].isspace() else text[i] for i in keep)


class Normaliser:
    """The normalisation of the screening, with the lexicon's table of variant Chinese characters
    (app/lexicon/han_variants.yaml, read and validated by the lexicon loader): build one per lexicon, so a
    reload changes the table together with the names it was applied to."""

    def __init__(self, han_variants: Mapping[str, str] | None = None) -> None:
        self.han_variants = dict(han_variants or {})
        self._table = str.maketrans({"ё": "е", **self.han_variants})
        self._mapped = re.compile("[" + "".join(re.escape(chr(c)) for c in self._table) + "]")
        self._fold_char = lru_cache(maxsize=65536)(self._fold_one)
        self._memo: dict[str, Normalised] | None = None  # while remembering(): names asked for again

    @contextmanager
    def remembering(self) -> Iterator[None]:
        """While the data is loaded and indexed: every index normalises the same names again (about 38,000
        calls for 7,300 names); each is done once. Not for descriptions: screening remembers nothing here."""
        self._memo = {}
        try:
            yield
        finally:
            self._memo = None

    def _fold_one(self, ch: str) -> str:
        """Pass 5, character by character: case folding and ё -> е (Chinese was done by pass 4)."""
        if is_han(ch):
            return self.han_variants.get(ch, ch)
        folded = unicodedata.normalize("NFKC", ch.casefold())
        return folded.replace("ё", "е")

    def __call__(self, text: str) -> Normalised:
        """NFKC, look-alike letters, case folding, ё, traditional Chinese, spacing: see the module doc."""
        memo = self._memo
        if memo is not None:
            if text not in memo:
                memo[text] = self._normalise(text)
            return memo[text]
        return self._normalise(text)

    def _normalise(self, text: str) -> Normalised:
        result = _clusters(text)
        # Spacing first: joining "а ц е т о н" or "醋-酸-酐" changes what the words are.
        result = _spacing(result)
        result = _lookalikes(result)
        result = _simplified(result)
        result = _fold(result, self._table, self._mapped, self._fold_char)
        # Again on the folded text: which letters are ambiguous depends on case ("aТ" is, "aт" is not), so a
        # second look keeps normalise(normalise(x)) == normalise(x).
        return _lookalikes(result)


# Without variant characters: for keys that only need to compare alike (crossing names) and for tests of the
# passes themselves. The screening uses its lexicon's Normaliser.
normalise = Normaliser()
