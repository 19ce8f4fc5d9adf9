"""Bar charts drawn on the server as SVG geometry (no script, nothing fetched): the dashboard's templates
turn these shapes into <rect> and <text>. Plain functions of the figures, easy to test alone."""

from dataclasses import dataclass

WIDTH = 640


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # the whole bar (e.g. screenings)
    part: float  # the darker part drawn over it (e.g. flagged); 0 for none
    text: str  # the figure written beside the bar
    href: str | None = None
    short: str = ""  # the label as it fits left of the bar (horizontal charts)
    # Geometry, filled in by the layout functions.
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    part_x: float = 0
    part_y: float = 0
    part_width: float = 0
    part_height: float = 0


@dataclass(frozen=True)
class Chart:
    kind: str  # "h" (one row per bar, labels left) or "v" (columns over time)
    bars: list[Bar]
    width: int
    height: int
    label_width: int = 0  # h: room for the labels
    axis_y: float = 0  # v: the baseline
    scale_max: float = 0
    of: int = 0  # h: how many there were before the longest were kept (0: all shown)


def fit(label: str, width: int) -> str:
    """`label` cut with an ellipsis to fit `width` px at the charts' 12 px font: about 7 px for a Latin or
    Cyrillic letter, 12 px for a Chinese character."""
    room, used = width - 8, 0
    for i, ch in enumerate(label):
        used += 12 if ord(ch) >= 0x2E80 else 7
        if used > room:
            return label[: max(i - 1, 1)] + "…"
    return label


LABEL_ROOM = 18  # h: the label's line above its bar


def horizontal(bars: list[Bar], *, row: int = 40, text_room: int = 190, of: int = 0) -> Chart:
    """One bar per row under its label (the label has the chart's whole width: a rule's title is not cut to a
    column), longest = full width less the room for its figure; the part is drawn from the same origin.
    `of`: how many there were before these were kept (said under the chart when more than shown)."""
    top = max((b.value for b in bars), default=0) or 1
    span = WIDTH - text_room
    placed = []
    for i, b in enumerate(bars):
        w = span * b.value / top
        pw = span * min(b.part, b.value) / top if b.part else 0
        y = i * row + LABEL_ROOM
        placed.append(
            Bar(
                b.label,
                b.value,
                b.part,
                b.text,
                b.href,
                short=fit(b.label, WIDTH),
                x=0,
                y=y,
                width=w,
                height=row - LABEL_ROOM - 6,
                part_x=0,
                part_y=y,
                part_width=pw,
                part_height=row - LABEL_ROOM - 6,
            )
        )
    shown_of = of if of > len(bars) else 0
    return Chart("h", placed, WIDTH, max(row * len(bars), row), scale_max=top, of=shown_of)


def vertical(bars: list[Bar], *, height: int = 200, bottom: int = 36) -> Chart:
    """Columns left to right (time); the part is stacked inside the column from the baseline."""
    top = max((b.value for b in bars), default=0) or 1
    plot = height - bottom - 16
    step = WIDTH / max(len(bars), 1)
    gap = min(4.0, step / 4)
    base = height - bottom
    placed = []
    for i, b in enumerate(bars):
        h = plot * b.value / top
        ph = plot * min(b.part, b.value) / top if b.part else 0
        x = i * step + gap / 2
        placed.append(
            Bar(
                b.label,
                b.value,
                b.part,
                b.text,
                b.href,
                x=x,
                y=base - h,
                width=step - gap,
                height=h,
                part_x=x,
                part_y=base - ph,
                part_width=step - gap,
                part_height=ph,
            )
        )
    return Chart("v", placed, WIDTH, height, axis_y=base, scale_max=top)


def tick_labels(bars: list[Bar], most: int = 8) -> list[Bar]:
    """The columns whose labels are written under a time chart: at most `most`, evenly spaced."""
    if len(bars) <= most:
        return bars
    every = -(-len(bars) // most)
    return bars[::every]
