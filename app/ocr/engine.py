"""Text recognition of a photo with RapidOCR (the `rapidocr-onnxruntime` wheel: PP-OCRv4 detection and
recognition models for Chinese and Latin script, a text-direction classifier, all inside the package, run
on onnxruntime on the CPU; nothing is downloaded). Loaded once, lazily, on the first photo: screening
start-up does not wait for it.

Cyrillic is not among the models' characters: a Russian line comes back as Latin look-alikes, and is read
again by Tesseract where the system has it (cyrillic.py).
"""

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PIL import Image

from app.core.normalise import is_han
from app.errors import ApiError
from app.ocr.cyrillic import CyrillicPass, cyrillic_share
from app.ocr.hooks import Letters, Turns
from app.ocr.order import Box, Line, Orientation, reading_order


@dataclass(frozen=True)
class Reading:
    text: str  # the lines, top to bottom, joined by newlines
    lines: tuple[Line, ...]
    orientation: Orientation
    language: str  # "zh", "ru", "en", or "" when nothing was read
    seconds: float


# Boxes read with less confidence are noise (a stain, a fold, a stamp), not text, unless read again as
# Cyrillic; below FAINT they are not even that.
MIN_CONFIDENCE = 0.3
FAINT = 0.05


class Recogniser:
    """One engine per process, built on first use; one photo at a time through it (its settings are shared
    state): the caller's queue (app/ocr/queue.py) runs photos one after another."""

    def __init__(self, threads: int = 1, cyrillic: CyrillicPass | None = None) -> None:
        self._threads = threads
        self.cyrillic = cyrillic or CyrillicPass()
        self._engine: Any = None
        self._turns: Turns | None = None
        self._letters: Letters | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Turns, Letters]:
        with self._lock:
            if self._engine is None:
                try:
                    from rapidocr_onnxruntime import RapidOCR
                except ImportError as exc:  # e.g. OpenCV without the system's libGL (Dockerfile installs it)
                    raise ApiError(
                        503, "ocr_unavailable", f"photos cannot be read on this server: {exc}"
                    ) from exc

                # every line kept (text_score 0), so the classifier's turns stay aligned with the lines;
                # the faintest are dropped below, the doubtful ones marked
                engine = RapidOCR(intra_op_num_threads=self._threads, inter_op_num_threads=1, text_score=0.0)
                turns = Turns(engine.text_cls)
                engine.text_cls = turns
                letters = Letters(engine.text_rec.postprocess_op)
                engine.text_rec.postprocess_op = letters
                self._engine, self._turns, self._letters = engine, turns, letters
            assert self._turns is not None and self._letters is not None
            return self._engine, self._turns, self._letters

    def read(self, image: Image.Image) -> Reading:
        import numpy as np  # here, not at start-up: a quarter of a second the screening need not wait

        started = time.perf_counter()
        engine, turns, letters = self._load()
        with self._lock:
            turns.turned, letters.found = [], {}
            found, _ = engine(np.asarray(image.convert("RGB"))[:, :, ::-1])  # the engine reads BGR
            turned, probabilities = list(turns.turned), letters.found
        boxes = _boxes(found or [], turned, probabilities)
        o, lines = reading_order(boxes)
        lines = [kept for line in self.cyrillic.reread(image, lines, o) if (kept := _without_faint(line))]
        text = "\n".join(line.text for line in lines)
        return Reading(text, tuple(lines), o, language_of(text), time.perf_counter() - started)


def _without_faint(line: Line) -> Line | None:
    """A line as RapidOCR read it without its faint boxes (None when nothing else is left); a line read again
    as it was read again."""
    if line.reread:
        return line
    boxes = tuple(b for b in line.boxes if b.confidence >= MIN_CONFIDENCE)
    if not boxes:
        return None
    if len(boxes) == len(line.boxes):
        return line
    return Line(" ".join(b.text for b in boxes), min(b.confidence for b in boxes), boxes)


def _boxes(
    found: Sequence[Any], turned: Sequence[bool], letters: dict[str, list[tuple[float, ...]]]
) -> list[Box]:
    out = []
    for i, (points, text, score) in enumerate(found):
        corners = tuple((float(x), float(y)) for x, y in points)
        if len(corners) != 4 or not str(text).strip() or float(score) < FAINT:
            continue
        known = letters.get(str(text))
        sure = known.pop(0) if known else None
        out.append(Box(corners, str(text), float(score), turned[i] if i < len(turned) else False, sure))
    return out


def language_of(text: str) -> str:
    """'zh' when Chinese characters make up a fifth of the letters or more, 'ru' when Cyrillic makes up
    a third or more, 'en' for other Latin text, '' when there are no letters."""
    han = sum(1 for c in text if is_han(c))
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return ""
    if han * 5 >= letters:
        return "zh"
    return "ru" if cyrillic_share(text) >= 1 / 3 else "en"
