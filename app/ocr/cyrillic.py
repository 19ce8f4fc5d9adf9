"""Russian lines read again by Tesseract (Debian's `tesseract-ocr` with its `tesseract-ocr-rus` model), when
the system has it: RapidOCR's models have no Cyrillic and read "Уксусный ангидрид" as "ykcycHbI aHrμpμ".

Every line read without Chinese characters is cut out of the photo, turned upright, and the cuts are stacked
on one white page that Tesseract reads in one call (Russian and English, one thread); a line whose new
reading is Cyrillic takes it, an English line keeps RapidOCR's. Without Tesseract or its Russian model the
lines stay as RapidOCR read them (the README says Russian photos then are not read).
"""

import csv
import io
import math
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import Image

from app.core.normalise import is_cyrillic, is_han
from app.ocr.images import UPRIGHT
from app.ocr.order import Box, Line, Orientation, skew

_GAP = 40  # white between stacked cuts, in pixels
_MIN_HEIGHT = 48  # cuts lower than this are enlarged: Tesseract reads letters about 30 px high best
# a page Tesseract reads whole with fewer Cyrillic letters than this is not read again line by line
_LATIN_PAGE = 0.05
_SECONDS = 20.0  # Tesseract's time limit for one photo's cuts


# what RapidOCR makes of Cyrillic: Latin look-alikes in mixed case ("KeHcKИe", "aHrμpμ"), digits for letters
# ("6o4K", "a1eT0H"), a stray Chinese character for ш ("山T"), Greek letters
_MISREAD = re.compile(r"[a-z][A-Z]|[0-9][a-zA-Z][0-9]|[a-zA-Z][0-9][a-z]|[\u0370-\u03ff\u0400-\u04ff]")
# RapidOCR reads English this surely or better (0.93-1.00 on the test set); misread Cyrillic mostly less
_SURE = 0.93


def _maybe_cyrillic(line: Line) -> bool:
    """A line worth reading again: letters, no Chinese but a stray character, and RapidOCR unsure of it or
    its text looking like misread Cyrillic."""
    letters = sum(c.isalpha() for c in line.text)
    han = sum(is_han(c) for c in line.text)
    if letters - han < 3 or han > 1:  # Chinese words on the line: Tesseract has no Chinese to read them
        return False
    return line.confidence < _SURE or han > 0 or _MISREAD.search(line.text) is not None


def cyrillic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if is_cyrillic(c)) / len(letters) if letters else 0.0


class CyrillicPass:
    def __init__(self, binary: str | None = None) -> None:
        self._binary = binary or shutil.which("tesseract")
        self._available: bool | None = None

    @property
    def available(self) -> bool:
        """Tesseract is installed with its Russian model (asked once)."""
        if self._available is None:
            self._available = False
            if self._binary:
                try:
                    langs = subprocess.run(
                        [self._binary, "--list-langs"],
                        capture_output=True,
                        text=True,
                        timeout=10,
                        check=False,
                    ).stdout.split()
                    self._available = "rus" in langs
                except (OSError, subprocess.SubprocessError):
                    pass
        return self._available

    def reread(self, image: Image.Image, lines: Sequence[Line], orientation: Orientation) -> list[Line]:
        """The lines, those without Chinese characters read again where Tesseract reads them as Cyrillic; a
        page of Russian (no Chinese line, most of its letters misread Cyrillic) read again whole, so that the
        lines RapidOCR did not even find are read too."""
        wanted = [i for i, line in enumerate(lines) if _maybe_cyrillic(line)]
        if not wanted or not self.available:
            return list(lines)
        if _russian_page(lines, wanted):
            tilt = skew([b for line in lines for b in line.boxes], orientation)
            whole = self._page(image, orientation, tilt)
            share = cyrillic_share(" ".join(line.text for line in whole)) if whole else None
            if share is not None and share >= 0.4:
                return whole
            if share is not None and share < _LATIN_PAGE:
                return list(lines)  # an unsure English page: no Russian on it whole, none line by line
        return self._lines(image, lines, orientation, wanted)

    def _lines(
        self, image: Image.Image, lines: Sequence[Line], orientation: Orientation, wanted: list[int]
    ) -> list[Line]:
        out = list(lines)
        cuts = [_cut(image, lines[i], orientation) for i in wanted]
        page, spans = _stack(cuts)
        words = self._words(page, "6")
        for i, (top, bottom) in zip(wanted, spans, strict=True):
            mine = sorted((w for w in words if top <= w.y < bottom), key=lambda w: w.x)
            text = " ".join(w.text for w in mine)
            if mine and cyrillic_share(text) >= 0.4:
                confidence = min(w.confidence for w in mine) / 100
                out[i] = replace(
                    lines[i], text=text, confidence=confidence, reread=True, letters=_letters(mine)
                )
        return out

    def _page(self, image: Image.Image, orientation: Orientation, tilt: float = 0.0) -> list[Line]:
        """The whole photo, the page turned upright and its tilt taken out, read by Tesseract: its lines in
        its reading order, each with the box around its words (in the photo's pixels)."""
        upright = image.convert("L")
        if orientation in UPRIGHT:
            upright = upright.transpose(UPRIGHT[orientation])
        level = upright.rotate(math.degrees(tilt), Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        grouped: dict[tuple[str, str, str], list[_Word]] = {}
        for w in self._words(level, "3"):
            grouped.setdefault(w.line, []).append(w)
        out = []
        for words in grouped.values():
            left = min(w.left for w in words)
            top = min(w.top for w in words)
            right = max(w.left + w.width for w in words)
            bottom = max(w.top + w.height for w in words)
            corners = tuple(
                _to_photo(_untilted(p, tilt, level.size, upright.size), orientation, image.size)
                for p in ((left, top), (right, top), (right, bottom), (left, bottom))
            )
            text = " ".join(w.text for w in words)
            confidence = min(w.confidence for w in words) / 100
            box = Box(corners, text, confidence)  # type: ignore[arg-type]
            out.append(Line(text, confidence, (box,), reread=True, letters=_letters(words)))
        return out

    def _words(self, page: Image.Image, psm: str) -> list["_Word"]:
        """Each word Tesseract reads on the page (Russian and English, page segmentation mode `psm`)."""
        buffer = io.BytesIO()
        page.save(buffer, "PNG")
        assert self._binary is not None
        try:
            done = subprocess.run(
                [self._binary, "stdin", "stdout", "-l", "rus+eng", "--psm", psm, "tsv"],
                input=buffer.getvalue(),
                capture_output=True,
                timeout=_SECONDS,
                check=False,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},
            )
        except (OSError, subprocess.SubprocessError):
            return []
        rows = csv.DictReader(
            io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
        )
        words = []
        for row in rows:
            text = (row.get("text") or "").strip()
            if row.get("level") != "5" or not text:
                continue
            words.append(
                _Word(
                    text,
                    float(row["conf"]),
                    float(row["left"]),
                    float(row["top"]),
                    float(row["width"]),
                    float(row["height"]),
                    (row["block_num"], row["par_num"], row["line_num"]),
                )
            )
        return words


@dataclass(frozen=True)
class _Word:
    text: str
    confidence: float  # 0-100
    left: float
    top: float
    width: float
    height: float
    line: tuple[str, str, str]  # Tesseract's block, paragraph and line

    @property
    def x(self) -> float:
        return self.left + self.width / 2

    @property
    def y(self) -> float:
        return self.top + self.height / 2


def _letters(words: Sequence[_Word]) -> tuple[float, ...]:
    """Tesseract's confidence in each word, for each of its characters (1 for the spaces between)."""
    out: list[float] = []
    for i, w in enumerate(words):
        out += [1.0] if i else []
        out += [w.confidence / 100] * len(w.text)
    return tuple(out)


def _russian_page(lines: Sequence[Line], wanted: list[int]) -> bool:
    """No line of Chinese, and most of the page's letters in lines that look like misread Cyrillic."""
    if any(sum(is_han(c) for c in line.text) >= 2 for line in lines):
        return False
    letters = [sum(c.isalpha() for c in line.text) for line in lines]
    return sum(letters[i] for i in wanted) * 2 >= sum(letters)


def _untilted(
    point: tuple[float, float], tilt: float, size: tuple[int, int], before: tuple[int, int]
) -> tuple[float, float]:
    """A point of the levelled page (the upright page turned back by its tilt, enlarged to hold it) on the
    upright page."""
    x, y = point[0] - size[0] / 2, point[1] - size[1] / 2
    cos, sin = math.cos(tilt), math.sin(tilt)
    return before[0] / 2 + x * cos - y * sin, before[1] / 2 + x * sin + y * cos


def _to_photo(point: tuple[float, float], o: Orientation, size: tuple[int, int]) -> tuple[float, float]:
    """A point of the page turned upright (UPRIGHT) back in the photo's pixels."""
    u, v = point
    width, height = size
    if o is Orientation.QUARTER_CLOCKWISE:  # turned back a quarter anticlockwise
        return width - 1 - v, u
    if o is Orientation.UPSIDE_DOWN:
        return width - 1 - u, height - 1 - v
    if o is Orientation.QUARTER_ANTICLOCKWISE:
        return v, height - 1 - u
    return u, v


def _cut(image: Image.Image, line: Line, orientation: Orientation) -> Image.Image:
    """The line's boxes cut out of the photo (their bounding rectangle, a little larger), turned upright."""
    xs = [x for b in line.boxes for x, _ in b.points]
    ys = [y for b in line.boxes for _, y in b.points]
    pad = 0.15 * min(max(xs) - min(xs), max(ys) - min(ys))
    box = (
        max(0, int(min(xs) - pad)),
        max(0, int(min(ys) - pad)),
        min(image.width, int(max(xs) + pad) + 1),
        min(image.height, int(max(ys) + pad) + 1),
    )
    cut = image.crop(box).convert("L")
    if orientation in UPRIGHT:
        cut = cut.transpose(UPRIGHT[orientation])
    if cut.height < _MIN_HEIGHT:
        factor = _MIN_HEIGHT / max(1, cut.height)
        cut = cut.resize((max(1, int(cut.width * factor)), _MIN_HEIGHT), Image.Resampling.LANCZOS)
    return cut


def _stack(cuts: Sequence[Image.Image]) -> tuple[Image.Image, list[tuple[float, float]]]:
    """The cuts one under another on a white page, and the vertical span that belongs to each."""
    width = max(c.width for c in cuts) + 2 * _GAP
    height = sum(c.height for c in cuts) + _GAP * (len(cuts) + 1)
    page = Image.new("L", (width, height), 255)
    spans = []
    y = _GAP
    for c in cuts:
        page.paste(c, (_GAP, y))
        spans.append((y - _GAP / 2, y + c.height + _GAP / 2))
        y += c.height + _GAP
    return page, spans
