"""Stage 5: rule data evaluated over matches and facts -> reasons, with messages in three languages.

Each rule kind has one evaluator here; which rules exist, their severities, thresholds and words are data
(app/rules/). Item rules see one item's matches and facts; route rules see the declaration.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import pycountry

from app.lexicon.loader import LexiconData, name_key
from app.lexicon.schema import Category, Substance
from app.rules.loader import RuleSet
from app.rules.schema import Rule
from app.screening.facts import ItemFacts
from app.screening.match import MatchOutcome
from app.screening.types import Declaration, Evidence, Match, Reason, Severity

LANGS = ("ru", "en", "zh")
# Which match is the best evidence when one substance was found several ways in an item.
_METHOD_RANK = {
    m: i
    for i, m in enumerate(
        ("exact", "lemma", "abbreviation", "cas", "hs_code", "pinyin", "fuzzy", "sound_alike", "shape_alike")
    )
}


@dataclass(frozen=True)
class RuleEnv:
    rules: RuleSet
    lexicon: LexiconData


@dataclass(frozen=True)
class ItemContext:
    index: int
    description: str
    hs_code: str | None
    outcome: MatchOutcome
    facts: ItemFacts
    category_spans: dict[str, tuple[int, int]]  # category id -> span in the original description


def _fmt(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ") if value >= 100 else f"{value:g}"


def _severity(rule: Rule, substance: Substance | None) -> Severity:
    if rule.severity_by_table is not None and substance is not None:
        return Severity.parse(rule.severity_by_table[substance.table])
    return Severity.parse(rule.severity or "none")


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
        v = dict(values) | (per_lang(lang) if per_lang else {})
        if substance is not None:
            v |= {
                "substance": _name(substance.names, lang),
                "table": substance.table,
                "cas": ", ".join(substance.cas) or "—",
                "use": getattr(substance.illicit_use, lang),
            }
        if category is not None:
            v["category"] = _name(category.names, lang)
        if match is not None:
            v["method"] = getattr(env.rules.data.methods[match.method], lang).format(
                score=round(match.score), name=match.matched, reading=match.reading or ""
            )
        out[lang] = getattr(rule.messages, lang).format(**v)
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


def _best_matches(ctx: ItemContext) -> dict[str, Match]:
    best: dict[str, Match] = {}
    for m in ctx.outcome.matches:
        if m.source == "description" and (
            m.substance_id not in best or _METHOD_RANK[m.method] < _METHOD_RANK[best[m.substance_id].method]
        ):
            best[m.substance_id] = m
    return best


def _categories(env: RuleEnv, ctx: ItemContext, kinds: tuple[str, ...]) -> list[Category]:
    """The item's goods categories of these kinds, in text order."""
    found = (env.lexicon.categories[cid] for cid in ctx.facts.categories)
    return [c for c in found if c.kind in kinds]


def _main_category(env: RuleEnv, ctx: ItemContext, kinds: tuple[str, ...]) -> Category | None:
    return next(iter(_categories(env, ctx, kinds)), None)


# ---- item rules ----------------------------------------------------------------------------------------


def substance_match(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    for sid, m in _best_matches(ctx).items():
        substance = env.lexicon.substances[sid]
        shown = ctx.description[m.start : m.end]
        yield _reason(
            rule,
            ctx,
            _severity(rule, substance),
            _messages(rule, env, {"matched": shown}, substance, match=m),
            substance_id=sid,
            evidence=Evidence(shown, m.start, m.end),
            details={"method": m.method, "score": m.score, "lexicon_name": m.matched},
        )


def hs_code_field(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    for m in ctx.outcome.matches:
        if m.source == "hs_code":
            substance = env.lexicon.substances[m.substance_id]
            yield _reason(
                rule,
                ctx,
                _severity(rule, substance),
                _messages(rule, env, {"code": m.matched}, substance),
                substance_id=m.substance_id,
                details={"method": "hs_code", "field": "hs_code", "code": m.matched},
            )


def hs_description_mismatch(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """A controlled code declared for goods the description calls something else."""
    named = set(_best_matches(ctx))
    category = _main_category(env, ctx, ("cover", "ordinary"))
    if category is None:
        return
    for m in ctx.outcome.matches:
        if m.source == "hs_code" and m.substance_id not in named:
            substance = env.lexicon.substances[m.substance_id]
            shown, evidence = _shown(ctx, category)
            yield _reason(
                rule,
                ctx,
                _severity(rule, substance),
                _messages(rule, env, {"code": m.matched, "matched": shown}, substance, category),
                substance_id=m.substance_id,
                evidence=evidence,
                details={"code": m.matched, "category": category.id},
            )


def bad_cas(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    for bad in ctx.outcome.bad_cas:
        yield _reason(
            rule,
            ctx,
            _severity(rule, None),
            _messages(rule, env, {"matched": bad.cas}),
            evidence=Evidence(ctx.description[bad.start : bad.end], bad.start, bad.end),
            details={"method": "cas", "cas": bad.cas},
        )


def cover_in_bulk(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    if ctx.facts.packing_class != "liquid_bulk":
        return
    category = _main_category(env, ctx, tuple(rule.category_kinds))
    if category is None or (rule.categories and category.id not in rule.categories):
        return
    shown, evidence = _shown(ctx, category)
    messages = _messages(
        rule,
        env,
        {"matched": shown},
        None,
        category,
        per_lang=lambda lang: {"packaging": _word(env, "liquid_bulk", lang)},
    )
    details = {
        "category": category.id,
        "packing_class": "liquid_bulk",
        "packaging": list(ctx.facts.packaging),
    }
    yield _reason(rule, ctx, _severity(rule, None), messages, evidence=evidence, details=details)


def _liquids_of_density(env: RuleEnv, density: float, within: float, lang: str) -> str:
    near = [
        s
        for s in env.lexicon.substances.values()
        if s.density_kg_l is not None and abs(s.density_kg_l - density) <= within
    ]
    near.sort(key=lambda s: abs((s.density_kg_l or 0) - density))
    if not near:
        return _word(env, "none_known", lang)
    return ", ".join(f"{_name(s.names, lang)} ({s.density_kg_l:g})" for s in near)


def _liquids_values(env: RuleEnv, declared: float, within: float, lang: str) -> dict[str, Any]:
    return {"liquids": _liquids_of_density(env, declared, within, lang)}


def _category_value(names: Any, lang: str) -> dict[str, Any]:
    return {"category": _name(names, lang)}


def density(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """Net weight over volume outside the range of every goods category the item names that has one
    (whatever their order); reported against the first of them."""
    facts = ctx.facts
    if facts.density is None or facts.litres is None or facts.net_kg is None or not facts.density_consistent:
        return
    ranged = [
        env.lexicon.categories[cid]
        for cid in facts.categories
        if env.lexicon.categories[cid].density_kg_l is not None
        and (not rule.categories or cid in rule.categories)
    ]
    if not ranged:
        return
    for category in ranged:
        low, high = category.density_kg_l or (0.0, 0.0)
        if low - rule.tolerance_kg_l <= facts.density <= high + rule.tolerance_kg_l:
            return  # plausible for a category the description names
    category = ranged[0]
    low, high = category.density_kg_l or (0.0, 0.0)
    values = {
        "net_kg": _fmt(facts.net_kg),
        "litres": _fmt(facts.litres),
        "density": f"{facts.density:.2f}",
        "low": f"{low:g}",
        "high": f"{high:g}",
    }
    messages = _messages(
        rule,
        env,
        values,
        None,
        category,
        per_lang=partial(_liquids_values, env, facts.density, rule.same_density_kg_l),
    )
    yield _reason(
        rule,
        ctx,
        _severity(rule, None),
        messages,
        evidence=_shown(ctx, category)[1],
        details={
            "density": facts.density,
            "litres": facts.litres,
            "net_kg": facts.net_kg,
            "category": category.id,
            "range": [low, high],
        },
    )


def figures(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """Net weight over volume that no liquid has: the figures are reported, never used as density evidence."""
    facts = ctx.facts
    if facts.density_consistent or facts.density is None or facts.litres is None or facts.net_kg is None:
        return
    values = {"net_kg": _fmt(facts.net_kg), "litres": _fmt(facts.litres), "density": f"{facts.density:g}"}
    yield _reason(
        rule,
        ctx,
        _severity(rule, None),
        _messages(rule, env, values),
        details={"density": facts.density, "litres": facts.litres, "net_kg": facts.net_kg, **facts.evidence},
    )


def hs_category(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    """The declared heading against what the description names: goods of a category, or a substance."""
    heading = ctx.facts.hs_heading
    if heading is None:
        return
    for sid, m in _best_matches(ctx).items():
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


def commercial_quantity(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    facts = ctx.facts
    for sid, m in _best_matches(ctx).items():
        substance = env.lexicon.substances[sid]
        if substance.table != "I":
            continue
        kg = facts.net_kg
        if kg is None and facts.litres is not None and substance.density_kg_l:
            kg = facts.litres * substance.density_kg_l
        threshold = env.rules.thresholds.per_substance_kg.get(sid, env.rules.thresholds.default_kg)
        if kg is None or kg < threshold:
            continue
        values = {"quantity": _fmt(kg), "threshold": _fmt(threshold)}
        yield _reason(
            rule,
            ctx,
            _severity(rule, None),
            _messages(rule, env, values, substance),
            substance_id=sid,
            evidence=Evidence(ctx.description[m.start : m.end], m.start, m.end),
            details={"kg": round(kg, 1), "threshold_kg": threshold},
        )


def hs_unknown(rule: Rule, env: RuleEnv, ctx: ItemContext) -> Iterator[Reason]:
    heading = ctx.facts.hs_heading
    if heading is None or heading in env.lexicon.hs_headings:
        return
    values = {"code": ctx.hs_code or heading, "heading": heading}
    yield _reason(
        rule, ctx, _severity(rule, None), _messages(rule, env, values), details={"heading": heading}
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


# ---- declaration rules ---------------------------------------------------------------------------------


def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return str(country.name) if country else code


def route(rule: Rule, env: RuleEnv, decl: Declaration) -> Iterator[Reason]:
    routes = env.rules.routes
    risky = set(routes.high_risk_destinations)
    route_key: str | None = None
    values: dict[str, str] = {}
    if decl.destination_country in risky or risky & set(decl.transit_countries):
        route_key = "route_afghanistan"
    else:
        watch = routes.transit_watch
        crossing = env.rules.crossing_by_name.get(name_key(decl.crossing)) if decl.crossing else None
        onward = set(decl.transit_countries) | (
            {decl.destination_country} if decl.direction == "transit" and decl.destination_country else set()
        )
        watched = sorted(onward & set(watch.countries))
        if (
            decl.origin_country in watch.origins
            and crossing is not None
            and crossing.rating in watch.crossing_ratings
            and watched
        ):
            route_key = "route_transit"
            values = {
                "origin": decl.origin_country or "",
                "crossing": crossing.names.en[0],
                "countries": ", ".join(watched),
            }
    if route_key is None:
        return
    words = {lang: _word(env, route_key, lang, **values) for lang in LANGS}
    messages = {lang: getattr(rule.messages, lang).format(route=words[lang]) for lang in LANGS}
    yield Reason(
        code=rule.code,
        severity=_severity(rule, None),
        item_index=None,
        messages=messages,
        details={"route": route_key, **values},
    )


ItemEvaluator = Callable[[Rule, RuleEnv, ItemContext], Iterator[Reason]]
DeclarationEvaluator = Callable[[Rule, RuleEnv, Declaration], Iterator[Reason]]
ITEM_EVALUATORS: dict[str, ItemEvaluator] = {
    "substance_match": substance_match,
    "hs_code_field": hs_code_field,
    "hs_description_mismatch": hs_description_mismatch,
    "bad_cas": bad_cas,
    "cover_in_bulk": cover_in_bulk,
    "density": density,
    "figures": figures,
    "hs_category": hs_category,
    "commercial_quantity": commercial_quantity,
    "hs_unknown": hs_unknown,
    "dry_in_liquid": dry_in_liquid,
}
DECLARATION_EVALUATORS: dict[str, DeclarationEvaluator] = {"route": route}


def evaluate_item(env: RuleEnv, ctx: ItemContext) -> list[Reason]:
    return [
        r
        for rule in env.rules.rules
        if rule.kind in ITEM_EVALUATORS
        for r in ITEM_EVALUATORS[rule.kind](rule, env, ctx)
    ]


def evaluate_declaration(env: RuleEnv, decl: Declaration) -> list[Reason]:
    return [
        r
        for rule in env.rules.rules
        if rule.kind in DECLARATION_EVALUATORS
        for r in DECLARATION_EVALUATORS[rule.kind](rule, env, decl)
    ]
