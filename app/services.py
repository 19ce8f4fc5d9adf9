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


def submit_screening(
    session: Session,
    db: Database,
    res: Resources,
    body: ScreeningRequest,
    author: Author,
    at: datetime | None = None,
    result: ScreeningResult | None = None,
) -> Submitted:
    """Screen one declaration and store it with its result and author (at `at`, default now). `result`: the
    declaration already screened (by a worker process of `python -m app screen`).

    Resubmitting the same declaration (same reference, same content) returns the stored screening, also when
    the copies arrive at the same time; the same reference with different content is stored as an amendment
    of the latest screening of that reference."""
    raw = body.model_dump(mode="json")
    digest = content_hash(raw)
    existing = repository.find_screening_id_by_content(session, body.reference, digest)
    if existing is not None:
        return Submitted(_stored(session, existing), created=False)
    declaration = to_declaration(body)
    result = result or screen(declaration, res)
    db.claim_writer(session)
    try:
        # A savepoint: if an identical submission was stored meanwhile, only this insert is undone.
        with session.begin_nested():
            row = repository.store_screening(
                session,
                reference=body.reference,
                declaration=declaration,
                request_body=raw,
                content_hash=digest,
                result=result,
                consignor=body.consignor.model_dump(mode="json") if body.consignor else None,
                consignee=body.consignee.model_dump(mode="json") if body.consignee else None,
                api_key_id=author.id if author.kind == "api_key" else None,
                user_id=author.id if author.kind == "user" else None,
                amends_id=repository.latest_screening_id(session, body.reference),
                screened_at=at,
            )
        return Submitted(row, created=True)
    except IntegrityError:
        stored = repository.find_screening_id_by_content(session, body.reference, digest)
        if stored is None:  # not the duplicate we thought: a real integrity problem
            raise
        return Submitted(_stored(session, stored), created=False)


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
