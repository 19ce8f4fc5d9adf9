"""Stage 5: rule data evaluated over matches and facts -> reasons, with messages in three languages.

Each rule kind has one evaluator, in a module of its own named after the kind; `registry` maps kinds to
evaluators. Which rules exist, their severities, thresholds and words are data (app/rules/). Item rules see
one item's matches and facts; route rules see the declaration.
"""

from app.screening.checks.common import LANGS, ItemContext, RuleEnv
from app.screening.checks.registry import (
    DECLARATION_EVALUATORS,
    ITEM_EVALUATORS,
    DeclarationEvaluator,
    ItemEvaluator,
    evaluate_declaration,
    evaluate_item,
)

__all__ = [
    "DECLARATION_EVALUATORS",
    "ITEM_EVALUATORS",
    "LANGS",
    "DeclarationEvaluator",
    "ItemContext",
    "ItemEvaluator",
    "RuleEnv",
    "evaluate_declaration",
    "evaluate_item",
]
