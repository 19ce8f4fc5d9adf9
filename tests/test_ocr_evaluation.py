"""Photo reading on the test image set (tests/ocr_images.py): the goals of the Chinese printed pages held —
character accuracy at least 0.97 and screening agreement at least 0.95 — English and Russian printed pages
read as well, and the photographed Russian ones. The other photographed pages' figures are printed by
`python -m tests.ocr_evaluation`, not held here."""

from pathlib import Path
from typing import Any

import pytest

from app.ocr import Recogniser
from app.ocr.cyrillic import CyrillicPass
from app.ocr.order import Line
from app.screening.pipeline import Resources
from tests.api.test_ocr import need_tesseract
from tests.ocr_evaluation import groups, run, score
from tests.ocr_images import load_pages, render

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
pytestmark = pytest.mark.skipif(not FONT.exists(), reason="fonts-noto-cjk is not installed")


def test_printed_chinese_and_english_pages_are_read_and_screened_alike(resources: Resources) -> None:
    pages = [p for p in load_pages() if p.set == "printed" and p.lang in ("zh", "en")]
    assert len(pages) >= 35
    by_group = groups(list(run(pages, resources, Recogniser())))
    chinese, english = score(by_group["printed/zh"]), score(by_group["printed/en"])
    assert chinese.pages >= 30
    assert chinese.accuracy >= 0.97, chinese
    assert chinese.agreement >= 0.95, chinese
    assert english.accuracy >= 0.97 and english.agreement >= 0.95, english


def test_russian_pages_are_read_with_tesseract(resources: Resources) -> None:
    need_tesseract()
    recogniser = Recogniser()
    pages = [p for p in load_pages() if p.lang == "ru"]
    by_group = groups(list(run(pages, resources, recogniser)))
    printed, photographed = score(by_group["printed/ru"]), score(by_group["photo/ru"])
    assert printed.pages >= 6
    assert printed.accuracy >= 0.97 and printed.agreement >= 0.85, printed
    # photographed: tilted and in perspective, levelled before Tesseract reads them (0.31 without)
    assert photographed.accuracy >= 0.9 and photographed.agreement >= 0.6, photographed


class _Counted(CyrillicPass):
    """The real Tesseract pass, counting how often each of its two ways of reading is used."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def _page(self, *args: Any, **kwargs: Any) -> list[Line]:
        self.calls.append("page")
        return super()._page(*args, **kwargs)

    def _lines(self, *args: Any, **kwargs: Any) -> list[Line]:
        self.calls.append("lines")
        return super()._lines(*args, **kwargs)


def test_an_english_page_read_whole_without_russian_is_not_read_again_line_by_line() -> None:
    """p-036 (a printed English packing list) is read unsure enough to look like misread Russian: Tesseract
    reads it whole, finds Latin letters only, and its lines are not cut and read a second time (0.35 s of the
    2 s a photo may take)."""
    need_tesseract()
    page = next(p for p in load_pages() if p.id == "p-036")
    assert page.lang == "en"
    cyrillic = _Counted()
    reading = Recogniser(cyrillic=cyrillic).read(render(page))
    assert cyrillic.calls == ["page"]
    assert reading.language == "en"
    assert "Workwear coveralls" in reading.text and "Safety boots" in reading.text
