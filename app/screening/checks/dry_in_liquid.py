"""Goods that are not liquids declared by volume or in liquid bulk packaging."""

from collections.abc import Iterator

from app.core.types import Reason
from app.rules.schema import Rule
from app.screening.checks.common import (
    ItemContext,
    RuleEnv,
    _fmt,
    _messages,
    _reason,
    _severity,
    _shown,
    _word,
)


def dry_in_liquid(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """Goods that are not liquids (textiles, paper) declared in drums or by the litre: liquid hidden behind
    dry cover goods (disguises.md D04, D05, D10)."""
    facts = ctx.facts
    # Drums, IBCs or tanks used as packing: counted ("бочки 150 шт") or filled ("200升/桶"). A cask named as
    # the goods, or a litre figure in a specification (an engine's displacement), is not enough.
    if facts.packing_class != "liquid_bulk" or (facts.packages is None and facts.litres is None):
        return
    named = [env.lexicon.categories[c] for c in facts.categories]
    # only when none of the goods named may be a liquid, whatever their order
    if not named or any(c.liquid is not False for c in named):
        return
    category = named[0]
    shown, evidence = _shown(ctx, category)
    litres = f"{_fmt(facts.litres)} L" if facts.litres is not None else ""
    messages = _messages(
        rule,
        env,
        {"matched": shown},
        None,
        category,
        per_lang=lambda lang: {"liquid": litres or _word(env, "liquid_bulk", lang)},
    )
    yield _reason(
        rule,
        ctx,
        _severity(rule, None),
        messages,
        evidence=evidence,
        details={"category": category.id, "litres": facts.litres, "packing_class": facts.packing_class},
    )
