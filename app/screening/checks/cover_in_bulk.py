"""Cover goods or vague wording in liquid bulk packaging (rule 3)."""

from collections.abc import Iterator

from app.core.types import Reason
from app.rules.schema import Rule
from app.screening.checks.common import (
    ItemContext,
    RuleEnv,
    _main_category,
    _messages,
    _reason,
    _severity,
    _shown,
    _word,
)


def cover_in_bulk(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    if ctx.facts.packing_class != "liquid_bulk":
        return
    category = _main_category(env, ctx, tuple(rule.category_kinds))
    if category is None or (rule.categories and category.id not in rule.categories):
        return
    shown, evidence = _shown(ctx, category)
    messages = env.messages(
        (rule.code, category.id, shown),
        lambda: _messages(
            rule,
            env,
            {"matched": shown},
            None,
            category,
            per_lang=lambda lang: {"packaging": _word(env, "liquid_bulk", lang)},
        ),
    )
    details = {
        "category": category.id,
        "packing_class": "liquid_bulk",
        "packaging": list(ctx.facts.packaging),
    }
    yield _reason(rule, ctx, _severity(rule, None), messages, evidence=evidence, details=details)
