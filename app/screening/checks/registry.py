"""Rule kind -> evaluator. A new kind of rule is one module in this package, one line here and its data
(app/rules/rules.yaml; the kind in app/rules/schema.py's RuleKind). Item rules see one item's matches and
facts; declaration rules see the declaration."""

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from app.core.types import Declaration, Reason
from app.rules.schema import Rule, RuleKind
from app.screening.checks.bad_cas import bad_cas
from app.screening.checks.commercial_quantity import commercial_quantity
from app.screening.checks.common import ItemContext, RuleEnv
from app.screening.checks.cover_in_bulk import cover_in_bulk
from app.screening.checks.density import density
from app.screening.checks.drug_named import drug_named
from app.screening.checks.dry_in_liquid import dry_in_liquid
from app.screening.checks.figures import figures
from app.screening.checks.hs_category import hs_category
from app.screening.checks.hs_code_field import hs_code_field
from app.screening.checks.hs_description_mismatch import hs_description_mismatch
from app.screening.checks.hs_reads_as import hs_reads_as
from app.screening.checks.hs_unknown import hs_unknown
from app.screening.checks.listed_match import listed_match
from app.screening.checks.route import route
from app.screening.checks.substance_match import substance_match

ItemEvaluator = Callable[[Rule, RuleEnv, ItemContext], Iterator[Reason]]
DeclarationEvaluator = Callable[[Rule, RuleEnv, Declaration], Iterator[Reason]]
ITEM_EVALUATORS: dict[RuleKind, ItemEvaluator] = {
    "substance_match": substance_match,
    "listed_match": listed_match,
    "drug_named": drug_named,
    "hs_code_field": hs_code_field,
    "hs_description_mismatch": hs_description_mismatch,
    "bad_cas": bad_cas,
    "cover_in_bulk": cover_in_bulk,
    "density": density,
    "figures": figures,
    "hs_category": hs_category,
    "commercial_quantity": commercial_quantity,
    "hs_unknown": hs_unknown,
    "dry_in_liquid": dry_in_liquid,
    "hs_reads_as": hs_reads_as,
}
DECLARATION_EVALUATORS: dict[RuleKind, DeclarationEvaluator] = {"route": route}


def _checks(env: RuleEnv, scope: str, evaluators: Mapping[RuleKind, Any]) -> list[tuple[Any, Rule]]:
    """The rules of a scope ("item", "declaration") with their evaluators, in the rules' order; listed once
    per RuleEnv (a data version), not for every item."""
    listed = env.checks.get(scope)
    if listed is None:
        listed = [(evaluators[r.kind], r) for r in env.rules.rules if r.kind in evaluators]
        env.checks[scope] = listed
    return listed


def evaluate_item(env: RuleEnv, ctx: ItemContext) -> list[Reason]:
    evaluators: list[tuple[ItemEvaluator, Rule]] = _checks(env, "item", ITEM_EVALUATORS)
    return [r for evaluate, rule in evaluators for r in evaluate(rule, env, ctx)]


def evaluate_declaration(env: RuleEnv, decl: Declaration) -> list[Reason]:
    evaluators: list[tuple[DeclarationEvaluator, Rule]] = _checks(env, "declaration", DECLARATION_EVALUATORS)
    return [r for evaluate, rule in evaluators for r in evaluate(rule, env, decl)]
