"""Deterministic test images for the OCR feature: declaration pages, goods lists and drum labels.

The texts are in `tests/data/ocr/pages.jsonl` (taken from the project's tariff nomenclatures and evaluation
sets); every text line drawn on an image is one of its page's `lines`, so `truth(page)` is the ground truth.
Two sets: "printed" (a clean page, a few slightly tilted or JPEG-encoded) and "photo" (the page photographed
on a desk: rotation, perspective, uneven light, blur, sensor noise, low resolution, strong JPEG).
Everything is seeded from the page id with `random.Random`, so an image is the same on every run.

    python -m tests.ocr_images OUT_DIR    # writes OUT_DIR/<id>.png or <id>.jpg for looking at
"""

from __future__ import annotations

import io
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw, ImageFilter, ImageFont

PAGES_PATH = Path(__file__).resolve().parent / "data" / "ocr" / "pages.jsonl"

SETS = ("printed", "photo")
LANGS = ("zh", "ru", "en", "mixed")
# A first line equal to one of these is drawn as a centred heading (it is still one of the page's lines).
HEADINGS = frozenset({"报关单", "货物清单", "PACKING LIST", "УПАКОВОЧНЫЙ ЛИСТ"})
# A page whose first line starts with one of these is drawn as a framed drum or carton label.
LABEL_KEYS = ("品名：", "Product: ", "Наименование: ")

FONT_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/opentype/noto-cjk"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
)
# name -> (file, face index in a .ttc collection, Debian package). Index 2 of Noto CJK is Simplified Chinese.
FONTS: dict[str, tuple[str, int, str]] = {
    "noto-sans": ("NotoSansCJK-Regular.ttc", 2, "fonts-noto-cjk"),
    "noto-sans-bold": ("NotoSansCJK-Bold.ttc", 2, "fonts-noto-cjk"),
    "noto-serif": ("NotoSerifCJK-Regular.ttc", 2, "fonts-noto-cjk"),
    "noto-serif-bold": ("NotoSerifCJK-Bold.ttc", 2, "fonts-noto-cjk"),
    "dejavu-sans": ("DejaVuSans.ttf", 0, "fonts-dejavu-core"),
    "dejavu-sans-bold": ("DejaVuSans-Bold.ttf", 0, "fonts-dejavu-core"),
    "dejavu-serif": ("DejaVuSerif.ttf", 0, "fonts-dejavu-core"),
    "dejavu-serif-bold": ("DejaVuSerif-Bold.ttf", 0, "fonts-dejavu-core"),
}
# Fonts a page may be set in: Noto CJK for Chinese (it also has Latin and Cyrillic), DejaVu or Noto otherwise.
CJK_FONTS = ("noto-sans", "noto-serif", "noto-sans", "noto-serif", "noto-sans-bold", "noto-serif-bold")
LATIN_FONTS = ("dejavu-sans", "dejavu-serif", "noto-sans", "noto-serif")

MIN_SIZE = 22
MAX_SIZE = 40
LANDSCAPE = (1200, 850)
PORTRAIT = (850, 1200)

Layout = Literal["plain", "table", "label"]
Light = Literal["gradient", "vignette", "gradient+vignette"]
Rgb = tuple[int, int, int]
FloatArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Page:
    id: str
    set: str
    lang: str
    lines: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Photo:
    """How a page is photographed; all sizes in pixels of the photo."""

    quad_jitter: tuple[float, ...]  # 8 relative corner offsets (perspective of a page seen at an angle)
    keystone: float  # how much the far edge shrinks
    keystone_edge: str  # "top", "bottom", "left" or "right": the edge further from the camera
    angle: float  # in-plane rotation, degrees
    quarter: int  # 0, 90, 180 or 270: the whole photo turned
    fill: float  # share of the photo the page takes
    low_res: bool  # the page about 600 px wide
    desk: Rgb
    desk_name: str
    light: Light
    light_low: float  # darkest gain of the gradient
    light_dir: float  # gradient direction, radians
    vignette: float
    tint: tuple[float, float, float]
    blur: float
    noise: float
    shadow: bool


@dataclass(frozen=True)
class Plan:
    """Everything random about one page's image, drawn from its id."""

    font: str
    size: int
    page_size: tuple[int, int]
    paper: Rgb
    ink: Rgb
    layout: Layout
    margin_x: int
    margin_y: int
    pitch: float  # line pitch as a multiple of the font size
    tilt: float  # printed only: degrees
    jpeg: int | None  # JPEG quality, None for a lossless image
    photo: Photo | None
    seed: int  # for numpy (noise and textures)


def font_path(name: str) -> Path:
    """The file of one of FONTS; a clear error naming the Debian package when it is not installed."""
    file, _, package = FONTS[name]
    for folder in FONT_DIRS:
        candidate = folder / file
        if candidate.is_file():
            return candidate
    dirs = ", ".join(str(d) for d in FONT_DIRS)
    raise FileNotFoundError(
        f"font {file} not found in {dirs}; "
        f"install the Debian package {package} (apt-get install -y {package})"
    )


@lru_cache(maxsize=128)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(name)), size, index=FONTS[name][1])


def _bold(name: str) -> str:
    return name if name.endswith("-bold") else f"{name}-bold"


def load_pages(path: Path | str = PAGES_PATH) -> list[Page]:
    pages: list[Page] = []
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            row = json.loads(raw)
            page = Page(
                id=str(row["id"]),
                set=str(row["set"]),
                lang=str(row["lang"]),
                lines=tuple(str(line) for line in row["lines"]),
                source=str(row["source"]),
            )
            if page.set not in SETS or page.lang not in LANGS or not 1 <= len(page.lines) <= 8:
                raise ValueError(f"{path}:{number}: bad page {page.id}")
            pages.append(page)
    return pages


def truth(page: Page) -> str:
    return "\n".join(page.lines)


# --- layout ---------------------------------------------------------------------------------------------


def _has_heading(page: Page) -> bool:
    return page.lines[0] in HEADINGS and len(page.lines) > 1


def _layout_of(page: Page, rng: random.Random) -> Layout:
    if page.lines[0].startswith(LABEL_KEYS):
        return "label"
    return "table" if len(page.lines) >= 3 and rng.random() < 0.4 else "plain"


def _heading_size(size: int) -> int:
    return round(size * 1.3)


def _line_font(plan: Plan, page: Page, i: int) -> ImageFont.FreeTypeFont:
    """The font of line i: headings and a label's first line are bold and larger."""
    if i == 0 and _has_heading(page):
        return _font(_bold(plan.font), _heading_size(plan.size))
    if i == 0 and plan.layout == "label":
        return _font(_bold(plan.font), round(plan.size * 1.15))
    return _font(plan.font, plan.size)


def _extent(page: Page, font: str, size: int, pitch: float) -> tuple[float, float]:
    """Width and height of the text block (a label's frame included) at this font and size."""
    regular = _font(font, size)
    bold = _font(_bold(font), _heading_size(size))
    label = page.lines[0].startswith(LABEL_KEYS)
    widest = 0.0
    for i, line in enumerate(page.lines):
        face = bold if i == 0 and (_has_heading(page) or label) else regular
        widest = max(widest, face.getlength(line))
    # Labels are framed: keep room for the frame and its padding on the right.
    wide = widest + (size if label else 0)
    tall = len(page.lines) * size * pitch + (size * 1.2 if _has_heading(page) else 0)
    return wide, tall


def _fits(
    page: Page, font: str, size: int, page_size: tuple[int, int], margins: tuple[int, int], pitch: float
) -> bool:
    wide, tall = _extent(page, font, size, pitch)
    return wide <= page_size[0] - 2 * margins[0] and tall <= page_size[1] - 2 * margins[1]


def _paper(rng: random.Random) -> Rgb:
    base = rng.randint(238, 255)
    warm = rng.randint(0, 8)
    return (base, max(0, base - warm // 2), max(0, base - warm))


def _plan(page: Page) -> Plan:
    rng = random.Random(f"ocr-page:{page.id}")
    photo = page.set == "photo"
    cjk = page.lang in ("zh", "mixed")
    font = rng.choice(CJK_FONTS if cjk else LATIN_FONTS)
    layout = _layout_of(page, rng)
    low_res = photo and rng.random() < 0.22
    floor = 32 if photo else 28 if layout == "label" else MIN_SIZE
    first = rng.randint(floor, MAX_SIZE)
    margins = (rng.randint(60, 110), rng.randint(70, 120))
    pitch = rng.uniform(1.9, 2.3) if layout == "table" else rng.uniform(1.7, 2.2)
    orientations = [LANDSCAPE, PORTRAIT] if rng.random() < 0.5 else [PORTRAIT, LANDSCAPE]
    chosen: tuple[tuple[int, int], int] | None = None
    # Largest size from `first` down that fits; a smaller floor only when nothing else fits.
    for lowest in (floor, MIN_SIZE):
        for page_size in orientations:
            for size in range(first, lowest - 1, -1):
                if _fits(page, font, size, page_size, margins, pitch):
                    chosen = (page_size, size)
                    break
            if chosen:
                break
        if chosen:
            break
    if chosen is None:
        raise ValueError(f"{page.id}: a line does not fit at {MIN_SIZE}px; cut it into two lines in the data")
    page_size, size = chosen
    shade = rng.randint(0, 45)
    ink = (shade, shade, shade + rng.randint(0, 20))
    paper = _paper(rng)
    seed = rng.getrandbits(32)
    if not photo:
        tilt = rng.choice((-1, 1)) * rng.uniform(1.0, 2.0) if rng.random() < 0.2 else 0.0
        jpeg = rng.randint(75, 90) if rng.random() < 0.2 else None
        return Plan(font, size, page_size, paper, ink, layout, *margins, pitch, tilt, jpeg, None, seed)
    # A photographed page is the sheet or label itself, cut to its text, so the text fills the photo.
    wide, tall = _extent(page, font, size, pitch)
    cut_w = min(page_size[0], math.ceil(wide + 2 * margins[0]))
    cut_h = min(page_size[1], max(math.ceil(tall + 2 * margins[1]), round(cut_w * rng.uniform(0.5, 0.7))))
    page_size = (cut_w, cut_h)
    edge = rng.choice(("top", "bottom", "left", "right"))
    grey, dark, warmth = rng.randint(95, 140), rng.randint(45, 70), rng.randint(0, 8)
    desks: list[tuple[str, Rgb]] = [
        ("grey desk", (grey, grey, grey)),
        ("brown desk", (rng.randint(100, 130), rng.randint(75, 95), rng.randint(50, 65))),
        ("dark desk", (dark + warmth, dark, dark - warmth)),
    ]
    desk_name, desk = rng.choice(desks)
    quarter = rng.choices((0, 90, 180, 270), weights=(0.7, 0.1, 0.1, 0.1))[0]
    warm = rng.uniform(0.0, 0.12)
    shot = Photo(
        quad_jitter=tuple(rng.uniform(-0.025, 0.025) for _ in range(8)),
        keystone=rng.uniform(0.04, 0.16),
        keystone_edge=edge,
        angle=rng.choice((-1, 1)) * rng.uniform(3.0, 10.0),
        quarter=quarter,
        fill=rng.uniform(0.72, 0.88),
        low_res=low_res,
        desk=desk,
        desk_name=desk_name,
        light=rng.choice(("gradient", "vignette", "gradient+vignette")),
        light_low=rng.uniform(0.5, 0.8),
        light_dir=rng.uniform(0, 2 * math.pi),
        vignette=rng.uniform(0.25, 0.5),
        tint=(1.0, 1.0 - warm / 2, 1.0 - warm),
        blur=rng.uniform(0.8, 1.8),
        noise=rng.uniform(3.0, 10.0),
        shadow=rng.random() < 0.7,
    )
    jpeg = rng.randint(35, 70) if rng.random() < 0.85 else None
    return Plan(font, size, page_size, paper, ink, layout, *margins, pitch, 0.0, jpeg, shot, seed)


def variant(page: Page) -> str:
    """A short description of what was done to the page, e.g. "noto-serif 28px, rot 2°, jpeg 80"."""
    plan = _plan(page)
    orient = "landscape" if plan.page_size[0] > plan.page_size[1] else "portrait"
    parts = [f"{plan.font} {plan.size}px", f"{plan.layout} {orient}"]
    if plan.tilt:
        parts.append(f"rot {plan.tilt:+.1f}°")
    shot = plan.photo
    if shot is not None:
        parts.append(f"{shot.desk_name}, rot {shot.angle:+.1f}°")
        if shot.quarter:
            parts.append(f"turned {shot.quarter}°")
        parts.append(f"perspective {shot.keystone:.2f} ({shot.keystone_edge} far)")
        light = shot.light.replace("gradient", f"gradient {shot.light_low:.2f}")
        light = light.replace("vignette", f"vignette {shot.vignette:.2f}")
        parts.append(f"light {light}")
        if shot.shadow:
            parts.append("shadow")
        parts.append(f"blur {shot.blur:.1f}, noise {shot.noise:.1f}")
        if shot.low_res:
            parts.append("low-res page 600px")
    if plan.jpeg is not None:
        parts.append(f"jpeg {plan.jpeg}")
    return ", ".join(parts)


# --- drawing --------------------------------------------------------------------------------------------


def _draw_page(page: Page, plan: Plan) -> Image.Image:
    """The flat page: paper, text line by line, and an optional heading, ruled table or label frame."""
    width = plan.page_size[0]
    image = Image.new("RGB", plan.page_size, plan.paper)
    draw = ImageDraw.Draw(image)
    rule = tuple(min(255, round(c * 0.5 + 190 * 0.5)) for c in plan.ink)
    left, top = plan.margin_x, float(plan.margin_y)
    step = plan.size * plan.pitch
    lines = list(enumerate(page.lines))
    if _has_heading(page):
        face = _line_font(plan, page, 0)
        heading_step = plan.size * 1.2 + step
        draw.text(
            (width / 2, top + heading_step * 0.55), page.lines[0], font=face, fill=plan.ink, anchor="ms"
        )
        top += heading_step
        lines = lines[1:]
    # Baselines sit a little below the middle of each row so that ruled lines fall between rows.
    baselines = [top + (k + 0.5) * step + plan.size * 0.36 for k in range(len(lines))]
    right = width - plan.margin_x
    if plan.layout == "table":
        pad = plan.size // 2
        for k in range(len(lines) + 1):
            rule_y = round(top + k * step)
            draw.line([(left - pad, rule_y), (right + pad, rule_y)], fill=rule, width=1)
        bottom = round(top + len(lines) * step)
        for x in (left - pad, right + pad):
            draw.line([(x, round(top)), (x, bottom)], fill=rule, width=1)
    if plan.layout == "label":
        pad = plan.size // 2
        widest = max(_line_font(plan, page, i).getlength(line) for i, line in lines)
        box = (
            left - pad,
            round(top - pad / 2),
            round(left + widest + pad + 8),
            round(top + len(lines) * step + pad / 2),
        )
        draw.rectangle(box, outline=plan.ink, width=max(3, plan.size // 8))
        inner = (box[0] + 8, box[1] + 8, box[2] - 8, box[3] - 8)
        draw.rectangle(inner, outline=plan.ink, width=1)
    for (i, line), y in zip(lines, baselines, strict=True):
        draw.text((left, y), line, font=_line_font(plan, page, i), fill=plan.ink, anchor="ls")
    return image


def _perspective_coeffs(
    dst: Sequence[tuple[float, float]], src: Sequence[tuple[float, float]]
) -> list[float]:
    """PIL PERSPECTIVE coefficients taking each output point in `dst` to the input point in `src`."""
    rows: list[list[float]] = []
    rhs: list[float] = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.extend((u, v))
    solution = np.linalg.solve(np.array(rows, dtype=np.float64), np.array(rhs, dtype=np.float64))
    return [float(c) for c in solution]


def _page_quad(shot: Photo, width: int, height: int) -> list[tuple[float, float]]:
    """The page corners (top-left, top-right, bottom-right, bottom-left) seen by the camera, centred on 0."""
    w, h = width / 2, height / 2
    corners = [[-w, -h], [w, -h], [w, h], [-w, h]]
    k = shot.keystone
    # The far edge is shorter, and the page looks a little foreshortened along the other axis.
    if shot.keystone_edge in ("top", "bottom"):
        far = (0, 1) if shot.keystone_edge == "top" else (2, 3)
        for i in far:
            corners[i][0] *= 1 - k
        for c in corners:
            c[1] *= 1 - k / 3
    else:
        far = (0, 3) if shot.keystone_edge == "left" else (1, 2)
        for i in far:
            corners[i][1] *= 1 - k
        for c in corners:
            c[0] *= 1 - k / 3
    for i, c in enumerate(corners):
        c[0] += shot.quad_jitter[2 * i] * width
        c[1] += shot.quad_jitter[2 * i + 1] * height
    a = math.radians(shot.angle)
    cos, sin = math.cos(a), math.sin(a)
    return [(x * cos - y * sin, x * sin + y * cos) for x, y in corners]


def _smooth_field(np_rng: np.random.Generator, size: tuple[int, int], cells: int) -> FloatArray:
    """Low-frequency random field in [-1, 1] of the given (width, height)."""
    coarse = np_rng.uniform(0, 255, size=(cells, cells)).astype(np.uint8)
    field = np.asarray(Image.fromarray(coarse, "L").resize(size, Image.Resampling.BICUBIC), dtype=np.float32)
    return field / 127.5 - 1.0


def _desk(shot: Photo, size: tuple[int, int], np_rng: np.random.Generator) -> FloatArray:
    width, height = size
    base = np.array(shot.desk, dtype=np.float32)
    gain = 1.0 + 0.08 * _smooth_field(np_rng, size, 6)
    if shot.desk_name == "brown desk":
        # Wood grain: stripes along x that wander a little.
        y = np.arange(height, dtype=np.float32)[:, None]
        wander = 12.0 * _smooth_field(np_rng, size, 4)
        gain += 0.05 * np.sin(2 * np.pi * (y + wander) / np_rng.uniform(9, 17))
    gain += np_rng.normal(0, 0.015, size=(height, width)).astype(np.float32)
    return gain[:, :, None] * base[None, None, :]


def _photograph(page_image: Image.Image, plan: Plan, shot: Photo) -> Image.Image:
    np_rng = np.random.default_rng(plan.seed)
    width, height = page_image.size
    quad = _page_quad(shot, width, height)
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    if shot.low_res:
        scale = 600 / width
        canvas = (round(span_x * scale / shot.fill), round(span_y * scale / shot.fill))
    else:
        # About a megapixel, the photo's shape following the page's.
        scale = shot.fill * math.sqrt(1_050_000 / (span_x * span_y)) * 0.98
        canvas = (round(span_x * scale / shot.fill), round(span_y * scale / shot.fill))
    cx = canvas[0] / 2 - (max(xs) + min(xs)) / 2 * scale
    cy = canvas[1] / 2 - (max(ys) + min(ys)) / 2 * scale
    slack_x, slack_y = canvas[0] * (1 - shot.fill) / 3, canvas[1] * (1 - shot.fill) / 3
    cx += float(np_rng.uniform(-slack_x, slack_x))
    cy += float(np_rng.uniform(-slack_y, slack_y))
    dst = [(x * scale + cx, y * scale + cy) for x, y in quad]
    src = [(0.0, 0.0), (float(width), 0.0), (float(width), float(height)), (0.0, float(height))]
    coeffs = _perspective_coeffs(dst, src)
    warped = page_image.transform(canvas, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BICUBIC)
    # The mask is 0 on the page's outermost pixels so that interpolation smooths the warped page's edges.
    sheet = Image.new("L", page_image.size, 0)
    ImageDraw.Draw(sheet).rectangle((1, 1, width - 2, height - 2), fill=255)
    mask = sheet.transform(canvas, Image.Transform.PERSPECTIVE, coeffs, Image.Resampling.BILINEAR)
    scene = _desk(shot, canvas, np_rng)
    if shot.shadow:
        offset = max(4, round(canvas[0] * 0.01))
        shade = Image.new("L", canvas, 0)
        ImageDraw.Draw(shade).polygon([(x + offset, y + offset * 1.5) for x, y in dst], fill=255)
        soft = np.asarray(shade.filter(ImageFilter.GaussianBlur(offset * 1.5)), dtype=np.float32) / 255
        scene *= (1 - 0.5 * soft)[:, :, None]
    alpha = np.asarray(mask, dtype=np.float32)[:, :, None] / 255
    scene = (scene * (1 - alpha) + np.asarray(warped, dtype=np.float32) * alpha).astype(np.float32)
    # Uneven light: a gradient across the scene and/or darker corners, with a colour cast.
    ys_grid, xs_grid = np.mgrid[0 : canvas[1], 0 : canvas[0]].astype(np.float32)
    light = np.ones((canvas[1], canvas[0]), dtype=np.float32)
    if "gradient" in shot.light:
        t = xs_grid * math.cos(shot.light_dir) + ys_grid * math.sin(shot.light_dir)
        t = (t - t.min()) / max(float(t.max() - t.min()), 1.0)
        light *= shot.light_low + (1.05 - shot.light_low) * t
    if "vignette" in shot.light:
        r2 = ((xs_grid / canvas[0] - 0.5) ** 2 + (ys_grid / canvas[1] - 0.5) ** 2) * 2
        light *= 1 - shot.vignette * r2
    scene *= light[:, :, None] * np.array(shot.tint, dtype=np.float32)[None, None, :]
    image = Image.fromarray(np.clip(scene, 0, 255).astype(np.uint8), "RGB")
    image = image.filter(ImageFilter.GaussianBlur(shot.blur))
    noisy = np.asarray(image, dtype=np.float32)
    grain = np_rng.normal(0, shot.noise, size=(canvas[1], canvas[0], 1)).astype(np.float32)
    chroma = np_rng.normal(0, shot.noise / 3, size=noisy.shape).astype(np.float32)
    image = Image.fromarray(np.clip(noisy + grain + chroma, 0, 255).astype(np.uint8), "RGB")
    turns = {
        90: Image.Transpose.ROTATE_90,
        180: Image.Transpose.ROTATE_180,
        270: Image.Transpose.ROTATE_270,
    }
    if shot.quarter:
        image = image.transpose(turns[shot.quarter])
    return image


def _render(page: Page) -> tuple[Image.Image, bytes | None]:
    """The image and, when it was JPEG-encoded, the JPEG file's bytes."""
    plan = _plan(page)
    image = _draw_page(page, plan)
    if plan.photo is not None:
        image = _photograph(image, plan, plan.photo)
    elif plan.tilt:
        image = image.rotate(plan.tilt, resample=Image.Resampling.BICUBIC, fillcolor=plan.paper)
    if plan.jpeg is None:
        return image, None
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=plan.jpeg)
    data = buffer.getvalue()
    decoded = Image.open(io.BytesIO(data))
    decoded.load()
    return decoded.convert("RGB"), data


def render(page: Page) -> Image.Image:
    """The page's image (RGB, about a megapixel; a low-resolution photo is smaller), the same on every run."""
    return _render(page)[0]


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.ocr_images OUT_DIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for page in load_pages():
        image, jpeg = _render(page)
        if jpeg is None:
            image.save(out / f"{page.id}.png")
        else:
            (out / f"{page.id}.jpg").write_bytes(jpeg)
        print(f"{page.id} {page.set:7} {page.lang:5} {image.size[0]}x{image.size[1]}  {variant(page)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
