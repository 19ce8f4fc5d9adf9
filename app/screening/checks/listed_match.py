"""A chemical of a further precursor list named in the description (China's 易制毒化学品 beyond the 1988
Tables, Russia's list IV, the chemicals the region's seizures name): the reason names its lists in force."""

from collections.abc import Iterator

from app.core.types import Reason
from app.rules.schema import Rule
from app.screening.checks.common import ItemContext, RuleEnv
from app.screening.checks.substance_match import named


def listed_match(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    return named(rule, env, ctx, tabled=False)
