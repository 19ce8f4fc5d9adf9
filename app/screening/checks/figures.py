"""Net weight and volume read from the text that no liquid could have: check the figures."""

from collections.abc import Iterator

from app.core.types import Reason
from app.rules.schema import Rule
from app.screening.checks.common import ItemContext, RuleEnv, _fmt, _messages, _reason, _severity


def figures(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """Net weight over volume that no liquid has: the figures are reported, never used as density evidence."""
    facts = ctx.facts
    if facts.density_consistent or facts.density is None or facts.litres is None or facts.net_kg is None:
        return
    values = {"net_kg": _fmt(facts.net_kg), "litres": _fmt(facts.litres), "density": f"{facts.density:g}"}
    yield _reason(
        rule,
        ctx,
        _severity(rule, None),
        _messages(rule, env, values),
        details={"density": facts.density, "litres": facts.litres, "net_kg": facts.net_kg, **facts.evidence},
    )
