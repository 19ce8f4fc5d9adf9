"""Detection quality over two labelled corpora, reported apart:

- tuning: tests/data/eval_*.jsonl, written together with the lexicon (training-set figures);
- held-out: tests/data/heldout/cases.jsonl, written from other sources by a session that never saw the
  lexicon, and frozen: never edited in a commit that also changes app/lexicon/ or app/rules/. Only its
  figures count.

    python -m tests.evaluation [--errors] [--part tuning|heldout]

Per category and per language: items, label precision and recall (a label is one expected substance of one
item), and for the negative categories the share of items where any controlled substance was reported. Items
whose note says `bad_cas_check_digit` must instead produce the invalid-CAS reason. The held-out quantities
(tests/data/heldout/quantities*.jsonl) are read by the facts stage and the number reader:
the share read right.
"""

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.types import Declaration, Item
from app.screening.pipeline import Resources, load_resources, screen
from tests.evaluation_lists import LISTED_FILES, listed_outcomes, listed_report, read_heldout
from tests.scenarios import load_scenarios
from tests.scenarios import run as run_scenario
from tests.scenarios import summary as scenario_summary

DATA = Path(__file__).resolve().parent / "data"
HELDOUT = DATA / "heldout"
NEGATIVE = {"ordinary", "overlap", "near_miss", "shape_twin"}
PARTS = {
    "tuning": sorted(DATA.glob("eval_*.jsonl")),
    "heldout": [HELDOUT / "cases.jsonl"],
    # later held-out slices of shape-alike Chinese, each written after the previous one's errors had been read
    # (reading_5 after the GBK table)
    "heldout-2": [HELDOUT / "reading_2.jsonl"],
    "heldout-3": [HELDOUT / "reading_3.jsonl"],
    "heldout-4": [HELDOUT / "reading_4.jsonl"],
    "heldout-5": [HELDOUT / "reading_5.jsonl"],
    "heldout-6": [HELDOUT / "reading_6.jsonl"],
    # a second whole held-out corpus (every category, three languages), written in session 10
    "heldout-cases-2": [HELDOUT / "cases_2.jsonl"],
    # a third, written after cases_2's errors had been answered, weighted to the categories cases_2 found weak
    "heldout-cases-3": [HELDOUT / "cases_3.jsonl"],
    # a fourth, written after cases_3's errors had been answered
    "heldout-cases-4": [HELDOUT / "cases_4.jsonl"],
    # a fifth, written after cases_4's errors had been answered (session 11)
    "heldout-cases-5": [HELDOUT / "cases_5.jsonl"],
    # a sixth, written after cases_5's errors had been answered (session 11)
    "heldout-cases-6": [HELDOUT / "cases_6.jsonl"],
    # a seventh, written while cases_6 was answered (session 11)
    "heldout-cases-7": [HELDOUT / "cases_7.jsonl"],
    # an eighth, written after cases_7's answer (session 12)
    "heldout-cases-8": [HELDOUT / "cases_8.jsonl"],
    # a ninth, written after cases_8's answer (session 13)
    "heldout-cases-9": [HELDOUT / "cases_9.jsonl"],
    # a tenth, written while cases_9's errors were answered (session 13)
    "heldout-cases-10": [HELDOUT / "cases_10.jsonl"],
}

# The floors the suite enforces (issue: lexicon and matching).
RECALL_FLOORS = {
    "plain": 1.00,
    "inflected": 0.97,
    "traditional": 0.97,
    "fullwidth": 0.97,
    "lookalike": 0.97,
    "spaced": 0.97,
    "misspelled": 0.90,
    "transliterated": 0.90,
}
FALSE_POSITIVE_CEILINGS = {"ordinary": 0.01, "overlap": 0.02}


@dataclass
class Case:
    id: str
    category: str
    lang: str
    text: str
    hs_code: str | None
    expected: frozenset[str]
    note: str

    @property
    def expects_bad_cas(self) -> bool:
        return "bad_cas_check_digit" in self.note


@dataclass
class Outcome:
    case: Case
    found: frozenset[str]
    bad_cas: bool


@dataclass
class CategoryScore:
    items: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    items_with_fp: int = 0
    errors: list[Outcome] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def fp_rate(self) -> float:
        return self.items_with_fp / self.items if self.items else 0.0


def load_cases(paths: Iterable[Path] | None = None) -> list[Case]:
    cases = []
    for path in paths or sorted(DATA.glob("eval_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            raw: dict[str, Any] = json.loads(line)
            cases.append(
                Case(
                    id=raw["id"],
                    category=raw["category"],
                    lang=raw["lang"],
                    text=raw["text"],
                    hs_code=raw.get("hs_code"),
                    expected=frozenset(raw["expected"]),
                    note=raw.get("note", ""),
                )
            )
    return cases


def case_item(case: Case) -> Item:
    return Item(
        description=case.text,
        hs_code="".join(c for c in case.hs_code if c.isdigit()) if case.hs_code else None,
    )


def run_cases(cases: Iterable[Case], res: Resources) -> Iterator[Outcome]:
    for case in cases:
        result = screen(Declaration(items=(case_item(case),)), res)
        # this corpus labels the 1988 Tables' substances: a chemical of a further list is scored apart
        # (tests/evaluation_lists.py), so it is neither a hit nor a false positive here
        found = frozenset(
            r.substance_id
            for r in result.reasons
            if r.substance_id and res.lexicon.substances[r.substance_id].table is not None
        )
        bad = any(r.code == "cas_check_digit_invalid" for r in result.reasons)
        yield Outcome(case, found, bad)


def score(outcomes: Iterable[Outcome], by: str = "category") -> dict[str, CategoryScore]:
    """Scores grouped by the cases' `category` or `lang`."""
    scores: dict[str, CategoryScore] = defaultdict(CategoryScore)
    for o in outcomes:
        s = scores[getattr(o.case, by)]
        s.items += 1
        tp = len(o.found & o.case.expected)
        fp = len(o.found - o.case.expected)
        fn = len(o.case.expected - o.found)
        s.tp, s.fp, s.fn = s.tp + tp, s.fp + fp, s.fn + fn
        if o.case.expects_bad_cas:  # the invalid CAS must be reported: count it as a label
            s.tp += int(o.bad_cas)
            s.fn += int(not o.bad_cas)
        if fp:
            s.items_with_fp += 1
        if fp or fn or (o.case.expects_bad_cas and not o.bad_cas):
            s.errors.append(o)
    return dict(scores)


def report(scores: dict[str, CategoryScore], title: str = "category") -> str:
    lines = [f"{title:<15}{'items':>6}{'precision':>11}{'recall':>8}{'FP items':>10}"]
    for name in sorted(scores, key=lambda n: (n in NEGATIVE, n)):
        s = scores[name]
        lines.append(f"{name:<15}{s.items:>6}{s.precision:>11.3f}{s.recall:>8.3f}{s.fp_rate:>9.1%}")
    total = CategoryScore()
    for s in scores.values():
        total.items += s.items
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
        total.items_with_fp += s.items_with_fp
    lines.append(
        f"{'ALL':<15}{total.items:>6}{total.precision:>11.3f}{total.recall:>8.3f}{total.fp_rate:>9.1%}"
    )
    return "\n".join(lines)


def floor_failures(scores: dict[str, CategoryScore]) -> list[str]:
    failures = []
    for name, floor in RECALL_FLOORS.items():
        if name in scores and scores[name].recall < floor:
            failures.append(f"{name}: recall {scores[name].recall:.3f} < {floor}")
    for name, ceiling in FALSE_POSITIVE_CEILINGS.items():
        if name in scores and scores[name].fp_rate > ceiling:
            failures.append(f"{name}: false positives {scores[name].fp_rate:.1%} > {ceiling:.0%}")
    return failures


def by_category_and_language(outcomes: list[Outcome]) -> dict[str, CategoryScore]:
    """Scores per (category, language) pair, keyed 'category/lang'."""
    scores: dict[str, CategoryScore] = {}
    keys = sorted({(o.case.category, o.case.lang) for o in outcomes})
    for category, lang in keys:
        part = [o for o in outcomes if o.case.category == category and o.case.lang == lang]
        scores[f"{category}/{lang}"] = score(part)[category]
    return scores


QUANTITY_FILES = ("quantities.jsonl", "quantities_2.jsonl")


def quantity_cases(files: Iterable[str] = QUANTITY_FILES) -> list[dict[str, Any]]:
    """The held-out quantity cases, each with the file it comes from (`file`)."""
    return read_heldout(files)


def _close(got: float | None, want: float | None) -> bool:
    if want is None or got is None:
        return got is None and want is None
    return abs(got - want) <= 0.005 * max(abs(want), 1e-9)


def quantity_outcomes(res: Resources) -> list[tuple[dict[str, Any], bool, str]]:
    """(case, read right?, what was read) for each held-out quantity case."""
    from app.core.numbers import read_number

    out = []
    for case in quantity_cases():
        if "field" in case:
            reading = read_number(case["field"], large_unit=case.get("unit") in ("t", "т", "吨", "m3"))
            got = reading.value if reading else None
            out.append((case, _close(got, case["value"]), f"{got}"))
            continue
        result = screen(Declaration(items=(Item(description=case["text"]),)), res)
        analysis = result.items[0]
        facts = [g.facts for g in analysis.lines] or [analysis.facts]
        read = [(f.litres, f.net_kg) for f in facts]
        want = [(g.get("litres"), g.get("net_kg")) for g in case["goods"]]
        right = len(read) == len(want) and all(
            _close(a, c) and _close(b, d) for (a, b), (c, d) in zip(read, want, strict=True)
        )
        out.append((case, right, f"{read}"))
    return out


def quantity_report(outcomes: list[tuple[dict[str, Any], bool, str]], errors: bool) -> str:
    """Share read right per language (descriptions and typed fields together), and the misses if asked."""
    out = []
    for lang in sorted({c["lang"] for c, _, _ in outcomes}):
        part = [ok for c, ok, _ in outcomes if c["lang"] == lang]
        out.append(f"{lang:<8}{sum(part):>4}/{len(part):<4}{sum(part) / len(part):>7.1%}")
    total = [ok for _, ok, _ in outcomes]
    out.append(f"{'ALL':<8}{sum(total):>4}/{len(total):<4}{sum(total) / len(total):>7.1%}")
    if errors:
        for c, ok, read in outcomes:
            if not ok:
                want, text = c.get("goods", c.get("value")), c.get("text", c.get("field"))
                out.append(f"  {c['id']:<8} want {want} read {read}: {text!r}")
    return "\n".join(out)


DRUG_FILES = (
    "drugs.jsonl",
    "drugs_2.jsonl",
    "drugs_3.jsonl",
    "drugs_4.jsonl",
    "drugs_5.jsonl",
    "drugs_6.jsonl",
    "drugs_7.jsonl",
    "drugs_8.jsonl",
    "drugs_9.jsonl",
    "drugs_10.jsonl",
    "drugs_11.jsonl",
    "drugs_12.jsonl",
    "drugs_13.jsonl",
    "drugs_14.jsonl",
    "drugs_15.jsonl",
    "drugs_16.jsonl",
    "drugs_17.jsonl",
    "drugs_18.jsonl",
    "drugs_19.jsonl",
    "drugs_20.jsonl",
    "drugs_21.jsonl",
    "drugs_22.jsonl",
)


def drug_cases(files: Iterable[str] = DRUG_FILES) -> list[dict[str, Any]]:
    """The held-out drug cases, each with the file it comes from (`file`)."""
    return read_heldout(files)


def drug_outcomes(
    res: Resources, files: Iterable[str] = DRUG_FILES
) -> list[tuple[dict[str, Any], frozenset[str]]]:
    """(case, drugs reported) for each held-out drug case (tests/data/heldout/drugs*.jsonl)."""
    out = []
    for case in drug_cases(files):
        result = screen(Declaration(items=(Item(description=case["text"]),)), res)
        out.append(
            (case, frozenset(r.details["drug"] for r in result.reasons if r.code == "controlled_drug_named"))
        )
    return out


def drug_report(outcomes: list[tuple[dict[str, Any], frozenset[str]]]) -> str:
    lines = [f"{'category/lang':<18}{'items':>6}{'right':>7}{'share':>8}"]
    for category in ("drug_named", "drug_twin"):
        for lang in ("en", "ru", "zh"):
            part = [(c, f) for c, f in outcomes if c["category"] == category and c["lang"] == lang]
            if not part:
                continue
            right = sum(1 for c, f in part if (c["drug"] in f if c["drug"] else not f))
            lines.append(f"{category + '/' + lang:<18}{len(part):>6}{right:>7}{right / len(part):>8.1%}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every item scored wrong")
    parser.add_argument("--part", choices=sorted(PARTS), help="only this corpus")
    args = parser.parse_args(argv)
    res = load_resources()
    print(f"lexicon {res.lexicon.version}, rules {res.rules.version}")
    failures: list[str] = []
    for part, paths in PARTS.items():
        if args.part not in (None, part) or not all(p.exists() for p in paths):
            continue
        outcomes = list(run_cases(load_cases(paths), res))
        scores = score(outcomes)
        print(f"\n== {part} ({', '.join(str(p.relative_to(DATA)) for p in paths)}) ==")
        print(report(scores))
        print()
        print(report(score(outcomes, by="lang"), "language"))
        print()
        print(report(by_category_and_language(outcomes), "category/lang"))
        if args.errors:
            for name, sc in sorted(scores.items()):
                for o in sc.errors:
                    exp, got = sorted(o.case.expected), sorted(o.found)
                    print(f"  {name:<14} {o.case.id:<9} expected {exp} found {got}: {o.case.text}")
        if part == "tuning":
            failures += floor_failures(scores)
    heldout = args.part is None or args.part.startswith("heldout")
    quantities = quantity_outcomes(res) if heldout else []
    for name in QUANTITY_FILES:
        part_q = [q for q in quantities if q[0]["file"] == name]
        if part_q:
            print(f"\n== heldout quantities (heldout/{name}): read right ==")
            print(quantity_report(part_q, args.errors))
    drugs = drug_outcomes(res) if heldout else []
    for name in DRUG_FILES:
        part = [(c, f) for c, f in drugs if c["file"] == name]
        if part:
            print(f"\n== heldout drugs named (heldout/{name}): named found / twins left clean ==")
            print(drug_report(part))
            if args.errors:
                for c, f in part:
                    if (c["drug"] not in f) if c["drug"] else bool(f):
                        want = c["drug"] or "-"
                        print(
                            f"  {c['id']:<9} {c['category']:<11} want {want} found {sorted(f)}: {c['text']}"
                        )
    listed = listed_outcomes(res) if heldout else []
    for name in LISTED_FILES:
        part = [o for o in listed if o.case["file"] == name]
        if not part:
            continue
        print(f"\n== heldout listed chemicals (heldout/{name}): named found / twins left clean ==")
        print(listed_report(part))
        if args.errors:
            for o in part:
                if not o.right:
                    c, got = o.case, sorted(o.found_cas)
                    print(f"  {c['id']:<9} {c['category']:<13} want {c['expected']} found {got}: {c['text']}")
    for f in failures:
        print("BELOW FLOOR:", f)
    print("\nscenarios (tests/data/scenarios.jsonl):")
    outcomes_sc = [run_scenario(s, res) for s in load_scenarios()]
    for o in outcomes_sc:
        if o.problems:
            print(f"  FAILED {o.scenario.id} {o.scenario.title}: {'; '.join(o.problems)}")
    print(scenario_summary(outcomes_sc))
    return 1 if failures or any(o.problems for o in outcomes_sc) else 0


if __name__ == "__main__":
    sys.exit(main())
