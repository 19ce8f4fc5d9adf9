"""Licit trade: a screened declaration against the register of import/export authorisations and pre-export
notifications (issue 16). Pure: the documents come in as plain records (app/db/register.py reads them, locked,
with what earlier declarations drew on them); out come the register's reasons, the screening result with the
authorised substances' reasons lowered, and what to draw on each authorisation.

For every controlled substance a declaration names (Tables I and II, and the further lists):
- the party is the consignee for an import, the consignor for an export (both, each with its kind of
  authorisation, when the direction is not given);
- the documents are those the declaration cites by number, else every authorisation of that substance whose
  holder (name or an alias, in any script: app/parties.py) is the party;
- a valid one (dates, not revoked, this crossing) with enough left is `authorisation_matched`: the substance's
  reasons on that item become low and the declared quantity is drawn; with too little left,
  `authorisation_exceeded` and nothing is drawn; only invalid ones: `authorisation_expired` or
  `authorisation_not_at_crossing`; none at all: `authorisation_missing` (1988 Tables only);
- a Table I substance also needs a pre-export notification naming the exporter and importer:
  `notification_missing`.
Messages and severities are data (app/rules/register.yaml)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal

from app.core.types import Declaration, Reason, ScreeningResult, Severity
from app.lexicon.loader import LexiconData
from app.rules.loader import RuleSet
from app.rules.schema import RegisterReason
from app.screening.score import rescore

Unit = Literal["kg", "l"]
DocumentKind = Literal["import", "export"]
# Reasons that say an item holds a controlled substance: the ones an authorisation answers.
_SUBSTANCE_CODES = frozenset(
    {"substance_named", "listed_chemical", "controlled_hs_code", "commercial_quantity"}
)
_UNIT_WORDS = {"kg": "kg", "l": "L"}


@dataclass(frozen=True)
class PartyRecord:
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The name and its aliases (built once: the register asks for them for every declaration)."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class AuthorisationDoc:
    id: int
    number: str
    kind: DocumentKind
    holder: PartyRecord
    substance_id: str
    quantity: float
    unit: Unit
    valid_from: date
    valid_to: date
    crossings: tuple[str, ...]  # crossing ids; empty: any crossing
    revoked: bool
    drawn: float  # drawn by other declarations (an amendment's own earlier draw is not counted)

    @property
    def left(self) -> float:
        return max(self.quantity - self.drawn, 0.0)


@dataclass(frozen=True)
class NotificationDoc:
    id: int
    number: str
    exporter: PartyRecord
    importer: PartyRecord
    substance_id: str
    valid_from: date | None
    valid_to: date | None
    revoked: bool


@dataclass(frozen=True)
class Draw:
    authorisation_id: int
    quantity: float
    unit: Unit


@dataclass(frozen=True)
class Circumstances:
    """What the register is asked about: the declaration's parties, the documents it cites, its day."""

    declaration: Declaration
    consignor: str | None
    consignee: str | None
    cited: frozenset[str]  # document numbers the declaration cites
    day: date
    crossing_id: str | None  # the declaration's crossing, as routes.yaml names it (None: unknown)


@dataclass(frozen=True)
class Assessment:
    result: ScreeningResult
    draws: tuple[Draw, ...]


SameParty = Callable[[str, str], bool]


def controlled_found(result: ScreeningResult) -> list[tuple[int, str]]:
    """(item index, substance id) of every controlled substance the screening found, in item order."""
    seen: dict[tuple[int, str], None] = {}
    for r in result.reasons:
        if r.code in _SUBSTANCE_CODES and r.substance_id and r.item_index is not None:
            seen.setdefault((r.item_index, r.substance_id), None)
    return sorted(seen)


def relevant(
    authorisations: Iterable[AuthorisationDoc], found: Iterable[str], c: Circumstances, same_party: SameParty
) -> list[AuthorisationDoc]:
    """The authorisations `assess` may use for these substances: cited by number, or held by the declaration's
    party for the direction (the rest need neither their draws read nor a second look)."""
    sids = set(found)
    wanted = _parties(c)
    out = []
    for a in authorisations:
        if a.substance_id not in sids:
            continue
        if a.number in c.cited or any(
            kind in (None, a.kind) and any(same_party(p, n) for p in parties for n in a.holder.names)
            for kind, parties in wanted
        ):
            out.append(a)
    return out


def assess(
    result: ScreeningResult,
    c: Circumstances,
    authorisations: Iterable[AuthorisationDoc],
    notifications: Iterable[NotificationDoc],
    rules: RuleSet,
    lexicon: LexiconData,
    same_party: SameParty,
) -> Assessment:
    """The register's verdict on a screened declaration."""
    if rules.register is None:
        return Assessment(result, ())
    auths, notes = list(authorisations), list(notifications)
    reasons: list[Reason] = []
    draws: list[Draw] = []
    authorised: set[tuple[int, str]] = set()
    left_after: dict[int, float] = {}  # authorisation id -> left after the items drawn so far
    for item_index, sid in controlled_found(result):
        substance = lexicon.substances[sid]
        table = substance.table
        for kind, parties in _parties(c):
            docs = [
                a
                for a in auths
                if a.substance_id == sid
                and kind in (None, a.kind)
                and (a.number in c.cited or any(same_party(p, n) for p in parties for n in a.holder.names))
            ]
            fmt = _Format(rules, lexicon, sid, parties[0] if parties else "—", c)
            verdict = _verdict(docs, c, result, item_index, substance.density_kg_l, left_after)
            if verdict is None:
                if table is not None and table in rules.register.reason("authorisation_missing").tables:
                    reasons.append(fmt.reason("authorisation_missing", item_index, table, None))
                continue
            code, doc, declared, left = verdict
            reasons.append(fmt.reason(code, item_index, table, doc, declared, left))
            if code == "authorisation_matched":
                authorised.add((item_index, sid))
                if declared:
                    draws.append(Draw(doc.id, declared, doc.unit))
                    left_after[doc.id] = left
        notifiable = table is not None and table in rules.register.reason("notification_missing").tables
        if notifiable and c.declaration.direction != "transit" and not _notified(notes, sid, c, same_party):
            fmt = _Format(rules, lexicon, sid, c.consignee or c.consignor or "", c)
            reasons.append(fmt.reason("notification_missing", item_index, table, None))
    if not reasons:
        return Assessment(result, ())
    return Assessment(rescore(result, reasons, rules, authorised), tuple(draws))


def _parties(c: Circumstances) -> list[tuple[DocumentKind | None, tuple[str, ...]]]:
    """(kind of authorisation, the parties that may hold it) to look for; kind None: either."""
    direction = c.declaration.direction
    if direction == "import":
        return [("import", tuple(p for p in (c.consignee,) if p))]
    if direction == "export":
        return [("export", tuple(p for p in (c.consignor,) if p))]
    if direction == "transit":
        return []  # goods in transit cross under the origin's and destination's documents
    return [(None, tuple(p for p in (c.consignee, c.consignor) if p))]


def _verdict(
    docs: list[AuthorisationDoc],
    c: Circumstances,
    result: ScreeningResult,
    item_index: int,
    density: float | None,
    left_after: dict[int, float],
) -> tuple[str, AuthorisationDoc, float | None, float] | None:
    """(code, document, declared quantity in its unit, left) for the best of the documents; None if none."""
    if not docs:
        return None
    valid = [d for d in docs if not d.revoked and d.valid_from <= c.day <= d.valid_to]
    if not valid:
        doc = max(docs, key=lambda d: d.valid_to)
        return "authorisation_expired", doc, None, left_after.get(doc.id, doc.left)
    here = [d for d in valid if not d.crossings or c.crossing_id in d.crossings]
    if not here:
        return "authorisation_not_at_crossing", valid[0], None, left_after.get(valid[0].id, valid[0].left)
    doc = max(here, key=lambda d: left_after.get(d.id, d.left))
    left = left_after.get(doc.id, doc.left)
    declared = declared_amount(result, item_index, doc.unit, density)
    if declared is not None and declared > left + 1e-9:
        return "authorisation_exceeded", doc, declared, left
    return "authorisation_matched", doc, declared, left - (declared or 0.0)


def declared_amount(
    result: ScreeningResult, item_index: int, unit: Unit, density: float | None
) -> float | None:
    """The item's quantity in the authorisation's unit: net kilograms or litres as read from its fields and
    text, converted through the substance's density when only the other one is known."""
    facts = result.items[item_index].facts
    kg, litres = getattr(facts, "net_kg", None), getattr(facts, "litres", None)
    if unit == "kg":
        return kg if kg is not None else (litres * density if litres is not None and density else None)
    return litres if litres is not None else (kg / density if kg is not None and density else None)


def _notified(notes: list[NotificationDoc], sid: str, c: Circumstances, same_party: SameParty) -> bool:
    for n in notes:
        if n.substance_id != sid or n.revoked:
            continue
        if (n.valid_from and c.day < n.valid_from) or (n.valid_to and c.day > n.valid_to):
            continue
        if n.number in c.cited:
            return True
        exporter = c.consignor is not None and any(same_party(c.consignor, x) for x in n.exporter.names)
        importer = c.consignee is not None and any(same_party(c.consignee, x) for x in n.importer.names)
        if exporter and importer:
            return True
    return False


@dataclass(frozen=True)
class _Format:
    rules: RuleSet
    lexicon: LexiconData
    sid: str
    party: str
    c: Circumstances

    def reason(
        self,
        code: str,
        item_index: int,
        table: str | None,
        doc: AuthorisationDoc | None,
        declared: float | None = None,
        left: float | None = None,
    ) -> Reason:
        assert self.rules.register is not None
        spec: RegisterReason = self.rules.register.reason(code)
        by_table: dict[str, str] = {str(k): str(v) for k, v in (spec.severity_by_table or {}).items()}
        severity = spec.severity or by_table.get(table or "", "high")
        substance = self.lexicon.substances[self.sid]
        details: dict[str, object] = {"party": self.party}
        if doc is not None:
            details |= {"number": doc.number, "authorisation_id": doc.id, "unit": doc.unit}
            details |= {"declared": declared, "left": left}
        messages = {}
        for lang in ("ru", "en", "zh"):
            names = getattr(substance.names, lang) or substance.names.en
            messages[lang] = getattr(spec.messages, lang).format(
                number=doc.number if doc else "",
                substance=names[0],
                party=self.party,
                left=_amount(left),
                declared=_amount(declared) if declared is not None else "?",
                unit=_UNIT_WORDS[doc.unit] if doc else "",
                valid_to=doc.valid_to.isoformat() if doc else "",
                crossing=self.c.declaration.crossing or "?",
            )
        return Reason(code, Severity[severity], item_index, messages, self.sid, None, details)


def _amount(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.3f}".rstrip("0").rstrip(".").replace(",", " ")
