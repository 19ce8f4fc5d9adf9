"""The declared code's heading does not exist."""

from collections.abc import Iterator

from app.core.types import Reason
from app.rules.schema import Rule
from app.screening.checks.common import ItemContext, RuleEnv, _messages, _reason, _severity


def hs_unknown(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    heading = ctx.facts.hs_heading
    if heading is None or heading in env.lexicon.hs_headings:
        return
    values = {"code": ctx.hs_code or heading, "heading": heading}
    yield _reason(
        rule, ctx, _severity(rule, None), _messages(rule, env, values), details={"heading": heading}
    )
