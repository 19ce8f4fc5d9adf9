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
from typing import Any, Protocol

from PIL import Image

from app.errors import ApiError
from app.ocr.cyrillic import CyrillicPass, cyrillic_share
from app.ocr.order import Box, Line, Orientation, reading_order


@dataclass(frozen=True)
class Reading:
    text: str  # the lines, top to bottom, joined by newlines
    lines: tuple[Line, ...]
    orientation: Orientation
    language: str  # "zh", "en" or "" when nothing was read
    seconds: float


# Boxes read with less confidence are noise (a stain, a fold, a stamp), not text, unless read again as
# Cyrillic; below FAINT they are not even that.
MIN_CONFIDENCE = 0.3
FAINT = 0.05


class _Classifier(Protocol):
    def __call__(self, images: list[Any]) -> tuple[list[Any], list[list[Any]], float]: ...


class _Turns:
    """The engine's text-direction classifier, wrapped to remember which crops it turned upside down (the
    engine does not return it, and the page's orientation follows from it)."""

    def __init__(self, classify: _Classifier) -> None:
        self._classify = classify
        self.turned: list[bool] = []

    def __call__(self, images: list[Any]) -> tuple[list[Any], list[list[Any]], float]:
        images, labels, seconds = self._classify(images)
        self.turned = [str(label) == "180" and float(score) >= self.threshold for label, score in labels]
        return images, labels, seconds

    @property
    def threshold(self) -> float:
        return float(getattr(self._classify, "cls_thresh", 0.9))


class Recogniser:
    """One engine per process, built on first use; one photo at a time through it (its settings are shared
    state): the caller's queue (app/ocr/queue.py) runs photos one after another."""

    def __init__(self, threads: int = 1, cyrillic: CyrillicPass | None = None) -> None:
        self._threads = threads
        self.cyrillic = cyrillic or CyrillicPass()
        self._engine: Any = None
        self._turns: _Turns | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, _Turns]:
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
                turns = _Turns(engine.text_cls)
                engine.text_cls = turns
                self._engine, self._turns = engine, turns
            assert self._turns is not None
            return self._engine, self._turns

    @property
    def loaded(self) -> bool:
        return self._engine is not None

    def read(self, image: Image.Image) -> Reading:
        import numpy as np  # here, not at start-up: a quarter of a second the screening need not wait

        started = time.perf_counter()
        engine, turns = self._load()
        with self._lock:
            turns.turned = []
            found, _ = engine(np.asarray(image.convert("RGB"))[:, :, ::-1])  # the engine reads BGR
            turned = list(turns.turned)
        boxes = _boxes(found or [], turned)
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


def _boxes(found: Sequence[Any], turned: Sequence[bool]) -> list[Box]:
    out = []
    for i, (points, text, score) in enumerate(found):
        corners = tuple((float(x), float(y)) for x, y in points)
        if len(corners) != 4 or not str(text).strip() or float(score) < FAINT:
            continue
        out.append(Box(corners, str(text), float(score), turned[i] if i < len(turned) else False))
    return out


def language_of(text: str) -> str:
    """'zh' when Chinese characters make up a fifth of the letters or more, 'ru' when Cyrillic makes up
    a third or more, 'en' for other Latin text, '' when there are no letters."""
    han = sum(1 for c in text if "\u3400" <= c <= "\u9fff")
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return ""
    if han * 5 >= letters:
        return "zh"
    return "ru" if cyrillic_share(text) >= 1 / 3 else "en"
