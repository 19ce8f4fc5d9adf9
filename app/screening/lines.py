"""Several goods in one description: the spans of its goods lines, in the original text.

A paste from a paper declaration holds numbered lines ("1. 男式棉衬衫 … 2. 醋酸酐 … 3. 玉米油 …", "1) …;
2) …", "①…②…", "一、…二、…", and the data's templates: "Line 1: … Line 2: …", "Поз. 1 …", "第1项 …") or one
goods per line. Each line is screened as goods of its own, so its numbers stay with its goods. A line
without a digit (a heading, or a name wrapped onto the next line) joins the line after it; a line that does
not start with a number joins the numbered line before it.
"""

import itertools
import re
from dataclasses import dataclass

import cn2an

# A goods number: "1.", "2)", "3、", "(4)", "（5）", "⑥", "一、", at the start or after a space or a
# separator, and not a decimal ("1.5") nor a part of a code ("15W-40"); or one of the data's templates
# ("Line 2:", "Поз. 3", "第4项").
_BOUNDARY = r"(?:^|(?<=[\s;；,，。:：]))"
_MARKER = (
    rf"(?:{_BOUNDARY}(?:([1-9]\d?)\s?[.)、．）](?!\d)|[(（]([1-9]\d?)[)）]|([一二三四五六七八九十]{{1,3}})、)"
    r"|([\u2460-\u2473]))"  # a circled number may touch the word before it
)
_NEWLINE = re.compile(r"\r\n|[\n\r\u2028\u2029\v\f]")
_DIGIT = re.compile(r"\d")


def _template(text: str) -> str:
    """A marker template ("line N", "第N项") as a regex: N the number, spaces flexible, Latin and Cyrillic
    words whole."""
    before, _, after = text.partition("N")
    parts = [re.escape(before.strip()).replace(r"\ ", r"\s*"), r"\s*([1-9]\d?)\s*"]
    parts.append(re.escape(after.strip()))
    body = "".join(parts)
    if (before[:1].isalpha() and before[:1].isascii()) or "\u0400" <= before[:1] <= "\u04ff":
        body = r"(?<![^\W\d_])" + body
    return body + r"(?:\s*[.:：)）、-])?(?=\s|[^\W\d_])"


@dataclass(frozen=True)
class GoodsLines:
    """Finds the goods lines of a description; built once from the marker templates of cargo_terms.yaml."""

    marker: re.Pattern[str]
    first: re.Pattern[str]  # a first goods number, the cheap test before reading the markers

    @classmethod
    def build(cls, templates: list[str]) -> "GoodsLines":
        words = "|".join(_template(t) for t in templates)
        words = rf"|{_BOUNDARY}(?:{words})" if words else ""
        first = rf"{_BOUNDARY}(?:1\s?[.)、．）](?!\d)|[(（]1[)）]|一、)|\u2460"
        first_words = "|".join(_template(t).replace(r"([1-9]\d?)", "(1)") for t in templates)
        first_words = rf"|{_BOUNDARY}(?:{first_words})" if first_words else ""
        return cls(re.compile(_MARKER + words, re.IGNORECASE), re.compile(first + first_words, re.IGNORECASE))

    def __call__(self, text: str) -> list[tuple[int, int]]:
        """The spans of the goods lines of a description; none when it holds one goods."""
        if self.first.search(text) is None and _NEWLINE.search(text) is None:
            return []  # the usual case: no goods numbered 1, no line break
        starts = self._numbered(text)
        if not starts:
            starts = _by_newline(text)
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


def _number(m: re.Match[str]) -> int:
    if m.group(4):
        return ord(m.group(4)) - 0x2460 + 1
    if m.group(3):
        try:
            return int(cn2an.cn2an(m.group(3), "strict"))
        except ValueError:
            return 0  # "二二": no numeral
    digits = next(g for g in m.groups() if g and g[0].isdigit())
    return int(digits)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or text[start] in ";；,，"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ";；,，"):
        end -= 1
    return (start, end) if end > start else None


def _by_newline(text: str) -> list[int]:
    """Starts of goods lines separated by newlines, a digitless line joined to the next; [] for one goods."""
    if _NEWLINE.search(text) is None:
        return []
    starts: list[int] = []
    pending: int | None = None  # start of a digitless line waiting for the next one
    pos = 0
    for m in [*_NEWLINE.finditer(text), None]:
        end = m.start() if m else len(text)
        line = text[pos:end]
        if line.strip():
            begin = pending if pending is not None else pos
            if _DIGIT.search(line):
                starts.append(begin)
                pending = None
            elif pending is None:
                pending = pos
        pos = m.end() if m else len(text)
    return starts if len(starts) >= 2 else []
