"""The parts of photo reading that need no engine: the kind of an upload by its first bytes, the bounded
queue, and the reading order of recognised boxes on a page turned any way (tables of boxes and the lines
expected)."""

import asyncio
import contextlib
import io
import math
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image

from app.declarations import ScreeningRequest
from app.errors import ApiError
from app.ocr import Limits, PhotoQueue, PhotoReader, preview
from app.ocr.cyrillic import _maybe_cyrillic, _to_photo, _untilted
from app.ocr.hooks import Letters
from app.ocr.images import UPRIGHT as TURNS
from app.ocr.images import kind_of
from app.ocr.order import Box, Line, Orientation, reading_order
from app.services import stored_body
from app.web.forms import LookupForm, lookup_request
from app.web.photo_page import pieces
from tests.api.test_ocr import page
from tests.conftest import run_async


def test_kinds_are_told_by_their_first_bytes() -> None:
    assert kind_of(page(kind="PNG")) == "png"
    assert kind_of(page(kind="JPEG")) == "jpeg"
    assert kind_of(page(kind="WEBP")) == "webp"
    assert kind_of(b"RIFF\0\0\0\0WAVEfmt ") is None
    assert kind_of(b"<svg xmlns=") is None


def test_photos_past_the_queue_are_refused_with_retry_after() -> None:
    """One photo being read and one waiting fill a queue of one: the third is refused at once (503 with
    Retry-After), and once the first are done photos are taken again."""
    queue = PhotoQueue(waiting=1, executor=ThreadPoolExecutor(max_workers=1), retry_after_s=7)
    release = threading.Event()

    async def flood() -> tuple[list[object], object]:
        first = asyncio.ensure_future(queue.run(lambda: release.wait(10)))
        second = asyncio.ensure_future(queue.run(lambda: "second"))
        await asyncio.sleep(0.05)
        refused: object = None
        try:
            await queue.run(lambda: "third")
        except ApiError as exc:
            refused = exc
        release.set()
        done = list(await asyncio.gather(first, second))
        return [*done, await queue.run(lambda: "after")], refused

    done, refused = run_async(flood())
    assert done == [True, "second", "after"]
    assert isinstance(refused, ApiError)
    assert (refused.status, refused.code, refused.headers) == (503, "ocr_busy", {"Retry-After": "7"})
    assert queue.refused == 1 and queue.in_queue == 0
    queue.shutdown()


def test_a_file_that_is_no_photo_is_refused_at_once_while_a_photo_is_being_read() -> None:
    """The kind and size are told from the bytes before a photo waits for the reading process: a PDF sent
    while that is busy (or starved of the processor) is refused at once, not after the photos ahead of it."""
    reader = PhotoReader(
        Limits(1_000_000, 10_000_000, 2000), PhotoQueue(4, ThreadPoolExecutor(max_workers=1))
    )
    release = threading.Event()

    async def busy() -> tuple[object, int]:
        reading = asyncio.ensure_future(reader.queue.run(lambda: release.wait(10)))
        await asyncio.sleep(0.05)
        refused: object = None
        try:
            await asyncio.wait_for(reader.read(b"%PDF-1.7 a scanned declaration"), timeout=2)
        except ApiError as exc:
            refused = exc
        waiting = reader.queue.in_queue
        release.set()
        await reading
        return refused, waiting

    refused, waiting = run_async(busy())
    assert isinstance(refused, ApiError) and (refused.status, refused.code) == (415, "photo_type")
    assert waiting == 1  # only the photo being read
    reader.queue.shutdown()


def box(x: float, y: float, text: str, w: float = 0, h: float = 30, turned: bool = False) -> Box:
    """A box whose top-left corner is (x, y), `w` wide (by default as wide as its text) and `h` high."""
    w = w or 30 * len(text)
    return Box(((x, y), (x + w, y), (x + w, y + h), (x, y + h)), text, 0.9, turned)


def turned_quarter(b: Box, clockwise: bool, page_height: float = 1000) -> Box:
    """The same box on a page photographed turned a quarter (clockwise: the page's top at the photo's right),
    as the engine reports it: a tall box, its crop turned again only when the page went anticlockwise."""
    corners = []
    for x, y in b.points:
        corners.append((page_height - y, x) if clockwise else (y, 2000 - x))
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    rect = ((min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys)))
    return Box(rect, b.text, b.confidence, turned=not clockwise)


def upside_down(b: Box) -> Box:
    xs = [2000 - x for x, _ in b.points]
    ys = [1000 - y for _, y in b.points]
    rect = ((min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys)))
    return Box(rect, b.text, b.confidence, turned=True)


# A page: a heading, a line in two boxes (a gap in the print), a line slightly lower at its right end (a
# photo's tilt), and a last line.
UPRIGHT = [
    box(100, 500, "3. 玉米油"),
    box(100, 100, "货物清单"),
    box(400, 306, "80桶"),
    box(100, 300, "2. 醋酸酐"),
    box(100, 200, "1. 棉衬衫"),
    box(400, 212, "120箱"),
]
EXPECTED = ["货物清单", "1. 棉衬衫 120箱", "2. 醋酸酐 80桶", "3. 玉米油"]


@pytest.mark.parametrize(
    ("boxes", "orientation"),
    [
        (UPRIGHT, Orientation.UPRIGHT),
        ([upside_down(b) for b in UPRIGHT], Orientation.UPSIDE_DOWN),
        ([turned_quarter(b, clockwise=True) for b in UPRIGHT], Orientation.QUARTER_CLOCKWISE),
        ([turned_quarter(b, clockwise=False) for b in UPRIGHT], Orientation.QUARTER_ANTICLOCKWISE),
    ],
)
def test_lines_in_reading_order_on_a_page_turned_any_way(boxes: list[Box], orientation: Orientation) -> None:
    found, lines = reading_order(boxes)
    assert found is orientation
    assert [line.text for line in lines] == EXPECTED


def test_a_line_is_as_sure_as_its_least_sure_box_and_no_boxes_no_lines() -> None:
    sure, unsure = box(100, 100, "醋酸酐"), box(300, 100, "80桶")
    unsure = Box(unsure.points, unsure.text, 0.41)
    _, lines = reading_order([sure, unsure])
    assert [(line.text, line.confidence) for line in lines] == [("醋酸酐 80桶", 0.41)]
    assert reading_order([]) == (Orientation.UPRIGHT, [])


def test_stray_turned_marks_do_not_turn_the_page() -> None:
    """Three one-character marks (a stamp, a seal) read turned do not outweigh two lines of text."""
    lines = [box(100, 100, "1. 男式棉衬衫 100%棉 50件/箱"), box(100, 200, "2. 醋酸酐 200升/桶 80桶")]
    marks = [box(900, 300 + 40 * i, ch, turned=True) for i, ch in enumerate("印章x")]
    assert reading_order([*lines, *marks])[0] is Orientation.UPRIGHT


@pytest.mark.parametrize(
    ("orientation", "dark_side"),
    [
        (Orientation.UPRIGHT, "top"),  # the page's top is dark: where it is in the photo says how it lay
        (Orientation.QUARTER_CLOCKWISE, "right"),
        (Orientation.UPSIDE_DOWN, "bottom"),
        (Orientation.QUARTER_ANTICLOCKWISE, "left"),
    ],
)
def test_the_preview_shows_the_page_upright(orientation: Orientation, dark_side: str) -> None:
    photo = Image.new("L", (400, 300), 255)
    box = {
        "top": (0, 0, 400, 40),
        "right": (360, 0, 400, 300),
        "bottom": (0, 260, 400, 300),
        "left": (0, 0, 40, 300),
    }
    photo.paste(0, box[dark_side])
    shown = Image.open(io.BytesIO(preview(photo.convert("RGB"), orientation))).convert("L")
    top = shown.crop((0, 0, shown.width, 20))
    assert top.getextrema()[1] < 80  # the dark edge is the preview's top


def tilted(b: Box, degrees: float) -> Box:
    """The box on a page photographed tilted by this many degrees (a rotated quadrilateral)."""
    a = math.radians(degrees)
    corners = tuple(
        (x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)) for x, y in b.points
    )
    return Box(corners, b.text, b.confidence, b.turned)  # type: ignore[arg-type]


# Lines 45 px apart, each a box at the left and one far right: tilted by 6 degrees, a line's right box sits
# lower than the next line's left box.
TIGHT = [box(100, 100 + 45 * i, f"{i + 1}. 品名{i}") for i in range(4)]
TIGHT += [box(800, 100 + 45 * i, f"{i + 1}0桶") for i in range(4)]


@pytest.mark.parametrize("degrees", [-8, -6, 0, 6, 8])
def test_a_tilted_photo_keeps_its_lines(degrees: float) -> None:
    _, lines = reading_order([tilted(b, degrees) for b in TIGHT])
    assert [line.text for line in lines] == [f"{i + 1}. 品名{i} {i + 1}0桶" for i in range(4)]


@pytest.mark.parametrize(
    ("text", "confidence", "again"),
    [
        # RapidOCR's readings of Russian lines of the test pages: read again
        ("ykcycHbI aHrμpμ 99%, 6o4K 200", 0.882, True),
        ("2. MeTHJI9TWJIKeTOH 99,8%, 6O4KH IO 160 KT, 50 1IIT.", 0.831, True),
        ("LeMeHT nOpTnaH M500 0, MeWK 50 Kr, 1 600 MeWKOB", 0.892, True),
        ("naTbA KeHcKИe И3 BMcK03bl, 40 山T. B K0po6ke", 0.97, True),  # a stray 山 for ш, sure of itself
        ("2932940000capon", 0.90, True),
        # English and Chinese lines: left alone
        ("1. Acetic anhydride 99.5% tech grade, 200L HDPE drums x 80", 0.992, False),
        ("CAS: 67-64-1", 0.998, False),
        ("Batch: HP260214", 0.983, False),
        ("2.醋酸酐200升/桶80桶", 0.99, False),
        ("丙酮/aueToH 160Kr 6o4KH 80wT", 0.9, False),  # Chinese words on the line: RapidOCR's to keep
        ("12", 0.5, False),  # no letters to read again
    ],
)
def test_which_lines_are_read_again_as_cyrillic(text: str, confidence: float, again: bool) -> None:
    line = Line(text, confidence, (box(0, 0, text),))
    assert _maybe_cyrillic(line) is again


@pytest.mark.parametrize("orientation", list(Orientation))
def test_points_of_the_upright_page_map_back_into_the_photo(orientation: Orientation) -> None:
    photo = Image.new("L", (300, 200), 255)
    photo.putpixel((250, 30), 0)  # one dark pixel
    upright = photo.transpose(TURNS[orientation]) if orientation in TURNS else photo
    dark = next(
        (x, y) for y in range(upright.height) for x in range(upright.width) if upright.getpixel((x, y)) == 0
    )
    assert _to_photo((float(dark[0]), float(dark[1])), orientation, photo.size) == (250, 30)


class FakeDecoder:
    """A decoder as the recogniser's: the best class per step, repeats and the blank (0) dropped."""

    alphabet = ("", "a", "b", "c")

    def __call__(self, preds: np.ndarray, return_word_box: bool = False, **kwargs: object) -> list[object]:
        out = []
        for row in preds.argmax(axis=2):
            kept = [c for i, c in enumerate(row) if c != 0 and (i == 0 or c != row[i - 1])]
            out.append(("".join(self.alphabet[c] for c in kept), 0.9))
        return out

    def get_ignored_tokens(self) -> list[int]:
        return [0]


def step(best: int, p: float) -> list[float]:
    row = [(1 - p) / 3] * 4
    row[best] = p
    return row


def test_each_characters_probability_is_kept_as_the_decoder_reads_it() -> None:
    """Steps a a _ b _ c c: the text "abc", its characters' probabilities those of the first step of each
    run (a repeat is the same character, a blank separates two)."""
    preds = np.array(
        [[step(1, 0.9), step(1, 0.8), step(0, 0.99), step(2, 0.4), step(0, 0.9), step(3, 0.7), step(3, 0.95)]]
    )
    letters = Letters(FakeDecoder())
    assert letters(preds) == [("abc", 0.9)]  # the decoder's answer passed on unchanged
    assert letters.found == {"abc": [pytest.approx((0.9, 0.4, 0.7))]}


def test_a_lines_letters_come_from_its_boxes_or_its_own_confidence() -> None:
    a = Box(box(0, 0, "ab").points, "ab", 0.9, letters=(0.95, 0.5))
    b = Box(box(100, 0, "cd").points, "cd", 0.7)  # no letters known: the box's confidence for each
    assert Line("ab cd", 0.7, (a, b)).letter_confidences() == (0.95, 0.5, 1.0, 0.7, 0.7)
    assert Line("xyz", 0.6, (a,), reread=True).letter_confidences() == (0.6, 0.6, 0.6)
    assert Line("xy", 0.6, (a,), reread=True, letters=(0.3, 0.9)).letter_confidences() == (0.3, 0.9)


@pytest.mark.parametrize(
    ("text", "letters", "expected"),
    [
        ("醋酸酐", (0.99, 0.5, 0.98), (("醋", False), ("酸", True), ("酐", False))),
        ("ab cd", (0.5, 0.6, 0.1, 0.7, 0.9), (("ab", True), (" ", False), ("c", True), ("d", False))),
        ("ok", (0.9, 0.95), (("ok", False),)),
    ],
)
def test_unsure_characters_are_cut_out_for_marking(
    text: str, letters: tuple[float, ...], expected: tuple[tuple[str, bool], ...]
) -> None:
    assert pieces(text, letters) == expected


@pytest.mark.parametrize("degrees", [-7.0, 0.0, 4.5])
def test_points_of_the_levelled_page_map_back(degrees: float) -> None:
    """A photo tilted by this much is levelled for Tesseract (turned back, enlarged to hold it); a point of
    the levelled page maps back onto the page where it was."""
    page = Image.new("L", (400, 300), 255)
    page.paste(0, (300, 60, 303, 63))  # a small dark square
    tilt = math.radians(degrees)
    level = page.rotate(degrees, Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    dark = [(x, y) for y in range(level.height) for x in range(level.width) if level.getpixel((x, y)) < 100]
    cx = sum(x for x, _ in dark) / len(dark)
    cy = sum(y for _, y in dark) / len(dark)
    x, y = _untilted((cx, cy), tilt, level.size, page.size)
    assert abs(x - 301.5) < 1.5 and abs(y - 61.5) < 1.5, (x, y)


def test_a_description_read_from_a_photo_says_so_when_stored() -> None:
    """The lookup form's hidden fields after a photo: the request records where the text came from and, where
    photos are kept, which photo; a typed description records neither."""
    digest = "ab" * 32
    read = LookupForm(description="醋酸酐 200升", description_source="photo", photo_id=digest)
    body = lookup_request(read, "WEB-1", lambda unit: False)
    assert isinstance(body, ScreeningRequest)
    assert (body.description_source, body.photo_id) == ("photo", digest)
    assert stored_body(body)["photo_id"] == digest
    typed = lookup_request(
        LookupForm(description="醋酸酐 200升", photo_id=digest), "WEB-2", lambda unit: False
    )
    assert isinstance(typed, ScreeningRequest)
    assert "description_source" not in stored_body(typed) and "photo_id" not in stored_body(typed)


def test_a_photo_not_read_in_time_is_given_up_and_frees_its_place() -> None:
    """The reader is starved (here: busy with a photo that takes long): a photo waiting past the queue's
    deadline gets 503 ocr_timeout with Retry-After, is never read, and its place is free again at once; the
    photo being read keeps its place until the reader lets go of it."""
    queue = PhotoQueue(waiting=1, executor=ThreadPoolExecutor(max_workers=1), retry_after_s=3, wait_s=0.3)
    release = threading.Event()
    read: list[str] = []

    async def starved() -> tuple[object, int, int]:
        long = asyncio.ensure_future(queue.run(lambda: release.wait(10)))
        await asyncio.sleep(0.05)  # the long photo is being read
        given_up: object = None
        try:
            await queue.run(lambda: read.append("waiting"))
        except ApiError as exc:
            given_up = exc
        with contextlib.suppress(ApiError):
            await long  # past its own deadline too, still being read
        places_while_reading = queue.in_queue
        release.set()
        await asyncio.sleep(0.1)
        return given_up, places_while_reading, queue.in_queue

    given_up, places_while_reading, places_after = run_async(starved())
    assert isinstance(given_up, ApiError)
    assert (given_up.status, given_up.code, given_up.headers) == (503, "ocr_timeout", {"Retry-After": "3"})
    assert read == []  # cancelled before its reading started
    assert (places_while_reading, places_after) == (1, 0)
    assert queue.timed_out == 2
    assert run_async(queue.run(lambda: "next")) == "next"
    queue.shutdown()
