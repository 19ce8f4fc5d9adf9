"""Photo reading measured on the test image set (tests/ocr_images.py, tests/data/ocr/pages.jsonl): character
accuracy, and screening agreement — the screening of the text read gives the same substances (any list) and
the same risk level as the screening of the true text.

    python -m tests.ocr_evaluation [--set printed|photo] [--errors]

Character accuracy is 1 - (edit distance / characters) over a group's pages, both sides in NFKC (a full-width
"９９％" read as "99%" is the same text, as the screening's normaliser says) and white space left out (the
recogniser joins words a Chinese declaration prints with spaces between; the screening reads both alike).
"""

import argparse
import statistics
import sys
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.types import Declaration, Item  # noqa: E402
from app.ocr import Recogniser  # noqa: E402
from app.screening.pipeline import Resources, load_resources, screen  # noqa: E402
from tests.ocr_images import Page, load_pages, render, truth, variant  # noqa: E402


@dataclass(frozen=True)
class PageOutcome:
    page: Page
    read: str
    distance: int
    characters: int
    agree: bool
    expected: tuple[frozenset[str], str]  # substances and risk level of the true text
    got: tuple[frozenset[str], str]
    seconds: float


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def screening_of(text: str, res: Resources) -> tuple[frozenset[str], str]:
    result = screen(Declaration(items=(Item(text),)), res)
    found = frozenset(r.substance_id for r in result.reasons if r.substance_id)
    drugs = frozenset(f"drug:{d}" for d in _drug_ids(result))
    return found | drugs, result.risk_level.name.lower()


def _drug_ids(result: object) -> Iterator[str]:
    for r in getattr(result, "reasons", ()):
        drug = (r.details or {}).get("drug") if isinstance(r.details, dict) else None
        if drug:
            yield str(drug)


def run(pages: Iterable[Page], res: Resources, recogniser: Recogniser) -> Iterator[PageOutcome]:
    for page in pages:
        reading = recogniser.read(render(page))
        want, got = _squeezed(truth(page)), _squeezed(reading.text)
        expected, found = screening_of(truth(page), res), screening_of(reading.text, res)
        yield PageOutcome(
            page,
            reading.text,
            Levenshtein.distance(want, got),
            len(want),
            expected == found,
            expected,
            found,
            reading.seconds,
        )


@dataclass(frozen=True)
class GroupScore:
    pages: int
    accuracy: float
    agreement: float
    median_seconds: float


def score(outcomes: list[PageOutcome]) -> GroupScore:
    chars = sum(o.characters for o in outcomes)
    return GroupScore(
        len(outcomes),
        1 - sum(o.distance for o in outcomes) / chars if chars else 1.0,
        sum(o.agree for o in outcomes) / len(outcomes) if outcomes else 1.0,
        statistics.median(o.seconds for o in outcomes) if outcomes else 0.0,
    )


def groups(outcomes: list[PageOutcome]) -> dict[str, list[PageOutcome]]:
    """By set and language ('mixed': Chinese with Russian or English on one page), and each set as a whole."""
    out: dict[str, list[PageOutcome]] = {}
    for o in outcomes:
        out.setdefault(f"{o.page.set}/{o.page.lang}", []).append(o)
        out.setdefault(f"{o.page.set}/all", []).append(o)
    return dict(sorted(out.items()))


def report(outcomes: list[PageOutcome], errors: bool = False) -> str:
    lines = [f"{'set/lang':<14}{'pages':>6}{'char acc':>10}{'agree':>8}{'median s':>10}"]
    for name, group in groups(outcomes).items():
        s = score(group)
        lines.append(f"{name:<14}{s.pages:>6}{s.accuracy:>10.3f}{s.agreement:>8.3f}{s.median_seconds:>10.2f}")
    if errors:
        for o in outcomes:
            if not o.agree or o.distance:
                mark = "DISAGREE" if not o.agree else "chars"
                lines.append(f"\n{o.page.id} {o.page.set}/{o.page.lang} {mark} ({variant(o.page)})")
                lines.append(f"  true: {truth(o.page)!r}\n  read: {o.read!r}")
                if not o.agree:
                    lines.append(f"  screening true {o.expected} read {o.got}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["printed", "photo"])
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args(argv)
    pages = [p for p in load_pages() if args.set in (None, p.set)]
    res = load_resources(cache_dir=ROOT / "var" / "cache", item_cache_size=0)
    started = time.perf_counter()
    outcomes = list(run(pages, res, Recogniser()))
    print(report(outcomes, args.errors))
    print(f"{len(outcomes)} pages in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
