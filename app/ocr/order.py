"""Reading order of recognised text boxes: top to bottom, left to right, on the page as it was written.

The engine gives each box as four corner points in the photo's pixels, and for each box whether its crop had
to be turned upside down to be read (the text-direction classifier). From that the page's orientation follows:
wide boxes read as they are (upright), wide boxes turned (a page upside down), tall boxes turned a quarter
clockwise by the engine and then read as they are (a page photographed turned a quarter clockwise) or turned
again (a quarter anticlockwise). Each box's centre is mapped into the upright page; boxes whose centres lie
within half a line's height of each other are one line, read left to right.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from statistics import median

Point = tuple[float, float]


class Orientation(Enum):
    UPRIGHT = 0
    UPSIDE_DOWN = 180
    QUARTER_CLOCKWISE = 90  # the page's top is at the photo's right
    QUARTER_ANTICLOCKWISE = 270  # the page's top is at the photo's left


@dataclass(frozen=True)
class Box:
    points: tuple[Point, Point, Point, Point]
    text: str
    confidence: float
    turned: bool = False  # the classifier turned the crop upside down to read it
    letters: tuple[float, ...] | None = None  # each character's confidence, when the recogniser said

    @property
    def width(self) -> float:
        xs = [p[0] for p in self.points]
        return max(xs) - min(xs)

    @property
    def height(self) -> float:
        ys = [p[1] for p in self.points]
        return max(ys) - min(ys)

    @property
    def thickness(self) -> float:
        """The height of its text, whichever way the box lies: its shorter side."""
        p = self.points
        return min(math.dist(p[0], p[1]), math.dist(p[1], p[2]))

    @property
    def centre(self) -> Point:
        return (sum(p[0] for p in self.points) / 4, sum(p[1] for p in self.points) / 4)


@dataclass(frozen=True)
class Line:
    text: str
    confidence: float
    boxes: tuple[Box, ...]
    reread: bool = False  # read again by another recogniser (app/ocr/cyrillic.py): the text is its reading
    letters: tuple[float, ...] | None = None  # each character's confidence, where known

    def letter_confidences(self) -> tuple[float, ...]:
        """A confidence for each character of the text: its own where the recogniser said, else the line's
        (the space between two boxes: 1)."""
        if self.letters is not None and len(self.letters) == len(self.text):
            return self.letters
        if not self.reread and " ".join(b.text for b in self.boxes) == self.text:
            out: list[float] = []
            for i, b in enumerate(self.boxes):
                out += [1.0] if i else []
                sure = b.letters if b.letters is not None and len(b.letters) == len(b.text) else None
                out += sure or [b.confidence] * len(b.text)
            return tuple(out)
        return (self.confidence,) * len(self.text)


def orientation(boxes: Sequence[Box]) -> Orientation:
    """The page's orientation by the majority of its boxes (by their text's length, so a stray mark does not
    decide)."""
    if not boxes:
        return Orientation.UPRIGHT
    weight = {o: 0 for o in Orientation}
    for b in boxes:
        tall = b.height > 1.5 * b.width and len(b.text) > 1
        if tall:
            o = Orientation.QUARTER_ANTICLOCKWISE if b.turned else Orientation.QUARTER_CLOCKWISE
        else:
            o = Orientation.UPSIDE_DOWN if b.turned else Orientation.UPRIGHT
        weight[o] += max(1, len(b.text))
    return max(Orientation, key=lambda o: (weight[o], o is Orientation.UPRIGHT))


def _upright(point: Point, o: Orientation) -> Point:
    """A photo's point as (across, down) on the upright page (up to a shift, which ordering ignores)."""
    x, y = point
    if o is Orientation.UPSIDE_DOWN:
        return -x, -y
    if o is Orientation.QUARTER_CLOCKWISE:
        return y, -x
    if o is Orientation.QUARTER_ANTICLOCKWISE:
        return -y, x
    return x, y


def skew(boxes: Sequence[Box], o: Orientation) -> float:
    """The page's tilt in the photo, in radians (its lines' median slope on the upright page): a photo taken
    askew has the right end of one line as high as the left end of the next."""
    slopes = []
    for b in boxes:
        points = [_upright(p, o) for p in b.points]
        edges = [(points[i], points[(i + 1) % 4]) for i in range(4)]
        (x0, y0), (x1, y1) = max(edges, key=lambda e: math.dist(*e))  # along the line
        if x1 < x0:
            x0, y0, x1, y1 = x1, y1, x0, y0
        if x1 - x0 > 2 * abs(y1 - y0):  # under about 27 degrees: a line, not a mark
            slopes.append(math.atan2(y1 - y0, x1 - x0))
    return median(slopes) if slopes else 0.0


def reading_order(boxes: Sequence[Box]) -> tuple[Orientation, list[Line]]:
    """The boxes as lines of the upright page, top to bottom; the boxes of a line left to right, joined by a
    space; a line's confidence is its boxes' lowest."""
    o = orientation(boxes)
    if not boxes:
        return o, []
    line_height = median(b.thickness for b in boxes) or 1.0
    turn = -skew(boxes, o)
    cos, sin = math.cos(turn), math.sin(turn)

    def level(point: Point) -> Point:  # the upright page's point with its tilt taken out
        x, y = _upright(point, o)
        return x * cos - y * sin, x * sin + y * cos

    placed = sorted(((level(b.centre), b) for b in boxes), key=lambda pb: (pb[0][1], pb[0][0]))
    rows: list[list[tuple[Point, Box]]] = []
    for point, box in placed:
        if rows and abs(point[1] - _row_down(rows[-1])) <= line_height / 2:
            rows[-1].append((point, box))
        else:
            rows.append([(point, box)])
    lines = []
    for row in rows:
        ordered = tuple(b for _, b in sorted(row, key=lambda pb: pb[0][0]))
        lines.append(Line(" ".join(b.text for b in ordered), min(b.confidence for b in ordered), ordered))
    return o, lines


def _row_down(row: list[tuple[Point, Box]]) -> float:
    return sum(p[1] for p, _ in row) / len(row)
