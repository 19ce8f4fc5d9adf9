"""What the API and the web pages both do with a request: screen and store a declaration, record an
inspection. Functions take the request's session and never commit: the shell's session dependency does."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.api.schemas import ScreeningRequest
from app.db import audit, repository
from app.db.models import Review, Screening
from app.db.repository import Author
from app.db.session import Database
from app.screening.pipeline import Resources, screen
from app.screening.types import Declaration, Item, ScreeningResult

Outcome = Literal["confirmed_precursor", "other_violation", "false_alarm", "not_inspected"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)


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


def prepare(body: ScreeningRequest, res: Resources, result: ScreeningResult | None = None) -> Prepared:
    """Screen a declaration (unless `result` is given: screened already by a worker process of `python -m
    app screen`) and compute the content hash that recognises a resend."""
    raw = body.model_dump(mode="json")
    declaration = to_declaration(body)
    return Prepared(body, raw, content_hash(raw), declaration, result or screen(declaration, res))


def store(
    session: Session, db: Database, prepared: Prepared, author: Author, at: datetime | None = None
) -> Submitted:
    """Store a prepared declaration with its result and author (at `at`, default now), unless the same
    declaration (same reference, same content) was stored before: then that screening is returned. The same
    reference with different content is stored as an amendment of the latest screening of that reference.

    Raises IntegrityError when another process stores the same declaration at the same moment; callers retry
    in a fresh transaction (or savepoint), where the stored copy is then found."""
    body = prepared.body
    db.claim_writer(session)  # before the read: the check and the insert must see the same database
    versions = repository.reference_versions(session, body.reference)
    for screening_id, digest in versions:
        if digest == prepared.digest:
            return Submitted(_stored(session, screening_id), created=False)
    row = repository.store_screening(
        session,
        reference=body.reference,
        declaration=prepared.declaration,
        request_body=prepared.raw,
        content_hash=prepared.digest,
        result=prepared.result,
        consignor=body.consignor.model_dump(mode="json") if body.consignor else None,
        consignee=body.consignee.model_dump(mode="json") if body.consignee else None,
        api_key_id=author.id if author.kind == "api_key" else None,
        user_id=author.id if author.kind == "user" else None,
        amends_id=versions[0][0] if versions else None,
        screened_at=at,
    )
    return Submitted(row, created=True)


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
