"""Watched parties and targeting profiles (issue 16, part 4): entered and ended by supervisors and admins,
every change in the audit log; and a declaration being stored compared with the entries in force
(app/intelligence.py judges). Functions take the request's session and never commit: the shell's session
dependency does."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from sqlalchemy.orm import Session

from app.core.types import Declaration, Reason, ScreeningResult
from app.db import audit, watchlist
from app.db.models import WatchEntry, utcnow
from app.db.repository import Author
from app.db.session import Database
from app.db.stamped import Stamped
from app.declarations import ScreeningRequest
from app.intelligence import Situation, WatchRecord, watch_reasons
from app.lexicon.loader import name_key
from app.party_index import NameIndex
from app.register_service import RegisterError
from app.screening.pipeline import Resources

Kind = Literal["party", "profile"]
SEVERITIES = ("low", "medium", "high")


@dataclass(frozen=True)
class WatchData:
    """What a supervisor enters. A watched party needs a name; a profile at least one of its parts."""

    kind: Kind
    note: str
    severity: str
    name: str | None = None
    aliases: tuple[str, ...] = ()
    country: str | None = None
    crossing: str | None = None
    origin: str | None = None
    destination: str | None = None
    transit: str | None = None
    hs_prefix: str | None = None
    category: str | None = None
    valid_to: date | None = None


def add_entry(session: Session, db: Database, res: Resources, data: WatchData, author: Author) -> WatchEntry:
    """Check and store an entry (422 with every field's error)."""
    errors: list[dict[str, str]] = []
    if data.severity not in SEVERITIES:
        errors.append({"field": "severity", "message": "low, medium or high"})
    if data.kind == "party" and not data.name:
        errors.append({"field": "name", "message": "a watched party needs a name"})
    crossing_id = None
    if data.crossing:
        crossing = res.rules.crossing_by_name.get(name_key(data.crossing))
        if crossing is None:
            errors.append({"field": "crossing", "message": f"unknown crossing {data.crossing!r}"})
        else:
            crossing_id = crossing.id
    prefix = "".join(c for c in data.hs_prefix or "" if c.isdigit()) or None
    written = set(data.hs_prefix or "") - set("0123456789. ")
    if data.hs_prefix and (written or prefix is None or not 2 <= len(prefix) <= 10):
        errors.append({"field": "hs_prefix", "message": "2 to 10 digits"})
    if data.category and data.category not in res.lexicon.categories:
        errors.append({"field": "category", "message": f"unknown goods category {data.category!r}"})
    parts = (data.name, data.crossing, data.origin, data.destination, data.transit, prefix, data.category)
    if data.kind == "profile" and not any(parts):
        errors.append(
            {"field": "profile", "message": "give at least one of party, crossing, route, HS, goods"}
        )
    if data.valid_to and data.valid_to < (utcnow()).date():
        errors.append({"field": "valid_to", "message": "in the past"})
    if errors:
        raise RegisterError("invalid entry", errors)
    db.claim_writer(session)
    row = WatchEntry(
        kind=data.kind,
        name=data.name,
        aliases=list(data.aliases),
        country=data.country,
        crossing_id=crossing_id,
        origin=data.origin,
        destination=data.destination,
        transit=data.transit,
        hs_prefix=prefix,
        category=data.category,
        note=data.note,
        severity=data.severity,
        valid_to=data.valid_to,
        created_by=author.name,
    )
    watchlist.add(session, row)
    audit.record(
        session,
        author,
        "watch.create",
        target_kind=f"watch_{data.kind}",
        target_id=str(row.id),
        details={"name": data.name, "severity": data.severity, "valid_to": str(data.valid_to or "")},
    )
    return row


def end_entry(session: Session, db: Database, row: WatchEntry, author: Author) -> None:
    """End an entry (409 if ended before): declarations stored from now on are no longer compared with it."""
    db.claim_writer(session)
    if row.ended_at is not None:
        raise RegisterError("already ended", [{"field": "id", "message": "ended before"}], 409)
    watchlist.end(session, row, author.name)
    audit.record(session, author, "watch.end", target_kind=f"watch_{row.kind}", target_id=str(row.id))


CACHE = Stamped(watchlist.stamp, watchlist.not_ended)  # the entries not ended
_NAMES: dict[int, tuple[list[WatchRecord], NameIndex]] = {}  # the cached entries' names, by the matcher's id


def _names(res: Resources, entries: list[WatchRecord]) -> NameIndex:
    """The watched names (and aliases) of the cached entries, indexed once per read of them."""
    held = _NAMES.get(id(res.parties))
    if held is None or held[0] is not entries:
        names = [n for e in entries if e.name for n in (e.name, *e.aliases)]
        held = _NAMES[id(res.parties)] = (entries, NameIndex.build(res.parties, names))
    return held[1]


def against_watchlist(
    session: Session,
    body: ScreeningRequest,
    declaration: Declaration,
    result: ScreeningResult,
    res: Resources,
    at: datetime | None,
    entries: list[WatchRecord],
) -> list[Reason]:
    """The reasons of the entries in force (of `entries`, the ones not ended) that a declaration being
    stored matches."""
    day = (at or utcnow()).date()
    if not entries:
        return []
    crossing = res.rules.crossing_by_name.get(name_key(body.crossing)) if body.crossing else None
    parties = tuple((p.name, p.country) for p in (body.consignor, body.consignee) if p is not None and p.name)
    situation = Situation(declaration, parties, crossing.id if crossing else None, day)
    matcher = res.parties
    same = _names(res, entries).predicate(p for p, _ in parties)
    near = frozenset().union(*(same.matches(p) for p, _ in parties))
    # an entry naming a party is looked at only when one of its names is the same company as a party here
    entries = [e for e in entries if not e.name or not near.isdisjoint((e.name, *e.aliases))]

    def compare(a: str, b: str) -> tuple[bool, float]:
        if not same(a, b):
            return False, 0.0
        return True, matcher.compare(a, b).score

    return watch_reasons(result, situation, entries, res.rules, res.lexicon, compare)
