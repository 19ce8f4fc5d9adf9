"""A controlled substance named in the description (rule 1): of the 1988 Tables (`substance_match`)."""

from collections.abc import Iterator
from functools import partial

from app.core.types import Evidence, Reason
from app.rules.schema import Rule
from app.screening.checks.common import ItemContext, RuleEnv, _messages, _reason, _severity


def named(rule: Rule, env: RuleEnv, ctx: ItemContext, tabled: bool) -> Iterator[Reason]:
    """Reasons for the substances named in the description: those of the 1988 Tables (`tabled`) or the others,
    of the further precursor lists."""
    for sid, m in ctx.best_matches.items():
        substance = env.lexicon.substances[sid]
        if (substance.table is not None) != tabled:
            continue
        shown = ctx.description[m.start : m.end]
        details: dict[str, object] = {"method": m.method, "score": m.score, "lexicon_name": m.matched}
        if not tabled:
            details["lists"] = [ms.list_id for ms in env.lexicon.memberships.get(sid, ())]
        yield _reason(
            rule,
            ctx,
            _severity(rule, substance, env.lexicon),
            env.messages(
                (rule.code, sid, shown, m.method, m.score, m.matched, m.reading),
                partial(_messages, rule, env, {"matched": shown}, substance, match=m),
            ),
            substance_id=sid,
            evidence=Evidence(shown, m.start, m.end),
            details=details,
        )


def substance_match(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    return named(rule, env, ctx, tabled=True)
