"""Density outside the range of the goods categories the description names (rule 4)."""

from collections.abc import Iterator
from functools import partial
from typing import Any

from app.core.types import Reason
from app.rules.schema import Rule
from app.screening.checks.common import (
    ItemContext,
    RuleEnv,
    _fmt,
    _messages,
    _name,
    _reason,
    _severity,
    _shown,
    _word,
)


def _liquids_of_density(env: RuleEnv, density: float, within: float, lang: str) -> str:
    near = [
        s
        for s in env.lexicon.substances.values()
        if s.density_kg_l is not None and abs(s.density_kg_l - density) <= within
    ]
    near.sort(key=lambda s: abs((s.density_kg_l or 0) - density))
    if not near:
        return _word(env, "none_known", lang)
    return ", ".join(f"{_name(s.names, lang)} ({s.density_kg_l:g})" for s in near)


def _liquids_values(env: RuleEnv, declared: float, within: float, lang: str) -> dict[str, Any]:
    return {"liquids": _liquids_of_density(env, declared, within, lang)}


def density(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """Net weight over volume outside the range of every goods category the item names that has one
    (whatever their order); reported against the first of them."""
    facts = ctx.facts
    if facts.density is None or facts.litres is None or facts.net_kg is None or not facts.density_consistent:
        return
    ranged = [
        env.lexicon.categories[cid]
        for cid in facts.categories
        if env.lexicon.categories[cid].density_kg_l is not None
        and (not rule.categories or cid in rule.categories)
    ]
    if not ranged:
        return
    for category in ranged:
        low, high = category.density_kg_l or (0.0, 0.0)
        if low - rule.tolerance_kg_l <= facts.density <= high + rule.tolerance_kg_l:
            return  # plausible for a category the description names
    category = ranged[0]
    low, high = category.density_kg_l or (0.0, 0.0)
    values = {
        "net_kg": _fmt(facts.net_kg),
        "litres": _fmt(facts.litres),
        "density": f"{facts.density:.2f}",
        "low": f"{low:g}",
        "high": f"{high:g}",
    }
    messages = _messages(
        rule,
        env,
        values,
        None,
        category,
        per_lang=partial(_liquids_values, env, facts.density, rule.same_density_kg_l),
    )
    yield _reason(
        rule,
        ctx,
        _severity(rule, None),
        messages,
        evidence=_shown(ctx, category)[1],
        details={
            "density": facts.density,
            "litres": facts.litres,
            "net_kg": facts.net_kg,
            "category": category.id,
            "range": [low, high],
        },
    )
