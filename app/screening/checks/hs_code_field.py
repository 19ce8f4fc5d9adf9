"""The declared hs_code is a controlled substance's (rule 2)."""

from collections.abc import Iterator

from app.core.types import Reason
from app.rules.schema import Rule
from app.screening.checks.common import ItemContext, RuleEnv, _messages, _reason, _severity


def hs_code_field(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    for m in ctx.outcome.matches:
        if m.source == "hs_code":
            substance = env.lexicon.substances[m.substance_id]
            yield _reason(
                rule,
                ctx,
                _severity(rule, substance, env.lexicon),
                _messages(rule, env, {"code": m.matched}, substance),
                substance_id=m.substance_id,
                details={"method": "hs_code", "field": "hs_code", "code": m.matched},
            )
