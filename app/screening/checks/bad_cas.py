"""A CAS number with a wrong check digit."""

from collections.abc import Iterator

from app.core.types import Evidence, Reason
from app.rules.schema import Rule
from app.screening.checks.common import ItemContext, RuleEnv, _messages, _reason, _severity


def bad_cas(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    for bad in ctx.outcome.bad_cas:
        yield _reason(
            rule,
            ctx,
            _severity(rule, None),
            _messages(rule, env, {"matched": bad.cas}),
            evidence=Evidence(ctx.description[bad.start : bad.end], bad.start, bad.end),
            details={"method": "cas", "cas": bad.cas},
        )
