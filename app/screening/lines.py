"""Several goods in one description: the spans of its goods lines, in the original text.

A paste from a paper declaration holds numbered lines ("1. 男式棉衬衫 … 2. 醋酸酐 … 3. 玉米油 …", "1) …;
2) …", "①…②…", "一、…二、…", and the data's templates: "Line 1: … Line 2: …", "Поз. 1 …", "第1项 …") or one
goods per line. Each line is screened as goods of its own, so its numbers stay with its goods. A line
without figures of its own (a heading, or a name wrapped onto the next line: "1. 品名：甲" before
"苯 纯度：99.9%", "3,4-亚甲基二氧" before "苯基-2-丙酮 25KG") joins the line after it; a line that does
not start with a number joins the numbered line before it.
"""

import importlib
import itertools
import re
from dataclasses import dataclass
from functools import cache
from types import ModuleType

# A goods number: "1.", "2)", "3、", "(4)", "（5）", "⑥", "一、", at the start or after a space or a
# separator, and not a decimal ("1.5") nor a part of a code ("15W-40"); or one of the data's templates
# ("Line 2:", "Поз. 3", "第4项").
_BOUNDARY = r"(?:^|(?<=[\s;；,，。:：]))"
_MARKER = (
    rf"(?:{_BOUNDARY}(?:([1-9]\d?)\s?[.)、．）](?!\d)|[(（]([1-9]\d?)[)）]|([一二三四五六七八九十]{{1,3}})、)"
    r"|([\u2460-\u2473]))"  # a circled number may touch the word before it
)
_DIGIT = re.compile(r"\d")
# The first test of every description, a substring test per character (cheaper than a pattern's search): the
# semicolons, the line breaks and what a first goods number holds ("1", "①", "一").
_SEMICOLONS = (";", "；")
_LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029", "\v", "\f")
_ONES = ("1", "\u2460", "一")
_NEWLINE = re.compile(r"\r\n|[" + "".join(_LINE_BREAKS) + "]")
_SEMICOLON = re.compile("[" + "".join(_SEMICOLONS) + "]")
# a part that begins with a word (not a number, not a sign)
_WORD_START = re.compile(r"\s*[^\W\d_]")


def _template(text: str, whole_word: bool = True) -> str:
    """A marker template ("line N", "第N项") as a regex: N the number, spaces flexible, Latin and Cyrillic
    words whole (unless not `whole_word`: for a cheaper test that finds at least as much)."""
    before, _, after = text.partition("N")
    parts = [re.escape(before.strip()).replace(r"\ ", r"\s*"), r"\s*([1-9]\d?)\s*"]
    parts.append(re.escape(after.strip()))
    body = "".join(parts)
    if whole_word and ((before[:1].isalpha() and before[:1].isascii()) or "\u0400" <= before[:1] <= "\u04ff"):
        body = r"(?<![^\W\d_])" + body
    return body + r"(?:\s*[.:：)）、-])?(?=\s|[^\W\d_])"


def marker_pattern(templates: list[str]) -> "re.Pattern[str]":
    """A goods line's own number written with a marker word ("Item 2 —", "Поз. 4", "第3项"), at a line's
    start."""
    words = "|".join(_template(t) for t in templates)
    return re.compile(rf"\s*(?:{words})\s*[—–-]?" if words else r"(?!)", re.IGNORECASE)


@dataclass(frozen=True)
class GoodsLines:
    """Finds the goods lines of a description; built once from the marker templates of cargo_terms.yaml."""

    marker: re.Pattern[str]
    first: re.Pattern[str]  # a first goods number, the cheap test before reading the markers
    # a field line of a declaration laid out one field per line ("Net weight (kg): 12 640", "包装：200升铁桶")
    field: re.Pattern[str]
    label_start: re.Pattern[str]  # a part that begins with a label, a unit or a packaging word: no goods
    # what every first goods number shows, wherever it stands: the cheaper test before `first`
    first_hint: re.Pattern[str] = re.compile(r"(?!)")

    @classmethod
    def build(cls, templates: list[str], labels: list[str]) -> "GoodsLines":
        """`templates`: the goods numbers ("line N"); `labels`: words that begin a field line."""
        words = "|".join(_template(t) for t in templates)
        words = rf"|{_BOUNDARY}(?:{words})" if words else ""
        first = rf"{_BOUNDARY}(?:1\s?[.)、．）](?!\d)|[(（]1[)）]|一、)|\u2460"
        first_words = "|".join(_template(t).replace(r"([1-9]\d?)", "(1)") for t in templates)
        first_words = rf"|{_BOUNDARY}(?:{first_words})" if first_words else ""
        # the same without the boundaries before them: every branch starts with what it must show, so re skips
        # to those characters (the boundaries, look-behinds, would have it try every position)
        hint = r"1\s?[.)、．）](?!\d)|[(（]1[)）]|一、|\u2460"
        hint += "".join("|" + _template(t, whole_word=False).replace(r"([1-9]\d?)", "(1)") for t in templates)
        field, label = _field_pattern(labels)
        return cls(
            re.compile(_MARKER + words, re.IGNORECASE),
            re.compile(first + first_words, re.IGNORECASE),
            re.compile(field, re.IGNORECASE),
            re.compile(label, re.IGNORECASE),
            re.compile(hint, re.IGNORECASE),
        )

    def __call__(self, text: str) -> list[tuple[int, int]]:
        """The spans of the goods lines of a description; none when it holds one goods."""
        if (
            not _holds_any(text, _SEMICOLONS)
            and not _holds_any(text, _LINE_BREAKS)
            and (
                not _holds_any(text, _ONES)
                or self.first_hint.search(text) is None
                or self.first.search(text) is None
            )
        ):
            return []  # the usual case: no goods numbered 1, no line break, no semicolon
        starts = self._numbered(text) or self._by_newline(text) or self._by_semicolon(text)
        bounds = [*starts, len(text)]
        if starts and starts[0] > 0 and _DIGIT.search(text[: starts[0]]) is None:
            bounds[0] = 0  # a heading before the first number belongs to it
        elif starts and starts[0] > 0:
            bounds.insert(0, 0)
        spans = [_trimmed(text, a, b) for a, b in itertools.pairwise(bounds)]
        return [s for s in spans if s is not None]

    def _numbered(self, text: str) -> list[int]:
        """Starts of goods numbered 1, 2, 3 … in order (at least two), or []."""
        starts: list[int] = []
        for m in self.marker.finditer(text):
            if _number(m) == len(starts) + 1:
                starts.append(m.start())
        return starts if len(starts) >= 2 else []

    def _by_semicolon(self, text: str) -> list[int]:
        """Goods separated by semicolons, each part naming its goods and its own figures
        ("乙二醇 净重230公斤/桶×80桶；二乙二醇 净重235公斤/桶×40桶"). A part that begins with a number, a
        label, a unit or a packaging word ("; net 12,640 kg", "；规格：…", "; 200 L drums") or holds no digit
        belongs to the goods before it."""
        starts: list[int] = []
        pos = 0
        for m in [*_SEMICOLON.finditer(text), None]:
            end = m.start() if m else len(text)
            part = text[pos:end]
            goods = _WORD_START.match(part) and not self.label_start.match(part) and _DIGIT.search(part)
            if goods or not starts:
                starts.append(pos)
            pos = m.end() if m else len(text)
        if len(starts) < 2 or not _DIGIT.search(text[: starts[1]]):
            return []  # a first part without figures is a heading of the goods after it
        return starts

    def _by_newline(self, text: str) -> list[int]:
        """Starts of goods lines separated by newlines, a line without figures joined to the next, a field
        line ("Packaging: 160 L drums") to the goods before it; [] for one goods."""
        if _NEWLINE.search(text) is None:
            return []
        starts: list[int] = []
        pending: int | None = None  # start of a digitless line waiting for the next one
        pos = 0
        previous = ""
        for m in [*_NEWLINE.finditer(text), None]:
            end = m.start() if m else len(text)
            line = text[pos:end]
            if starts and _CONTINUED.search(previous) and _CONTINUES.match(line):
                # a word broken at the line end ("1-phenyl-2-pro-\npanone"): the line goes on with the goods
                # before it
                previous, pos = line, m.end() if m else len(text)
                continue
            previous = line
            if line.strip() and (self.field.match(line) is None or not (starts or pending is not None)):
                begin = pending if pending is not None else pos
                if _FIGURE.search(_LEADING_NUMBER.sub("", line, count=1)):
                    starts.append(begin)
                    pending = None
                elif pending is None:
                    pending = pos
            pos = m.end() if m else len(text)
        return starts if len(starts) >= 2 else []


# A figure of the goods, not a locant of a name ("3,4-亚甲基二氧", "2-", "N-"): a line whose only digits are
# locants or its own goods number ("1. 品名：甲") has no figures of its own and joins the line after it.
_FIGURE = re.compile(r"\d(?![\d,'.]*-)")
_LEADING_NUMBER = re.compile(r"^\s*(?:[1-9]\d?\s?[.)、．）]|[(（][1-9]\d?[)）])")

# A line ending in a word cut by a hyphen, and the next beginning with the rest of the word in lower case.
_CONTINUED = re.compile(r"[^\W\d_]-\s*$")
_CONTINUES = re.compile(r"\s*[a-zа-яё]")


def _field_pattern(labels: list[str]) -> tuple[str, str]:
    """A line that begins with a label and a colon within a few words: "Net weight (kg): 12 640", "Объём, л:
    16 000", "桶数：80". Latin and Cyrillic labels are whole words; one letter ("L", "т") is no label."""
    if not labels:
        return r"(?!)", r"(?!)"
    words = []
    for w in sorted({w for w in labels if len(w) > 1}, key=len, reverse=True):
        body = re.escape(w).replace(r"\ ", r"\s+").replace("е", "[её]")
        words.append(body + (r"(?![^\W\d_])" if w[-1:].isascii() or "\u0400" <= w[-1:] <= "\u04ff" else ""))
    label = rf"\s*(?:{'|'.join(words)})"
    return rf"{label}[^:：\n\d]{{0,24}}[:：]", label


def _number(m: re.Match[str]) -> int:
    if m.group(4):
        return ord(m.group(4)) - 0x2460 + 1
    if m.group(3):
        try:
            return int(chinese_numerals().cn2an(m.group(3), "strict"))
        except ValueError:
            return 0  # "二二": no numeral
    digits = next(g for g in m.groups() if g and g[0].isdigit())
    return int(digits)


@cache
def chinese_numerals() -> ModuleType:
    """cn2an, imported the first time a goods number is written in Chinese numerals ("二、"), or beside
    start-up (app/main.py): its import compiles patterns for 0.15 s a worker need not wait for at start-up."""
    return importlib.import_module("cn2an")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in ";；,，"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ";；,，"):
        end -= 1
    return (start, end) if end > start else None


def _holds_any(text: str, chars: tuple[str, ...]) -> bool:
    for ch in chars:  # noqa: SIM110 (a generator costs more than the few characters)
        if ch in text:
            return True
    return False
