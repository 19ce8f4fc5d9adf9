"""Stage 6: reasons -> the declaration's risk level (policy in app/rules/rules.yaml).

1. Route risk raises every other reason of the declaration by one step; alone it stays as it is (low).
2. Two independent medium reasons on one item (different codes, not of one `same_indicator` group) make it
   high: an explicit reason says so.
3. The declaration's level is its most severe reason; reasons are listed most severe first.
"""

from collections.abc import Iterable
from dataclasses import replace

from app.core.types import Reason, ScreeningResult, Severity
from app.rules.loader import RuleSet


def order_reasons(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """Most severe first; then by item, so the list reads in declaration order within a level."""
    return tuple(sorted(reasons, key=lambda r: (-r.severity, -1 if r.item_index is None else r.item_index)))


def _raised(reasons: list[Reason], rules: RuleSet) -> list[Reason]:
    raising = {r.code for r in reasons if r.code in rules.data.policy.raising_codes}
    if not raising:
        return reasons
    out = []
    for r in reasons:
        if r.code in raising or r.severity in (Severity.none, Severity.high):
            out.append(r)
        else:
            details = {**r.details, "raised_from": r.severity.name, "raised_by": sorted(raising)}
            out.append(replace(r, severity=Severity(r.severity + 1), details=details))
    return out


def _combined(reasons: list[Reason], rules: RuleSet) -> list[Reason]:
    policy = rules.data.policy
    if not policy.independent_mediums_make_high:
        return []
    # one set of goods: an item, or one goods line of an item that holds several
    by_goods: dict[tuple[int, int], list[Reason]] = {}
    for r in reasons:
        if (
            r.item_index is not None
            and r.severity == Severity.medium
            and r.details.get("raised_from") is None
        ):
            by_goods.setdefault((r.item_index, r.details.get("line", 0)), []).append(r)
    out = []
    for (item_index, line), mediums in sorted(by_goods.items()):
        pair = _independent_pair(mediums, rules.data.policy.same_indicator)
        if pair is None:
            continue
        first, second = pair
        messages = {
            lang: getattr(policy.combined_messages, lang).format(
                first=_title(rules, first.code, lang), second=_title(rules, second.code, lang)
            )
            for lang in ("ru", "en", "zh")
        }
        out.append(
            Reason(
                code=policy.combined_code,
                severity=Severity.high,
                item_index=item_index,
                messages=messages,
                details={"codes": [first.code, second.code], **({"line": line} if line else {})},
            )
        )
    return out


def _independent_pair(mediums: list[Reason], same: list[list[str]]) -> tuple[Reason, Reason] | None:
    """Two reasons of different codes that do not describe one indicator (a substance named and declared under
    its own code is one indicator; its code declared on goods described as something else is two)."""
    for i, a in enumerate(mediums):
        for b in mediums[i + 1 :]:
            if a.code != b.code and not any(a.code in g and b.code in g for g in same):
                return a, b
    return None


def _title(rules: RuleSet, code: str, lang: str) -> str:
    rule = next((r for r in rules.rules if r.code == code), None)
    return str(getattr(rule.title, lang)) if rule else code


def apply_policy(reasons: Iterable[Reason], rules: RuleSet) -> tuple[Severity, tuple[Reason, ...]]:
    if rules.data.policy.combine != "max":
        raise ValueError(f"unknown combination policy {rules.data.policy.combine!r}")
    given = list(reasons)
    if not given:
        return Severity.none, ()  # nothing found: nothing to raise or combine
    raised = _raised(given, rules)
    final = raised + _combined(raised, rules)
    return max((r.severity for r in final), default=Severity.none), order_reasons(final)


def rescore(
    result: ScreeningResult,
    added: list[Reason],
    rules: RuleSet,
    authorised: set[tuple[int, str]] | frozenset[tuple[int, str]] = frozenset(),
) -> ScreeningResult:
    """The result with reasons given after screening (the register's, intelligence's), the `authorised`
    substances' own reasons lowered to low (item index, substance id), and the policy applied again: a reason
    the policy added or raised before is recomputed from its own severity."""
    combined = rules.data.policy.combined_code
    kept = []
    for r in result.reasons:
        if r.code == combined:
            continue
        if (r.item_index, r.substance_id) in authorised and r.severity > Severity.low:
            details = {k: v for k, v in r.details.items() if k not in ("raised_from", "raised_by")}
            r = replace(r, severity=Severity.low, details={**details, "authorised": True})
        elif "raised_from" in r.details:
            details = {k: v for k, v in r.details.items() if k not in ("raised_from", "raised_by")}
            r = replace(r, severity=Severity[str(r.details["raised_from"])], details=details)
        kept.append(r)
    _, reasons = apply_policy([*kept, *added], rules)
    # an authorised substance stays low: the route does not raise licit trade
    final = tuple(replace(r, severity=Severity.low) if r.details.get("authorised") else r for r in reasons)
    level = max((r.severity for r in final), default=Severity.none)
    return replace(result, risk_level=level, reasons=order_reasons(final))
