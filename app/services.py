"""What the API and the web pages both do with a request: screen and store a declaration, record an
inspection. Functions take the request's session and never commit: the shell's session dependency does."""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.types import Declaration, Item, ScreeningResult
from app.db import audit, register, repository, shipments
from app.db.audit import KeyUse
from app.db.models import OUTCOMES, Review, Screening
from app.db.repository import Author
from app.db.session import Database
from app.declarations import ScreeningRequest
from app.intelligence import with_reasons
from app.licensing import Draw
from app.register_check import DOCUMENTS as REGISTER
from app.register_check import against_register
from app.screening.pipeline import Resources, screen
from app.shipment_check import against_earlier
from app.shipments import Shipment
from app.watch_service import CACHE as WATCHED
from app.watch_service import against_watchlist


def to_declaration(body: ScreeningRequest) -> Declaration:
    return Declaration(
        items=tuple(Item(**i.model_dump()) for i in body.items),
        language=body.language,
        direction=body.direction,
        crossing=body.crossing,
        origin_country=body.origin_country,
        destination_country=body.destination_country,
        transit_countries=tuple(body.transit_countries),
    )


def content_hash(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Submitted:
    screening: Screening
    created: bool  # False when an identical submission was stored before


@dataclass(frozen=True)
class Prepared:
    """A declaration screened and ready to store: the work that needs no database."""

    body: ScreeningRequest
    raw: dict[str, Any]
    digest: str
    declaration: Declaration
    result: ScreeningResult
    res: Resources  # the data it was screened with: the register's reasons are worded from it


def prepare(body: ScreeningRequest, res: Resources, result: ScreeningResult | None = None) -> Prepared:
    """Screen a declaration (unless `result` is given: screened already by a worker process of `python -m
    app screen`) and compute the content hash that recognises a resend."""
    raw = stored_body(body)
    declaration = to_declaration(body)
    return Prepared(body, raw, content_hash(raw), declaration, result or screen(declaration, res), res)


# Fields added later, left out of the stored body when not given: a declaration sent again hashes as it did
# before they existed (and is recognised as the same).
_OPTIONAL_LATER = ("documents", "vehicle_plate", "container_number", "description_source", "photo_id")


def stored_body(body: ScreeningRequest) -> dict[str, Any]:
    """The request as stored and hashed."""
    raw = body.model_dump(mode="json")
    for name in _OPTIONAL_LATER:
        if not raw.get(name):
            raw.pop(name, None)
    return raw


def sent_before(body: ScreeningRequest, earlier: Sequence[Screening]) -> Screening | None:
    """Of `earlier` screenings, one whose declaration is this one under another (made-up) number: a page's
    form sent again after going back."""
    for row in earlier:
        if (
            content_hash(stored_body(body.model_copy(update={"reference": row.reference})))
            == row.content_hash
        ):
            return row
    return None


@dataclass(frozen=True)
class Submission:
    """A prepared declaration, who sent it, and when (default: now)."""

    prepared: Prepared
    author: Author
    at: datetime | None = None
    use: KeyUse | None = None  # the API request that sent it, logged with the screening as target


def store_many(session: Session, db: Database, submissions: Sequence[Submission]) -> list[Submitted]:
    """Store prepared declarations with their results and authors, in order, unless the same declaration
    (same reference, same content) was stored before (or earlier in this list): then that screening is
    returned. The same reference with different content is stored as an amendment of its latest screening.
    One query and three inserts for the lot: the writer's group commit hands in many at once.

    Raises IntegrityError when another process stores the same declaration at the same moment; callers retry
    in a fresh transaction (or savepoint), where the stored copy is then found."""
    db.claim_writer(session)  # before the read: the check and the insert must see the same database
    versions = repository.reference_versions(session, {s.prepared.body.reference for s in submissions})
    documents = REGISTER.get(session)  # the register (one aggregate query when unchanged)
    in_use = bool(documents.authorisations)
    watched = WATCHED.get(session)  # the watched parties and profiles not ended (likewise)
    draws: dict[str, register.DrawsOf] = {}  # by reference: what each stored declaration draws
    pending: list[tuple[str, Draw]] = []  # drawn by declarations earlier in this list
    declared: list[Shipment] = []  # quantities below the threshold declared earlier in this list
    quantities: list[
        tuple[str, str, bool, list[Shipment]]
    ] = []  # reference, screening id, amends?, quantities
    new: list[repository.NewScreening] = []
    plan: list[repository.NewScreening | str] = []  # per submission: rows to insert, or the stored id
    for sub in submissions:
        prepared, body = sub.prepared, sub.prepared.body
        known = versions[body.reference]
        stored = next((sid for sid, digest in known if digest == prepared.digest), None)
        if stored is not None:
            plan.append(stored)
            continue
        assessment = (
            against_register(
                session, body, prepared.declaration, prepared.result, prepared.res, sub.at, pending, documents
            )
            if in_use
            else None
        )
        result = assessment.result if assessment else prepared.result
        added = []
        if watched:
            added += against_watchlist(
                session, body, prepared.declaration, result, prepared.res, sub.at, watched
            )
        split = against_earlier(session, body, result, prepared.res, sub.at, declared)
        added += split.reasons
        result = with_reasons(result, added, prepared.res.rules)
        rows = repository.screening_rows(
            reference=body.reference,
            declaration=prepared.declaration,
            request_body=prepared.raw,
            content_hash=prepared.digest,
            result=result,
            consignor=body.consignor.model_dump(mode="json") if body.consignor else None,
            consignee=body.consignee.model_dump(mode="json") if body.consignee else None,
            api_key_id=sub.author.id if sub.author.kind == "api_key" else None,
            user_id=sub.author.id if sub.author.kind == "user" else None,
            amends_id=known[0][0] if known else None,
            screened_at=sub.at,
            vehicle_plate=body.vehicle_plate,
            container_number=body.container_number,
        )
        known.insert(0, (rows.id, prepared.digest))  # the latest now, for what follows in this list
        new.append(rows)
        plan.append(rows)
        if assessment is not None or (in_use and known[1:]):  # an amendment that no longer draws: nothing
            drawing = assessment.draws if assessment is not None else ()
            # a version earlier in this list is replaced, as a stored one is
            draws[body.reference] = register.DrawsOf(body.reference, rows.id, drawing, bool(known[1:]))
            pending = [(r, d) for r, d in pending if r != body.reference]
            pending += [(body.reference, d) for d in drawing]
        if split.shipments or known[1:]:
            quantities.append((body.reference, rows.id, bool(known[1:]), split.shipments))
            declared = [d for d in declared if d.reference != body.reference] + split.shipments
    inserted = {row.id: row for row in repository.insert_screenings(session, new)}
    register.record_draws(session, list(draws.values()))
    for reference, screening_id, amends, mine in quantities:
        shipments.record(session, reference, screening_id, mine, amends)
    uses = []
    for sub, p in zip(submissions, plan, strict=True):
        if sub.use is not None:
            sub.use.status, sub.use.target_kind = 200, "screening"
            sub.use.target_id = p.id if isinstance(p, repository.NewScreening) else p
            uses.append(sub.use)
    audit.record_uses(session, uses)
    return [
        Submitted(inserted[p.id], created=True)
        if isinstance(p, repository.NewScreening)
        else Submitted(_stored(session, p), created=False)
        for p in plan
    ]


def write_batch(
    session: Session, db: Database, items: Sequence[Submission | KeyUse]
) -> list[Submitted | None]:
    """The group-commit writer's work (app/db/writer.py): declarations and key uses, in one transaction."""
    done = iter(store_many(session, db, [i for i in items if isinstance(i, Submission)]))
    audit.record_uses(session, [i for i in items if isinstance(i, KeyUse)])
    return [next(done) if isinstance(i, Submission) else None for i in items]


def store(
    session: Session, db: Database, prepared: Prepared, author: Author, at: datetime | None = None
) -> Submitted:
    """store_many for one declaration."""
    return store_many(session, db, [Submission(prepared, author, at)])[0]


def submit_screening(
    session: Session,
    db: Database,
    res: Resources,
    body: ScreeningRequest,
    author: Author,
    at: datetime | None = None,
    result: ScreeningResult | None = None,
) -> Submitted:
    """Screen and store one declaration in the caller's transaction (the web form, the batch endpoint, the
    CLI); POST /v1/screenings does the same through the writer thread (app/db/writer.py).

    Resubmitting the same declaration returns the stored screening, also when the copies arrive at the same
    time."""
    prepared = prepare(body, res, result)
    try:
        # A savepoint: if an identical submission was stored meanwhile, only this insert is undone.
        with session.begin_nested():
            return store(session, db, prepared, author, at)
    except IntegrityError:
        # The other copy is visible now, so this finds and returns it (a second error is a real one).
        with session.begin_nested():
            return store(session, db, prepared, author, at)


def _stored(session: Session, screening_id: str) -> Screening:
    row = repository.get_screening(session, screening_id)
    assert row is not None  # found by id a moment ago in this transaction
    return row


# What an inspection record must hold, by its outcome: a confirmed precursor names the substance and what was
# seized; a false alarm or an uninspected truck seized nothing.
_SEIZED_NOTHING = frozenset({"false_alarm", "not_inspected"})


def review_problems(outcome: str, substance_id: str | None, quantity: float | None) -> dict[str, str]:
    """{field: problem} of an inspection record that does not hold together ("needs_substance",
    "needs_quantity", "no_seizure"); empty when it does. The pages and the API refuse such a record."""
    problems: dict[str, str] = {}
    if outcome == "confirmed_precursor":
        if not substance_id:
            problems["substance_id"] = "needs_substance"
        if not quantity:
            problems["quantity"] = "needs_quantity"
    elif outcome in _SEIZED_NOTHING and quantity:
        problems["quantity"] = "no_seizure"
    return problems


def record_review(
    session: Session,
    db: Database,
    screening: Screening,
    *,
    outcome: str,
    note: str,
    author: Author,
    substance_id: str | None = None,
    quantity: float | None = None,
    quantity_unit: str | None = None,
    at: datetime | None = None,
) -> Review:
    """Store what an inspection found, and say so in the audit log."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    db.claim_writer(session)
    review = repository.add_review(
        session,
        screening,
        outcome=outcome,
        note=note,
        author=author,
        substance_id=substance_id,
        quantity=quantity,
        quantity_unit=quantity_unit,
        created_at=at,
    )
    audit.record(
        session,
        author,
        "review.create",
        target_kind="screening",
        target_id=screening.id,
        details={
            "review_id": review.id,
            "reference": screening.reference,
            "outcome": outcome,
            "substance_id": substance_id,
            "quantity": quantity,
            "quantity_unit": quantity_unit,
        },
        at=review.created_at,
    )
    return review
