"""Stage 6: reasons -> the declaration's risk level, and the reasons in display order (most severe first)."""

from collections.abc import Iterable

from app.rules.loader import RuleSet
from app.screening.types import Reason, Severity


def order_reasons(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """Most severe first; then by item, so the list reads in declaration order within a level."""
    return tuple(sorted(reasons, key=lambda r: (-r.severity, -1 if r.item_index is None else r.item_index)))


def risk_level(reasons: Iterable[Reason], rules: RuleSet) -> Severity:
    if rules.data.policy.combine == "max":
        return max((r.severity for r in reasons), default=Severity.none)
    raise ValueError(f"unknown combination policy {rules.data.policy.combine!r}")
