"""Stage 5: rule data evaluated over the matches -> reasons, with messages in three languages.

Each rule kind has one evaluator here; which rules exist, their severities and their words are data
(app/rules/rules.yaml).
"""

from collections.abc import Callable, Iterator

from app.lexicon.loader import LexiconData
from app.lexicon.schema import Substance
from app.rules.loader import RuleSet
from app.rules.schema import Rule
from app.screening.match import MatchOutcome
from app.screening.types import Evidence, Match, Reason, Severity

LANGS = ("ru", "en", "zh")
# Which match is the best evidence when one substance was found several ways in an item.
_METHOD_RANK = {"exact": 0, "lemma": 1, "cas": 2, "hs_code": 3, "fuzzy": 4}


def _severity(rule: Rule, substance: Substance | None) -> Severity:
    if rule.severity_by_table is not None and substance is not None:
        return Severity.parse(rule.severity_by_table[substance.table])
    return Severity.parse(rule.severity or "none")


def _messages(rule: Rule, rules: RuleSet, match: Match | None, substance: Substance | None) -> dict[str, str]:
    out = {}
    for lang in LANGS:
        values = {"matched": match.matched if match else "", "code": match.matched if match else ""}
        if substance is not None:
            values |= {
                "substance": getattr(substance.names, lang)[0]
                if getattr(substance.names, lang)
                else substance.names.en[0],
                "table": substance.table,
                "cas": ", ".join(substance.cas) or "—",
                "use": getattr(substance.illicit_use, lang),
            }
        if match is not None:
            method = getattr(rules.data.methods[match.method], lang)
            values["method"] = method.format(score=round(match.score))
        out[lang] = getattr(rule.messages, lang).format(**values)
    return out


def _substance_reasons(
    rule: Rule, rules: RuleSet, lexicon: LexiconData, item_index: int, description: str, outcome: MatchOutcome
) -> Iterator[Reason]:
    best: dict[str, Match] = {}
    for m in outcome.matches:
        if m.source != "description":
            continue
        if m.substance_id not in best or _METHOD_RANK[m.method] < _METHOD_RANK[best[m.substance_id].method]:
            best[m.substance_id] = m
    for sid, m in best.items():
        substance = lexicon.substances[sid]
        shown = Match(sid, m.method, description[m.start : m.end], m.start, m.end, m.score, m.source)
        yield Reason(
            code=rule.code,
            severity=_severity(rule, substance),
            item_index=item_index,
            messages=_messages(rule, rules, shown, substance),
            substance_id=sid,
            evidence=Evidence(description[m.start : m.end], m.start, m.end),
            details={"method": m.method, "score": m.score, "lexicon_name": m.matched},
        )


def _hs_field_reasons(
    rule: Rule, rules: RuleSet, lexicon: LexiconData, item_index: int, description: str, outcome: MatchOutcome
) -> Iterator[Reason]:
    for m in outcome.matches:
        if m.source != "hs_code":
            continue
        substance = lexicon.substances[m.substance_id]
        yield Reason(
            code=rule.code,
            severity=_severity(rule, substance),
            item_index=item_index,
            messages=_messages(rule, rules, m, substance),
            substance_id=m.substance_id,
            evidence=None,
            details={"method": "hs_code", "field": "hs_code", "code": m.matched},
        )


def _bad_cas_reasons(
    rule: Rule, rules: RuleSet, lexicon: LexiconData, item_index: int, description: str, outcome: MatchOutcome
) -> Iterator[Reason]:
    for bad in outcome.bad_cas:
        shown = Match("", "cas", bad.cas, bad.start, bad.end)
        yield Reason(
            code=rule.code,
            severity=_severity(rule, None),
            item_index=item_index,
            messages=_messages(rule, rules, shown, None),
            evidence=Evidence(description[bad.start : bad.end], bad.start, bad.end),
            details={"method": "cas", "cas": bad.cas},
        )


Evaluator = Callable[[Rule, RuleSet, LexiconData, int, str, MatchOutcome], Iterator[Reason]]
EVALUATORS: dict[str, Evaluator] = {
    "substance_match": _substance_reasons,
    "hs_code_field": _hs_field_reasons,
    "bad_cas": _bad_cas_reasons,
}


def evaluate_item(
    rules: RuleSet, lexicon: LexiconData, item_index: int, description: str, outcome: MatchOutcome
) -> list[Reason]:
    reasons: list[Reason] = []
    for rule in rules.rules:
        reasons += EVALUATORS[rule.kind](rule, rules, lexicon, item_index, description, outcome)
    return reasons
