"""Route risk (rule 6): a declaration rule, it sees the whole declaration."""

from collections.abc import Iterator

from app.core.countries import country_name
from app.core.types import Declaration, Reason
from app.lexicon.loader import name_key
from app.rules.schema import Rule
from app.screening.checks.common import LANGS, RuleEnv, _severity, _word


def route(rule: Rule, env: RuleEnv, decl: Declaration) -> Iterator[Reason]:
    if not decl.destination_country and not decl.transit_countries:
        return  # no country the goods go to or through: no route to judge
    routes = env.rules.routes
    risky = set(routes.high_risk_destinations)
    route_key: str | None = None
    values: dict[str, str] = {}
    named: dict[str, dict[str, str]] = {}
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
            # the message says the countries and the crossing in its own language (details keep the codes)
            named = {
                lang: {
                    "origin": country_name(decl.origin_country or "", lang),
                    "crossing": (getattr(crossing.names, lang) or crossing.names.en)[0],
                    "countries": ", ".join(country_name(c, lang) for c in watched),
                }
                for lang in LANGS
            }
    if route_key is None:
        return
    words = {lang: _word(env, route_key, lang, **(named[lang] if named else values)) for lang in LANGS}
    messages = {lang: getattr(rule.messages, lang).format(route=words[lang]) for lang in LANGS}
    yield Reason(
        code=rule.code,
        severity=_severity(rule, None),
        item_index=None,
        messages=messages,
        details={"route": route_key, **values},
    )
