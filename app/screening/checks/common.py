"""What every check shares: the environment and item context it runs in, and the helpers that build
reasons, messages in three languages, severities and evidence."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.core.types import Evidence, Match, Reason, Severity
from app.lexicon.loader import LexiconData
from app.lexicon.schema import Substance
from app.lexicon.schema_cargo import Category
from app.rules.loader import RuleSet
from app.rules.schema import Rule
from app.screening.facts import ItemFacts
from app.screening.goods_aid import GoodsAid
from app.screening.match import MatchOutcome

LANGS = ("ru", "en", "zh")
# Which match is the best evidence when one substance was found several ways in an item.
_METHOD_RANK = {
    m: i
    for i, m in enumerate(
        (
            "exact",
            "lemma",
            "abbreviation",
            "cas",
            "hs_code",
            "standard",
            "pinyin",
            "palladius",
            "fuzzy",
            "sound_alike",
            "shape_alike",
        )
    )
}

# How many sets of messages a RuleEnv keeps (about 1 KB each)
_MESSAGES_KEPT = 20_000


@dataclass(frozen=True)
class RuleEnv:
    rules: RuleSet
    lexicon: LexiconData
    # the goods reading aid, built when first asked (None: no nomenclature data)
    goods_aid: Callable[[], GoodsAid | None] = lambda: None
    # (substance id, language) -> what a message says of the substance: worked out once per data version
    _said: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict, compare=False, repr=False)
    # the rules with their evaluators, in the rules' order: listed once by the registry (registry.py)
    checks: dict[str, list[tuple[Any, Rule]]] = field(default_factory=dict, compare=False, repr=False)
    # messages that depend only on what a key says (a rule, a substance, the words found, how): made once
    _messages: dict[tuple[object, ...], dict[str, str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def messages(self, key: tuple[object, ...], make: Callable[[], dict[str, str]]) -> dict[str, str]:
        """The messages `make()` gives, made once per `key` (which must hold everything they depend on) and
        data version; each reason gets a copy of its own."""
        said = self._messages.get(key)
        if said is None:
            if len(self._messages) >= _MESSAGES_KEPT:
                self._messages.clear()
            said = self._messages[key] = make()
        return dict(said)

    def said_of(self, substance: Substance, lang: str) -> dict[str, str]:
        """A substance's name, Table, CAS numbers, illicit use and controls, as the messages say them."""
        key = (substance.id, lang)
        said = self._said.get(key)
        if said is None:
            said = self._said[key] = {
                "substance": _name(substance.names, lang),
                "table": substance.table or "—",
                "cas": ", ".join(substance.cas) or "—",
                "use": getattr(substance.illicit_use, lang),
                "control": _control(self, substance, lang),
            }
        return said


@dataclass(frozen=True)
class ItemContext:
    index: int
    description: str
    hs_code: str | None
    outcome: MatchOutcome
    facts: ItemFacts
    category_spans: dict[str, tuple[int, int]]  # category id -> span in the original description
    # substance id -> its best evidence in the description (several rules ask: worked out once, by `context`)
    best_matches: dict[str, Match]


def best_matches(outcome: MatchOutcome) -> dict[str, Match]:
    """Substance id -> the surest of the matches that found it in the description."""
    best: dict[str, Match] = {}
    for m in outcome.matches:
        if m.source != "description":
            continue
        held = best.get(m.substance_id)
        if held is None or _METHOD_RANK[m.method] < _METHOD_RANK[held.method]:
            best[m.substance_id] = m
    return best


def context(
    index: int,
    description: str,
    hs_code: str | None,
    outcome: MatchOutcome,
    facts: ItemFacts,
    category_spans: dict[str, tuple[int, int]],
) -> ItemContext:
    """An item's context for the rules, with its best matches worked out."""
    return ItemContext(index, description, hs_code, outcome, facts, category_spans, best_matches(outcome))


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if value >= 100 else f"{value:g}"


def _severity(rule: Rule, substance: Substance | None, lexicon: LexiconData | None = None) -> Severity:
    """The rule's severity; for a substance, by its 1988 Table or, beyond them, by its lists in force."""
    if substance is not None and (rule.severity_by_table is not None or rule.severity_by_list):
        if substance.table is not None and rule.severity_by_table is not None:
            return Severity.parse(rule.severity_by_table[substance.table])
        if lexicon is not None:
            return Severity.parse(lexicon.list_severity(substance.id) or "low")
    return Severity.parse(rule.severity or "none")


def _control(env: RuleEnv, substance: Substance, lang: str) -> str:
    """What controls a substance, in a message: its 1988 Table, or the titles of its lists in force (with the
    list's own category)."""
    if substance.table is not None:
        return _word(env, "control_table", lang, table=substance.table)
    parts = []
    for m in env.lexicon.memberships.get(substance.id, ()):
        info = env.lexicon.lists[m.list_id].info
        title = str(getattr(info.title, lang))
        category = info.categories.get(m.category) if m.category is not None else None
        parts.append(f"{title} ({getattr(category, lang)})" if category is not None else title)
    return "; ".join(parts)


def _name(names: Any, lang: str) -> str:
    own: list[str] = getattr(names, lang)
    return own[0] if own else names.en[0]


def _word(env: RuleEnv, key: str, lang: str, **values: str) -> str:
    return str(getattr(env.rules.data.words[key], lang)).format(**values)


def _messages(
    rule: Rule,
    env: RuleEnv,
    values: dict[str, Any],
    substance: Substance | None = None,
    category: Category | None = None,
    match: Match | None = None,
    per_lang: Callable[[str], dict[str, Any]] | None = None,
) -> dict[str, str]:
    out = {}
    for lang in LANGS:
        template: str = getattr(rule.messages, lang)
        v = dict(values) | (per_lang(lang) if per_lang else {})
        if substance is not None:
            v |= env.said_of(substance, lang)
        if category is not None:
            v["category"] = _name(category.names, lang)
        if match is not None:
            v["method"] = getattr(env.rules.data.methods[match.method], lang).format(
                score=round(match.score), name=match.matched, reading=match.reading or ""
            )
        out[lang] = template.format(**v)
    return out


def _reason(rule: Rule, ctx: ItemContext, severity: Severity, messages: dict[str, str], **kw: Any) -> Reason:
    return Reason(code=rule.code, severity=severity, item_index=ctx.index, messages=messages, **kw)


def _shown(ctx: ItemContext, category: Category) -> tuple[str, Evidence | None]:
    """What the description calls the goods of a category (its own words), and where."""
    span = ctx.category_spans.get(category.id)
    if span is None:
        return _name(category.names, "en"), None
    text = ctx.description[span[0] : span[1]]
    return text, Evidence(text, span[0], span[1])


def _categories(env: RuleEnv, ctx: ItemContext, kinds: tuple[str, ...]) -> list[Category]:
    """The item's goods categories of these kinds, in text order."""
    found = (env.lexicon.categories[cid] for cid in ctx.facts.categories)
    return [c for c in found if c.kind in kinds]


def _main_category(env: RuleEnv, ctx: ItemContext, kinds: tuple[str, ...]) -> Category | None:
    return next(iter(_categories(env, ctx, kinds)), None)
