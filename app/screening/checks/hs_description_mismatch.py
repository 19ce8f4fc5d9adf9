"""A controlled hs_code declared for goods the description calls something else (rule 2)."""

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
)


def hs_description_mismatch(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """A controlled code declared for goods the description calls something else."""
    coded = [m for m in ctx.outcome.matches if m.source == "hs_code"]
    if not coded:
        return  # no code of a controlled substance declared (most items)
    named = set(ctx.best_matches)
    category = _main_category(env, ctx, ("cover", "ordinary"))
    if category is None:
        return
    for m in coded:
        if m.substance_id not in named:
            substance = env.lexicon.substances[m.substance_id]
            shown, evidence = _shown(ctx, category)
            yield _reason(
                rule,
                ctx,
                _severity(rule, substance, env.lexicon),
                _messages(rule, env, {"code": m.matched, "matched": shown}, substance, category),
                substance_id=m.substance_id,
                evidence=evidence,
                details={"code": m.matched, "category": category.id},
            )
