#!/usr/bin/env python3
"""Derive the table of shape-alike characters (形近字) for the lexicon's Chinese names.

Usage (from the repository root):

    python scripts/build_zh_confusables.py \\
        --pycorrector WHEELDIR/pycorrector-1.1.4-py3-none-any.whl \\
        --char-similar WHEELDIR/char_similar-0.0.2-py2.py3-none-any.whl \\
        --names zh_names.txt --font /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \\
        --pool gbk --rare-k 8 > app/lexicon/zh_shape_alike.yaml

The names file is ``python scripts/dump_zh_names.py > zh_names.txt`` (in the project's environment).
Get the wheels with
``pip download --no-deps -d WHEELDIR pycorrector==1.1.4 char-similar==0.0.2``.  They are read
as zip files; nothing is installed or imported from them.  The names file holds one Chinese
name per line (blank lines and lines starting with ``#`` are skipped).  Every distinct Han
character in it gets the characters a scanner (OCR) or a hurried reader may put in its place
because of their shape:

(a) the other members of its groups in pycorrector's ``same_stroke.txt``;
(b) characters built from the same non-radical part (phonetic) with a different radical in
    the same layout (酐/肝/杆 share 干 on the right, 锰/猛 share 孟), when that part has at
    least ``--min-part-strokes`` strokes and the character is common: in pycorrector's
    ``common_char_set.txt`` or with a char-similar frequency of at least ``--min-frequency``;
(c) GB 2312 characters with the same radical in the same layout whose remaining part is
    similar in shape, by at least ``--part-threshold`` (干/丁/寸 give 酐/酊/酎); at most
    ``--part-cap`` of them, the most similar parts first;
(d) common characters similar as a whole by at least ``--whole-threshold`` (丙/两, 甲/田, and
    for compound characters the scanner's swaps of a whole character, 钾/钟);
(e) with ``--font``: what a scanner sees.  Glyphs are drawn 40 px in a 48 px square in the given font
    (Noto Sans CJK SC, face 2 of Debian's fonts-noto-cjk NotoSansCJK-Regular.ttc, OFL-1.1), blurred
    (Gaussian, radius 1.5 px) so that a stroke shifted by a pixel still overlaps, and compared by cosine
    similarity.  Of the 6,763 characters of GB 2312, those whose glyph is at least 0.6 alike are scored by
    glyph similarity plus char-similar's whole-character score (two views of shape: pixels and structure);
    the ``--glyph-k`` best with a sum of at least ``--combined-threshold`` are added after the others, apart
    from ``--cap`` and ``--min-shape`` (麻/庥, 樟/棹, 氢/氩, 锰/镒, 醚/醍).  With ``--pool gbk`` the 14,160
    rarer characters of GBK are compared as well and the ``--rare-k`` best of them added last (茉/苿, 樟/橦:
    a scanner's or an input method's output is not limited to GB 2312).  Needs Pillow and NumPy
    (``pip install pillow==13.0.0 numpy==2.4.6``), which the service itself does not.

Characters that count or name in chemistry are never alikes of each other, whatever their shape: another
element (氯/氟, 钾/钠), another numeral (二/三) or another stem of the series 甲乙丙丁… (乙/己) makes the name
of another real chemical (三氟甲烷 is not 三氯甲烷, 己醚 is not 乙醚), not a misreading.  The classes are the
Chinese names of the elements 1-103 (as standardised by the China National Committee for Terms in Sciences and
Technologies), the numerals 一…十 and the ten heavenly stems.

Shape similarity is char-similar 0.0.2's ``cal_sim_by_shape`` (``char_similarity_std.py``),
reimplemented here over the same data files with its published weights: structure 8,
four-corner code 7, stroke count 6, corpus frequency 5, decomposition 4, stroke-order set 3,
radical 2 (``--frequency-weight`` changes the frequency weight).  Every entry must reach
``--min-shape`` as whole characters; this drops groups of ``same_stroke.txt`` that only share
a component (丁/打, 马/驰).  Each list is ordered by that similarity, best first, and cut
to ``--cap``.  A character is never listed as its own alike.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

SAME_STROKE = "pycorrector/data/same_stroke.txt"
COMMON_CHARS = "pycorrector/data/common_char_set.txt"
CHAR_SIMILAR_DATA = "char_similar/data/"
CHAR_SIMILAR_TABLES = ("component", "fourangle", "frequency", "number", "order", "stroke", "struct")

# Weights of char-similar 0.0.2 cal_sim_by_shape (char_similarity_std.py).
RATE_FOURANGLE = 7
RATE_COMPONENT = 2
RATE_FREQUENCY = 5
RATE_NUMBER = 6
RATE_STROKE = 4
RATE_STRUCT = 8
RATE_ORDER = 3
FOURANGLE_CODE = 4  # leading digits of the four-corner code compared

# A decomposition part counts as a written form of a radical (钅 -> 金, 氵 -> 水) when it stands
# in for the radical in at least this many characters and this share of the characters whose
# decomposition does not contain the radical itself.
VARIANT_MIN_CHARS = 20
VARIANT_MIN_SHARE = 0.2


HEADER = (
    "# Characters confused by shape (形近字) with the characters of the lexicon's Chinese names.\n"
    "# Derived by scripts/build_zh_confusables.py from: pycorrector {pc.version} same_stroke.txt and "
    "common_char_set.txt ({pc.licence}); char-similar {cs.version} char_*.dict ({cs.licence}).\n"
    "# Not edited by hand: re-run the script when names change.\n"
)


def is_han(ch: str) -> bool:
    name = unicodedata.name(ch, "") if len(ch) == 1 else ""
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"))


def in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True)
class Distribution:
    name: str
    version: str
    licence: str
    sha256: str


LICENCE_IDS = {"Apache 2.0": "Apache-2.0", "Apache-2.0": "Apache-2.0", "MIT": "MIT"}


def read_distribution(zf: zipfile.ZipFile, wheel: Path) -> Distribution:
    """Name, version and licence from the wheel's own metadata and licence file."""
    infos = [n for n in zf.namelist() if ".dist-info/" in n]
    meta_name = next(n for n in infos if n.endswith(".dist-info/METADATA"))
    meta = HeaderParser().parsestr(zf.read(meta_name).decode("utf-8"))
    declared = (meta.get("License") or "").strip()
    declared_id = LICENCE_IDS.get(declared, declared)
    found = ""
    for name in infos:
        if "LICEN" not in name.rsplit("/", 1)[-1].upper():
            continue
        text = zf.read(name).decode("utf-8", "replace")
        if "Apache License" in text and "Version 2.0" in text:
            found = "Apache-2.0"
        elif "Permission is hereby granted, free of charge" in text:
            found = "MIT"
    if found and declared_id and found != declared_id:
        licence = f"{found} per its LICENSE file; its metadata says {declared}"
    else:
        licence = found or declared_id or "unknown"
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    return Distribution(str(meta["Name"]), str(meta["Version"]), licence, digest)


@dataclass(frozen=True)
class CharData:
    component: dict[str, str]  # radical
    fourangle: dict[str, str]  # four-corner code
    frequency: dict[str, float]  # corpus frequency (log scale, 0 = unseen)
    number: dict[str, int]  # stroke count
    order: dict[str, str]  # stroke order, digits 1-5
    stroke: dict[str, list[str]]  # decomposition into parts
    struct: dict[str, str]  # structure code


def read_char_similar(zf: zipfile.ZipFile) -> CharData:
    tables = {t: json.loads(zf.read(f"{CHAR_SIMILAR_DATA}char_{t}.dict")) for t in CHAR_SIMILAR_TABLES}
    return CharData(**tables)


def read_same_stroke(zf: zipfile.ZipFile) -> list[list[str]]:
    groups = []
    for line in zf.read(SAME_STROKE).decode("utf-8").splitlines():
        group = list(dict.fromkeys(c for c in line.split("\t") if is_han(c)))
        if len(group) > 1:
            groups.append(group)
    return groups


def read_common(zf: zipfile.ZipFile) -> set[str]:
    return {w for w in zf.read(COMMON_CHARS).decode("utf-8").split() if is_han(w)}


class Shape:
    """char-similar's shape similarity (cal_sim_by_shape) over its data files."""

    def __init__(self, data: CharData, rate_frequency: float = RATE_FREQUENCY) -> None:
        self.d = data
        self.rate_frequency = rate_frequency
        self.rates = (
            RATE_FOURANGLE
            + RATE_COMPONENT
            + rate_frequency
            + RATE_NUMBER
            + RATE_STROKE
            + RATE_STRUCT
            + RATE_ORDER
        )
        self._cache: dict[tuple[str, str], float] = {}

    def _fourangle(self, a: str, b: str) -> float:
        fa, fb = self.d.fourangle.get(a, ""), self.d.fourangle.get(b, "")
        if not (fa and fb):
            return 0.0
        pairs = zip(fa[:FOURANGLE_CODE], fb[:FOURANGLE_CODE], strict=False)
        return sum(1 for x, y in pairs if x == y) / FOURANGLE_CODE

    def _component(self, a: str, b: str) -> float:
        ca = self.d.component.get(a, "")
        return 1.0 if ca and ca == self.d.component.get(b, "") else 0.0

    @staticmethod
    def _ratio(x: float, y: float) -> float:
        return 1 - abs((x - y) / max(x, y)) if x and y else 0.0

    def _stroke(self, a: str, b: str) -> float:
        sa, sb = set(self.d.stroke.get(a, [])), set(self.d.stroke.get(b, []))
        return len(sa & sb) / len(sa | sb) if sa and sb else 0.0

    def _struct(self, a: str, b: str) -> float:
        ta = self.d.struct.get(a, "")
        return 1.0 if ta and ta == self.d.struct.get(b, "") else 0.0

    def _order(self, a: str, b: str) -> float:
        oa, ob = set(self.d.order.get(a, "")), set(self.d.order.get(b, ""))
        return len(oa & ob) / len(oa | ob) if oa and ob else 1.0

    def __call__(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        key = (a, b) if a < b else (b, a)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        total = (
            self._fourangle(a, b) * RATE_FOURANGLE
            + self._component(a, b) * RATE_COMPONENT
            + self._ratio(self.d.frequency.get(a, 1), self.d.frequency.get(b, 1)) * self.rate_frequency
            + self._ratio(self.d.number.get(a, 0), self.d.number.get(b, 0)) * RATE_NUMBER
            + self._stroke(a, b) * RATE_STROKE
            + self._struct(a, b) * RATE_STRUCT
            + self._order(a, b) * RATE_ORDER
        )
        score = round(total / self.rates, 4)
        self._cache[key] = score
        return score


@dataclass(frozen=True)
class Split:
    radical: str  # char-similar's radical (char_component)
    position: int  # index of the radical's part in the decomposition
    rest: tuple[str, ...]  # the other parts, in order


def radical_variants(data: CharData) -> dict[str, set[str]]:
    """Decomposition parts that write each radical (钅 -> {金}), learnt from the data."""
    stand_ins: dict[str, Counter[str]] = defaultdict(Counter)
    missing: Counter[str] = Counter()
    for ch, parts in data.stroke.items():
        radical = data.component.get(ch)
        if not radical or radical in parts:
            continue
        missing[radical] += 1
        stand_ins[radical].update(set(parts))
    variants: dict[str, set[str]] = defaultdict(set)
    for radical, counts in stand_ins.items():
        for part, n in counts.items():
            if n >= VARIANT_MIN_CHARS and n >= VARIANT_MIN_SHARE * missing[radical]:
                variants[radical].add(part)
    return variants


def split_chars(data: CharData) -> dict[str, Split]:
    """Radical and remaining parts of every character whose decomposition shows its radical."""
    variants = radical_variants(data)
    splits: dict[str, Split] = {}
    for ch, parts in data.stroke.items():
        radical = data.component.get(ch)
        if not radical or len(parts) < 2:
            continue
        forms = {radical} | variants.get(radical, set())
        position = next((i for i, p in enumerate(parts) if p in forms), None)
        if position is None:
            continue
        rest = tuple(parts[:position] + parts[position + 1 :])
        if radical in rest or ch in rest:
            continue
        splits[ch] = Split(radical, position, rest)
    return splits


# Classes of characters never alike to each other (see the module docstring).
ELEMENTS = (
    "氢氦锂铍硼碳氮氧氟氖钠镁铝硅磷硫氯氩钾钙钪钛钒铬锰铁钴镍铜锌镓锗砷硒溴氪铷锶钇锆铌钼锝钌铑钯银镉铟锡锑碲"
    "碘氙铯钡镧铈镨钕钷钐铕钆铽镝钬铒铥镱镥铪钽钨铼锇铱铂金汞铊铅铋钋砹氡钫镭锕钍镤铀镎钚镅锔锫锎锿镄钔锘铹"
)
NUMERALS = "一二三四五六七八九十"
STEMS = "甲乙丙丁戊己庚辛壬癸"
COUNTING_CLASSES = (frozenset(ELEMENTS), frozenset(NUMERALS), frozenset(STEMS))


def same_counting_class(a: str, b: str) -> bool:
    return any(a in cls and b in cls for cls in COUNTING_CLASSES)


GLYPH_SIZE = 48  # px square a glyph is drawn in
GLYPH_EM = 40  # font size, px
GLYPH_BLUR = 1.5  # Gaussian radius, px
GLYPH_FACE = 2  # Noto Sans CJK SC in NotoSansCJK-Regular.ttc


GLYPH_FLOOR = 0.6  # glyph similarity below which a character is not scored at all


def gb2312_chars() -> list[str]:
    """The 6,763 characters of GB 2312 (rows 16-87), in code order."""
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if is_han(ch):
                chars.append(ch)
    return chars


def gbk_chars() -> list[str]:
    """The 20,923 Chinese characters of GBK (GB 2312 and the rarer ones a scanner may also put out: 苿, 橦,
    夌), in code order."""
    chars = []
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            if lo == 0x7F:
                continue
            try:
                ch = bytes([hi, lo]).decode("gbk")
            except UnicodeDecodeError:
                continue
            if is_han(ch):
                chars.append(ch)
    return chars


POOLS = {"gb2312": gb2312_chars, "gbk": gbk_chars}


def glyph_similarity(
    targets: Sequence[str], font_path: Path, pool_name: str = "gb2312"
) -> dict[str, dict[str, float]]:
    """(e) For each target, the characters of the pool (GB 2312 or GBK) whose rendered glyphs are at least
    GLYPH_FLOOR alike (cosine of blurred bitmaps)."""
    import numpy as np  # build-time only
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(str(font_path), GLYPH_EM, index=GLYPH_FACE)

    def vector(ch: str) -> Any:
        image = Image.new("L", (GLYPH_SIZE, GLYPH_SIZE), 0)
        ImageDraw.Draw(image).text((GLYPH_SIZE / 2, GLYPH_SIZE / 2), ch, fill=255, font=font, anchor="mm")
        pixels = np.asarray(image.filter(ImageFilter.GaussianBlur(GLYPH_BLUR)), dtype=np.float64).ravel()
        pixels -= pixels.mean()
        norm = np.linalg.norm(pixels)
        return pixels / norm if norm else pixels

    pool = POOLS[pool_name]()
    similarity = np.stack([vector(c) for c in targets]) @ np.stack([vector(c) for c in pool]).T
    out: dict[str, dict[str, float]] = {}
    for i, target in enumerate(targets):
        near = np.nonzero(similarity[i] >= GLYPH_FLOOR)[0]
        out[target] = {pool[j]: round(float(similarity[i, j]), 4) for j in near if pool[j] != target}
    return out


@dataclass(frozen=True)
class Settings:
    part_threshold: float
    whole_threshold: float
    min_shape: float
    min_part_strokes: int
    min_frequency: float
    part_cap: int
    cap: int
    glyph_k: int = 60
    combined_threshold: float = 1.25
    rare_k: int = 0  # (e) with the GBK pool: most characters outside GB 2312 added, after the others


@dataclass(frozen=True)
class Alike:
    char: str
    score: float  # whole-character shape similarity to the target
    sources: str  # letters a-d of the rules that found it


def build(
    targets: Iterable[str],
    groups: Sequence[Sequence[str]],
    common: set[str],
    data: CharData,
    shape: Shape,
    settings: Settings,
    glyphs: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, list[Alike]]:
    splits = split_chars(data)

    def is_common(ch: str) -> bool:
        return ch in common or data.frequency.get(ch, 0) >= settings.min_frequency

    def layout(ch: str) -> tuple[int, str]:
        return splits[ch].position, data.struct.get(ch, "")

    by_rest: dict[tuple[str, ...], list[str]] = defaultdict(list)
    by_radical: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for ch, split in splits.items():
        if in_gb2312(ch):
            by_rest[split.rest].append(ch)
            by_radical[(split.radical, *layout(ch))].append(ch)
    in_groups: dict[str, set[str]] = defaultdict(set)
    for group in groups:
        for ch in group:
            in_groups[ch].update(group)
    everyday = sorted(ch for ch in data.component if is_han(ch) and in_gb2312(ch) and is_common(ch))

    table: dict[str, list[Alike]] = {}
    for target in sorted(set(targets)):
        found: dict[str, set[str]] = defaultdict(set)
        for ch in in_groups.get(target, set()):
            found[ch].add("a")
        own = splits.get(target)
        if own is not None:
            if sum(data.number.get(p, 0) for p in own.rest) >= settings.min_part_strokes:
                for ch in by_rest.get(own.rest, []):
                    if splits[ch].radical != own.radical and layout(ch) == layout(target) and is_common(ch):
                        found[ch].add("b")
            if len(own.rest) == 1:
                parts: list[tuple[float, str]] = []
                for ch in by_radical.get((own.radical, *layout(target)), []):
                    other = splits[ch].rest
                    if ch != target and len(other) == 1:
                        part_score = shape(own.rest[0], other[0])
                        if part_score >= settings.part_threshold:
                            parts.append((-part_score, ch))
                for _, ch in sorted(parts)[: settings.part_cap]:
                    found[ch].add("c")
        # (d) for every character: common characters alike as a whole
        if everyday:
            for ch in everyday:
                if shape(target, ch) >= settings.whole_threshold:
                    found[ch].add("d")
        found.pop(target, None)
        for ch in [c for c in found if same_counting_class(target, c)]:
            del found[ch]
        alikes = [Alike(ch, shape(target, ch), "".join(sorted(src))) for ch, src in found.items()]
        alikes = [a for a in alikes if a.score >= settings.min_shape]
        alikes.sort(key=lambda a: (-a.score, a.char))
        alikes = alikes[: settings.cap]
        # (e) pixels and structure together, apart from the cap and the floor of the others
        combined = sorted(
            (-(shape(target, ch) + glyph), ch) for ch, glyph in (glyphs or {}).get(target, {}).items()
        )
        have = {a.char for a in alikes}
        combined = [(neg, ch) for neg, ch in combined if not same_counting_class(target, ch)]
        # characters of GB 2312 first; rarer ones (GBK: 苿 for 茉, 橦 for 樟) after them, fewer, so that a
        # rare glyph never pushes a common one out and costs more as a reading
        usual = [(neg, ch) for neg, ch in combined if in_gb2312(ch)][: settings.glyph_k]
        rare = [(neg, ch) for neg, ch in combined if not in_gb2312(ch)][: settings.rare_k]
        for neg, ch in (*usual, *rare):
            if -neg >= settings.combined_threshold and ch not in have:
                alikes.append(Alike(ch, shape(target, ch), "e"))
        if alikes:
            table[target] = alikes
    return table


def render(
    table: dict[str, list[Alike]],
    pycorrector: Distribution,
    char_similar: Distribution,
    source: dict[str, str],
) -> str:
    """The YAML file; `source` values are strings (app/lexicon/schema.py ShapeAlikeFile)."""
    out = [HEADER.format(pc=pycorrector, cs=char_similar), "source:\n"]
    out += [f"  {key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in source.items()]
    out.append("shape_alike:\n")
    out += [f"  {target}: [{', '.join(a.char for a in alikes)}]\n" for target, alikes in table.items()]
    return "".join(out)


def describe(dist: Distribution, files: Sequence[str]) -> str:
    return f"{dist.name} {dist.version} ({dist.licence}): {', '.join(files)}; wheel sha256 {dist.sha256}"


def read_names(path: Path) -> tuple[int, list[str]]:
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    names = [n for n in lines if n and not n.startswith("#")]
    return len(names), sorted({ch for n in names for ch in n if is_han(ch)})


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--pycorrector", type=Path, required=True, help="pycorrector 1.1.4 wheel")
    add("--char-similar", type=Path, required=True, help="char-similar 0.0.2 wheel")
    add("--names", type=Path, required=True, help="Chinese names, one per line")
    add("--part-threshold", type=float, default=0.7, help="(c) remaining-part similarity (0.7)")
    add("--whole-threshold", type=float, default=0.85, help="(d) whole-character similarity (0.85)")
    add("--min-shape", type=float, default=0.5, help="whole-character similarity of every entry (0.5)")
    add("--min-part-strokes", type=int, default=3, help="(b) strokes of the shared part (3)")
    add("--min-frequency", type=float, default=12.0, help="(b), (d) char-similar frequency (12)")
    add("--frequency-weight", type=float, default=RATE_FREQUENCY, help="similarity weight (5)")
    add("--part-cap", type=int, default=10, help="(c) most characters, most similar parts first (10)")
    add("--cap", type=int, default=16, help="longest list (16)")
    add("--font", type=Path, help="(e) CJK font file (NotoSansCJK-Regular.ttc); without it, no rule (e)")
    add("--pool", choices=sorted(POOLS), default="gb2312", help="(e) characters compared (gb2312)")
    add("--glyph-k", type=int, default=60, help="(e) most characters added per character (60)")
    add("--rare-k", type=int, default=0, help="(e) most characters outside GB 2312, with --pool gbk (0)")
    add("--combined-threshold", type=float, default=1.25, help="(e) glyph + char-similar score (1.25)")
    add("--explain", action="store_true", help="print scores and rules (a-d) to stderr")
    args = parser.parse_args(argv)

    settings = Settings(
        part_threshold=args.part_threshold,
        whole_threshold=args.whole_threshold,
        min_shape=args.min_shape,
        min_part_strokes=args.min_part_strokes,
        min_frequency=args.min_frequency,
        part_cap=args.part_cap,
        cap=args.cap,
        glyph_k=args.glyph_k,
        combined_threshold=args.combined_threshold,
        rare_k=args.rare_k,
    )
    with zipfile.ZipFile(args.pycorrector) as zf:
        pycorrector = read_distribution(zf, args.pycorrector)
        groups = read_same_stroke(zf)
        common = read_common(zf)
    with zipfile.ZipFile(args.char_similar) as zf:
        char_similar = read_distribution(zf, args.char_similar)
        data = read_char_similar(zf)
    n_names, chars = read_names(args.names)
    glyphs = glyph_similarity(chars, args.font, args.pool) if args.font else None
    table = build(chars, groups, common, data, Shape(data, args.frequency_weight), settings, glyphs)

    settings_text = ", ".join(f"{k} {v:g}" for k, v in vars(settings).items())
    source = {
        "pycorrector": describe(pycorrector, [SAME_STROKE, COMMON_CHARS]),
        "char_similar": describe(
            char_similar, [f"{CHAR_SIMILAR_DATA}char_{t}.dict" for t in CHAR_SIMILAR_TABLES]
        ),
        "names": f"{n_names} names, {len(chars)} characters, {len(table)} with alikes",
        # the tests compare it with the index's characters: a name with a new character needs a new table
        "characters_sha256": hashlib.sha256("".join(chars).encode("utf-8")).hexdigest(),
        "method": (
            "rules (a) same_stroke.txt, (b) same phonetic, (c) same radical and similar part,"
            " (d) alike as a whole; similarity char-similar cal_sim_by_shape,"
            f" frequency weight {args.frequency_weight:g}; {settings_text}"
            + (
                f"; (e) rendered glyphs of {args.pool.upper()} + char-similar (glyph_k, combined_threshold)"
                if args.font
                else ""
            )
        ),
    }
    if args.font:
        digest = hashlib.sha256(args.font.read_bytes()).hexdigest()
        source["font"] = f"{args.font.name} face {GLYPH_FACE} (Noto Sans CJK SC, OFL-1.1); sha256 {digest}"
    sys.stdout.write(render(table, pycorrector, char_similar, source))
    if args.explain:
        for target, alikes in table.items():
            print(
                f"{target}: " + " ".join(f"{a.char}{a.score:.2f}{a.sources}" for a in alikes), file=sys.stderr
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
