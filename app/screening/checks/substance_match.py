"""A controlled substance named in the description (rule 1)."""

from collections.abc import Iterator

from app.core.types import Evidence, Reason
from app.rules.schema import Rule
from app.screening.checks.common import ItemContext, RuleEnv, _best_matches, _messages, _reason, _severity


def substance_match(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    for sid, m in _best_matches(ctx).items():
        substance = env.lexicon.substances[sid]
        shown = ctx.description[m.start : m.end]
        yield _reason(
            rule,
            ctx,
            _severity(rule, substance),
            _messages(rule, env, {"matched": shown}, substance, match=m),
            substance_id=sid,
            evidence=Evidence(shown, m.start, m.end),
            details={"method": m.method, "score": m.score, "lexicon_name": m.matched},
        )
