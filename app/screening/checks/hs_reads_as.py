"""The description reads as goods of another chapter than the declared code's (a note for the officer).

The goods reading aid (app/screening/goods_aid.py) finds the nomenclature lines closest to the description;
when the closest is close enough and none of the likeliest subheadings is in the declared code's chapter, the
officer is told what the description reads as. Not a risk on its own (the aid is right to four digits on about
seven lines in ten, bench/goods_aid.py): the rule's severity says how much it weighs.
"""

from collections.abc import Iterator

from app.core.types import Reason
from app.rules.schema import Rule
from app.screening.checks.common import LANGS, ItemContext, RuleEnv, _messages, _reason, _severity


def hs_reads_as(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    code = ctx.hs_code
    if not code or len(code) < 4 or ctx.outcome.matches:
        return  # no code, or a substance named: the substance rules say more
    if any(env.lexicon.categories[c].hs_headings for c in ctx.facts.categories):
        return  # goods of a known category: hs_category compares their headings with the code
    aid = env.goods_aid()
    if aid is None:
        return
    found = aid.suggest(env.lexicon.normalise(ctx.description).text, limit=rule.candidates)
    if not found or found[0].score < rule.min_score or any(s.subheading[:2] == code[:2] for s in found):
        return
    best = found[0]
    shown = f"{best.subheading[:4]} {best.subheading[4:]}"
    values = {"code": code, "chapter": code[:2], "reads_as": shown, "reads_chapter": best.subheading[:2]}
    per_lang = {lang: {"goods": aid.describe(best, lang)} for lang in LANGS}
    yield _reason(
        rule,
        ctx,
        _severity(rule, None),
        _messages(rule, env, values, per_lang=per_lang.__getitem__),
        details={"reads_as": best.subheading, "score": best.score, "line": best.line.code},
    )
