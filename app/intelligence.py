"""Intelligence supervisors enter (issue 16, part 4): watched parties and targeting profiles, against a
screened declaration. Pure: the entries in force come in as plain records (app/db/watchlist.py reads them),
out come the reasons and the result scored again.

- A watched party (a name with aliases, in any script, and a country) matches when the consignor or the
  consignee is the same company (app/parties.py) and, where both say a country, the same country:
  `watched_party`.
- A targeting profile is a combination of a party, a crossing, a route (origin, destination, a transit
  country), an HS prefix and a goods category; it matches when every part it gives does: `targeting_profile`.
- The reason's severity is the entry's; its message (app/rules/intelligence.yaml) tells the officer to inspect
  as the supervisor directs. The intelligence note is never put into a reason: the reason carries the entry's
  id, and supervisors read the note there.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from app.core.codes import hs_digits
from app.core.types import Declaration, Reason, ScreeningResult, Severity
from app.lexicon.loader import LexiconData
from app.rules.loader import RuleSet
from app.rules.schema import CriterionWord
from app.screening.score import rescore

EntryKind = Literal["party", "profile"]
LANGS = ("ru", "en", "zh")
# (same company, score 0-100) for two names: app.parties.PartyMatcher.compare
CompareParties = Callable[[str, str], tuple[bool, float]]


@dataclass(frozen=True)
class WatchRecord:
    """A watched party or a targeting profile, in force or not (the judge checks)."""

    id: int
    kind: EntryKind
    severity: str
    name: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    crossing_id: str | None = None
    origin: str | None = None
    destination: str | None = None
    transit: str | None = None
    hs_prefix: str | None = None
    category: str | None = None
    valid_to: date | None = None
    ended: bool = False

    def in_force(self, day: date) -> bool:
        return not self.ended and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Situation:
    """What the entries are compared with."""

    declaration: Declaration
    parties: tuple[tuple[str, str | None], ...]  # (name, country) of the consignor and the consignee
    crossing_id: str | None
    day: date


@dataclass(frozen=True)
class _PartyHit:
    party: str
    watched: str
    score: float


def watch_reasons(
    result: ScreeningResult,
    s: Situation,
    entries: Iterable[WatchRecord],
    rules: RuleSet,
    lexicon: LexiconData,
    compare: CompareParties,
) -> list[Reason]:
    """The reasons of every entry in force that the declaration matches."""
    spec = rules.intelligence
    if spec is None:
        return []
    out: list[Reason] = []
    for entry in entries:
        if not entry.in_force(s.day):
            continue
        hit = _party_hit(entry, s, compare) if entry.name else None
        if entry.name and hit is None:
            continue
        if entry.kind == "party":
            assert hit is not None
            texts = spec.reason("watched_party").messages
            messages = {
                lang: getattr(texts, lang).format(
                    party=hit.party, watched=hit.watched, score=round(hit.score), entry=entry.id
                )
                for lang in LANGS
            }
            details = {"entry": entry.id, "party": hit.party, "watched": hit.watched, "score": hit.score}
            out.append(Reason("watched_party", Severity[entry.severity], None, messages, details=details))
            continue
        matched = _profile_match(entry, s, result)
        if matched is None:
            continue
        if hit is not None:
            matched.insert(0, ("party", hit.party))
        criteria = {
            lang: "; ".join(
                f"{getattr(spec.criteria[word], lang)}: {_value(word, value, lang, rules, lexicon)}"
                for word, value in matched
            )
            for lang in LANGS
        }
        texts = spec.reason("targeting_profile").messages
        messages = {
            lang: getattr(texts, lang).format(entry=entry.id, criteria=criteria[lang]) for lang in LANGS
        }
        details = {"entry": entry.id, "criteria": [word for word, _ in matched]}
        out.append(Reason("targeting_profile", Severity[entry.severity], None, messages, details=details))
    return out


def _party_hit(entry: WatchRecord, s: Situation, compare: CompareParties) -> _PartyHit | None:
    best: _PartyHit | None = None
    for party, country in s.parties:
        if entry.country and country and entry.country != country:
            continue
        for watched in (entry.name or "", *entry.aliases):
            same, score = compare(party, watched)
            if same and (best is None or score > best.score):
                best = _PartyHit(party, watched, score)
    return best


def _profile_match(
    entry: WatchRecord, s: Situation, result: ScreeningResult
) -> list[tuple[CriterionWord, str]] | None:
    """(criterion, value) of every part the profile gives, or None when one of them does not hold."""
    d = s.declaration
    matched: list[tuple[CriterionWord, str]] = []
    if entry.crossing_id:
        if s.crossing_id != entry.crossing_id:
            return None
        matched.append(("crossing", entry.crossing_id))
    route: tuple[tuple[CriterionWord, str | None, str | None], ...] = (
        ("origin", entry.origin, d.origin_country),
        ("destination", entry.destination, d.destination_country),
    )
    for word, wanted, actual in route:
        if wanted:
            if actual != wanted:
                return None
            matched.append((word, wanted))
    if entry.transit:
        if entry.transit not in d.transit_countries:
            return None
        matched.append(("transit", entry.transit))
    if entry.hs_prefix:
        prefix = entry.hs_prefix
        if not any(i.hs_code and hs_digits(i.hs_code).startswith(prefix) for i in d.items):
            return None
        matched.append(("hs_prefix", prefix))
    if entry.category:
        if not any(entry.category in getattr(a.facts, "categories", ()) for a in result.items):
            return None
        matched.append(("category", entry.category))
    return matched


def _value(word: str, value: str, lang: str, rules: RuleSet, lexicon: LexiconData) -> str:
    """A criterion's value in the officer's language: a crossing's or a goods category's name."""
    if word == "crossing":
        crossing = rules.crossing_by_name.get(value)
        names = getattr(crossing.names, lang) if crossing else []
        return names[0] if names else value
    if word == "category" and value in lexicon.categories:
        names = getattr(lexicon.categories[value].names, lang) or lexicon.categories[value].names.en
        return names[0] if names else value
    return value


def with_reasons(result: ScreeningResult, added: list[Reason], rules: RuleSet) -> ScreeningResult:
    """The result with the intelligence reasons and the policy applied again."""
    return rescore(result, added, rules) if added else result
