"""Detection quality over the labelled corpus: the floors of tests/evaluation.py, category by category."""

import pytest

from app.screening.pipeline import Resources
from tests.evaluation import (
    FALSE_POSITIVE_CEILINGS,
    RECALL_FLOORS,
    CategoryScore,
    load_cases,
    run_cases,
    score,
)


@pytest.fixture(scope="module")
def scores(resources: Resources) -> dict[str, CategoryScore]:
    return score(run_cases(load_cases(), resources))


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
