"""A declaration being stored, against the register of authorisations and notifications: the documents of
the substances it names are read (the authorisations locked until the transaction ends), with what other
declarations drew on them, also those stored earlier in the same transaction, and app/licensing.py judges."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from app.core.types import Declaration, ScreeningResult
from app.db import register
from app.db.models import utcnow
from app.db.stamped import Stamped
from app.declarations import ScreeningRequest
from app.lexicon.loader import name_key
from app.licensing import (
    Assessment,
    AuthorisationDoc,
    Circumstances,
    Draw,
    NotificationDoc,
    SameParty,
    assess,
    controlled_found,
    relevant,
)
from app.party_index import NameIndex, PartyPredicate
from app.screening.pipeline import Resources

# (reference, draw) of declarations stored earlier in the transaction
Pending = Sequence[tuple[str, Draw]]
DOCUMENTS = Stamped(register.stamp, register.all_documents)  # the register, read again when it changes


def against_register(
    session: Session,
    body: ScreeningRequest,
    declaration: Declaration,
    result: ScreeningResult,
    res: Resources,
    at: datetime | None,
    pending: Pending = (),
    cached: register.Documents | None = None,
) -> Assessment | None:
    """The register's verdict on a screened declaration; None when it names no controlled substance."""
    found = controlled_found(result)
    if not found:
        return None
    sids = {sid for _, sid in found}
    if res.rules.register is None:
        return None  # rules without register.yaml: the register gives no reasons
    notifiable = res.rules.register.reason("notification_missing").tables
    need_notes = any(res.lexicon.substances[sid].table in notifiable for sid in sids)
    crossing = res.rules.crossing_by_name.get(name_key(body.crossing)) if body.crossing else None
    circumstances = Circumstances(
        declaration=declaration,
        consignor=body.consignor.name if body.consignor else None,
        consignee=body.consignee.name if body.consignee else None,
        cited=frozenset(d.number for d in body.documents),
        day=(at or utcnow()).date(),
        crossing_id=crossing.id if crossing else None,
    )
    parties = [p for p in (circumstances.consignor, circumstances.consignee) if p]
    if cached is None:
        auths, notes = register.documents_for(session, sids, body.reference, need_notes)
        same_party: SameParty = res.parties.same
    else:
        predicate = _names(res, cached).predicate(parties)
        auths, notes = _documents(session, sids, body.reference, need_notes, cached, circumstances, predicate)
        same_party = predicate
    extra: dict[int, float] = {}
    for reference, d in pending:
        if reference != body.reference:
            extra[d.authorisation_id] = extra.get(d.authorisation_id, 0.0) + d.quantity
    if extra:
        auths = [replace(a, drawn=a.drawn + extra.get(a.id, 0.0)) for a in auths]
    return assess(
        result,
        circumstances,
        auths,
        notes,
        res.rules,
        res.lexicon,
        same_party,
    )


_NAMES: dict[int, tuple[register.Documents, NameIndex]] = {}  # the cached register's names, by its id


def _names(res: Resources, documents: register.Documents) -> NameIndex:
    """Every party name of the cached register (holders, exporters, importers), indexed once per register
    read."""
    held = _NAMES.get(id(res.parties))
    if held is None or held[0] is not documents:
        names = [n for a in documents.authorisations for n in a.holder.names]
        names += [n for d in documents.notifications for p in (d.exporter, d.importer) for n in p.names]
        held = _NAMES[id(res.parties)] = (documents, NameIndex.build(res.parties, names))
    return held[1]


def _documents(
    session: Session,
    sids: set[str],
    reference: str,
    need_notes: bool,
    cached: register.Documents,
    c: Circumstances,
    same_party: PartyPredicate,
) -> tuple[list[AuthorisationDoc], list[NotificationDoc]]:
    """The documents of these substances with what other declarations drew: from the cached register, which
    its stamp says is current for this transaction (app/db/stamped.py). Only those the declaration may use
    (cited, or its party's: licensing.relevant) are locked and have their draws read; a declaration that may
    use none (the usual case) costs no statement. The register's names that are the same company as a party
    are found once (same_party.matches), and only their documents are looked at."""
    held = {name: same_party.matches(name) for name in (c.consignor, c.consignee) if name}
    holders = frozenset().union(*held.values())
    usable = relevant(cached.usable(sids, c.cited, holders), sids, c, same_party)
    if usable:
        # revoked since the cache was read: the lock waits for that transaction and sees it
        locked = register.lock(session, (a.id for a in usable))
        if locked is not None:
            usable = [a if a.revoked == locked[a.id] else replace(a, revoked=locked[a.id]) for a in usable]
    taken = register.drawn(session, (a.id for a in usable), reference)  # after the lock, its own statement
    auths = [replace(a, drawn=taken.get(a.id, 0.0)) for a in usable]
    importers = held.get(c.consignee, frozenset()) if c.consignee else frozenset()
    notes = cached.notifications_for(sids, c.cited, importers) if need_notes else []
    return auths, notes
