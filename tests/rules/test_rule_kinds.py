"""Every rule kind the schema allows has exactly one evaluator, and every evaluator is for a known kind."""

from typing import get_args

from app.rules.schema import RuleKind
from app.screening.checks import DECLARATION_EVALUATORS, ITEM_EVALUATORS


def test_every_kind_has_exactly_one_evaluator() -> None:
    kinds = set(get_args(RuleKind))
    item, declaration = set(ITEM_EVALUATORS), set(DECLARATION_EVALUATORS)
    assert not item & declaration, f"kinds with two evaluators: {sorted(item & declaration)}"
    assert kinds - (item | declaration) == set(), "kinds without an evaluator"
    assert (item | declaration) - kinds == set(), "evaluators for kinds the schema does not know"


def test_each_evaluator_lives_in_the_module_named_after_its_kind() -> None:
    for kind, evaluator in {**ITEM_EVALUATORS, **DECLARATION_EVALUATORS}.items():
        assert evaluator.__module__ == f"app.screening.checks.{kind}", kind
