"""Detection quality over the labelled corpus: the floors of tests/evaluation.py, category by category."""

import hashlib

import pytest

from app.screening.pipeline import Resources
from tests.evaluation import (
    FALSE_POSITIVE_CEILINGS,
    HELDOUT,
    NEGATIVE,
    PARTS,
    RECALL_FLOORS,
    CategoryScore,
    Outcome,
    drug_outcomes,
    load_cases,
    quantity_outcomes,
    run_cases,
    score,
)


@pytest.fixture(scope="module")
def scores(resources: Resources) -> dict[str, CategoryScore]:
    return score(run_cases(load_cases(PARTS["tuning"]), resources))


def test_corpus_is_as_large_as_required(scores: dict[str, CategoryScore]) -> None:
    assert sum(s.items for s in scores.values()) >= 500
    assert scores["overlap"].items >= 120
    assert scores["ordinary"].items >= 200
    assert set(RECALL_FLOORS) <= set(scores)


@pytest.mark.parametrize(("category", "floor"), sorted(RECALL_FLOORS.items()))
def test_recall_floor(scores: dict[str, CategoryScore], category: str, floor: float) -> None:
    s = scores[category]
    assert s.recall >= floor, [(o.case.id, o.case.text, sorted(o.found)) for o in s.errors]


@pytest.mark.parametrize(("category", "ceiling"), sorted(FALSE_POSITIVE_CEILINGS.items()))
def test_false_positive_ceiling(scores: dict[str, CategoryScore], category: str, ceiling: float) -> None:
    s = scores[category]
    assert s.fp_rate <= ceiling, [(o.case.id, o.case.text, sorted(o.found)) for o in s.errors]


@pytest.mark.parametrize("category", ["cas", "hs", "salts", "mixed"])
def test_other_positive_categories_are_near_perfect(scores: dict[str, CategoryScore], category: str) -> None:
    assert scores[category].recall >= 0.97
    assert scores[category].precision >= 0.97


# ---- the held-out corpus: the figures that count ------------------------------------------------------

# The held-out files are frozen: never edited in a commit that also changes app/lexicon/ or app/rules/.
# A changed file fails here, so an edit must come with a new digest, in a commit of its own.
FROZEN = {
    "cases.jsonl": "6c313f5f40932c38ea07288e4423a8107ff76b735a7179238499759fa53449dd",
    "quantities.jsonl": "a137c36cc18930d7354008cd459d7f6a437fea6ed0384afdb4b43c154c8dfe68",
    "drugs.jsonl": "422f523674de615e9acd44b2feaeaff946435c02fe8f9b901fd9851fa3436a8c",
}
# Goals (issue 14): recall >= 0.90 in every category and language, precision >= 0.98. Floors sit at the
# goal, or just under a measured figure that misses it (shape_alike: 32 of 37 on 2026-12-05, after the
# guard that keeps two-character names with a wrong character away from pesticide lists).
HELDOUT_RECALL = {"shape_alike": 0.86}
HELDOUT_RECALL_DEFAULT = 0.90
HELDOUT_PRECISION = 0.98
HELDOUT_FP_CEILING = 0.02  # negative categories: items with any controlled substance reported
QUANTITIES_READ = 0.88  # share of held-out quantity cases read right (74 of 82 on 2026-12-05)


@pytest.fixture(scope="module")
def heldout(resources: Resources) -> list[Outcome]:
    return list(run_cases(load_cases(PARTS["heldout"]), resources))


@pytest.mark.parametrize(("name", "digest"), sorted(FROZEN.items()))
def test_heldout_is_frozen(name: str, digest: str) -> None:
    assert hashlib.sha256((HELDOUT / name).read_bytes()).hexdigest() == digest


def test_heldout_covers_every_category_and_language(heldout: list[Outcome]) -> None:
    assert len(heldout) >= 400
    assert {"zh", "ru", "en"} <= {o.case.lang for o in heldout}
    assert set(RECALL_FLOORS) | {"sound_alike", "shape_alike", "pinyin", "abbreviation", "multiline"} <= {
        o.case.category for o in heldout
    }


def test_heldout_recall_by_category(heldout: list[Outcome]) -> None:
    low = {
        name: round(s.recall, 3)
        for name, s in score(heldout).items()
        if name not in NEGATIVE and s.recall < HELDOUT_RECALL.get(name, HELDOUT_RECALL_DEFAULT)
    }
    assert low == {}


def test_heldout_by_language(heldout: list[Outcome]) -> None:
    for lang, s in score(heldout, by="lang").items():
        assert s.recall >= HELDOUT_RECALL_DEFAULT, lang
        assert s.precision >= HELDOUT_PRECISION, lang


@pytest.mark.parametrize("category", sorted(NEGATIVE))
def test_heldout_negatives_stay_clean(heldout: list[Outcome], category: str) -> None:
    assert score(heldout)[category].fp_rate <= HELDOUT_FP_CEILING


def test_heldout_quantities(resources: Resources) -> None:
    outcomes = quantity_outcomes(resources)
    assert len(outcomes) >= 60
    assert sum(ok for _, ok, _ in outcomes) / len(outcomes) >= QUANTITIES_READ


# Drugs named outright (issue 15): recall >= 0.90 per language is the goal and the floor; twins (ordinary
# goods) flagged: the goal is none, measured 2 of 53 on 2026-12-05 (one ru, one zh), so the ceiling is one
# per language until that is fixed.
DRUG_RECALL = 0.90
DRUG_TWINS_FLAGGED = 1


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_heldout_drugs(resources: Resources, lang: str) -> None:
    outcomes = [(c, found) for c, found in drug_outcomes(resources) if c["lang"] == lang]
    named = [c["drug"] in found for c, found in outcomes if c["category"] == "drug_named"]
    twins = [bool(found) for c, found in outcomes if c["category"] == "drug_twin"]
    assert len(named) >= 20 and len(twins) >= 15
    assert sum(named) / len(named) >= DRUG_RECALL
    assert sum(twins) <= DRUG_TWINS_FLAGGED
