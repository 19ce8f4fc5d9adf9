"""A Table I substance in commercial quantity (rule 7)."""

from collections.abc import Iterator
from functools import partial

from app.core.types import Evidence, Reason
from app.rules.schema import Rule
from app.screening.checks.common import (
    ItemContext,
    RuleEnv,
    _fmt,
    _messages,
    _reason,
    _severity,
)


def commercial_quantity(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    facts = ctx.facts
    for sid, m in ctx.best_matches.items():
        substance = env.lexicon.substances[sid]
        if substance.table != "I":
            continue
        kg = facts.net_kg
        if kg is None and facts.litres is not None and substance.density_kg_l:
            kg = facts.litres * substance.density_kg_l
        threshold = env.rules.thresholds.per_substance_kg.get(sid, env.rules.thresholds.default_kg)
        if kg is None or kg < threshold:
            continue
        values = {"quantity": _fmt(kg), "threshold": _fmt(threshold)}
        yield _reason(
            rule,
            ctx,
            _severity(rule, None),
            env.messages(
                (rule.code, sid, values["quantity"], values["threshold"]),
                partial(_messages, rule, env, values, substance),
            ),
            substance_id=sid,
            evidence=Evidence(ctx.description[m.start : m.end], m.start, m.end),
            details={"kg": round(kg, 1), "threshold_kg": threshold},
        )
