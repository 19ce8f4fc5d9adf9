"""A narcotic drug or psychotropic substance named outright in the description (app/lexicon/drugs.yaml)."""

from collections.abc import Iterator
from functools import partial
from typing import Any

from app.core.types import Evidence, Reason
from app.rules.schema import Rule
from app.screening.checks.common import ItemContext, RuleEnv, _messages, _name, _reason, _severity


def drug_named(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    seen: set[str] = set()
    for found in ctx.outcome.drugs:
        if found.drug_id in seen:
            continue  # one reason per drug and item, at its first mention
        seen.add(found.drug_id)
        drug = env.lexicon.drugs[found.drug_id]
        shown = ctx.description[found.start : found.end]
        messages = _messages(
            rule,
            env,
            {"matched": shown, "control": drug.control},
            per_lang=partial(_drug_name, drug.names),
        )
        yield _reason(
            rule,
            ctx,
            _severity(rule, None),
            messages,
            evidence=Evidence(shown, found.start, found.end),
            details={"drug": drug.id, "control": drug.control},
        )


def _drug_name(names: Any, lang: str) -> dict[str, Any]:
    return {"drug": _name(names, lang)}
