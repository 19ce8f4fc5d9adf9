"""HS heading inconsistent with the description (rule 5)."""

from collections.abc import Iterator
from functools import partial
from typing import Any

from app.core.types import Evidence, Reason
from app.rules.schema import Rule
from app.screening.checks.common import (
    ItemContext,
    RuleEnv,
    _categories,
    _messages,
    _name,
    _reason,
    _severity,
    _shown,
)


def _category_value(names: Any, lang: str) -> dict[str, Any]:
    return {"category": _name(names, lang)}


def hs_category(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """The declared heading against what the description names: goods of a category, or a substance."""
    heading = ctx.facts.hs_heading
    if heading is None:
        return
    for sid, m in ctx.best_matches.items():
        substance = env.lexicon.substances[sid]
        headings = sorted({code[:4] for code in substance.hs})
        if headings and heading not in headings:
            shown = ctx.description[m.start : m.end]
            values = {"heading": heading, "matched": shown, "expected": ", ".join(headings)}
            messages = _messages(rule, env, values, per_lang=partial(_category_value, substance.names))
            yield _reason(
                rule,
                ctx,
                _severity(rule, None),
                messages,
                substance_id=sid,
                evidence=Evidence(shown, m.start, m.end),
                details={"heading": heading, "expected": headings},
            )
            return
    named = _categories(env, ctx, ("cover", "ordinary"))
    # a heading that fits any of the goods named (or goods whose headings are not known) is no mismatch
    if not named or any(not c.hs_headings or heading in c.hs_headings for c in named):
        return
    category = named[0]
    if any(m.source == "hs_code" for m in ctx.outcome.matches):
        return  # a controlled code: hs_description_mismatch says it better
    shown, evidence = _shown(ctx, category)
    values = {"heading": heading, "matched": shown, "expected": ", ".join(category.hs_headings)}
    yield _reason(
        rule,
        ctx,
        _severity(rule, None),
        _messages(rule, env, values, None, category),
        evidence=evidence,
        details={"heading": heading, "expected": category.hs_headings, "category": category.id},
    )
