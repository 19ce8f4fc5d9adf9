"""POST /v1/screenings/{id}/reviews (what an inspection found) and GET .../reviews (the history).

Reviews are never edited or deleted: a later one supersedes an earlier one in the statistics, both stay."""

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.api.deps import DatabaseDep, DbSession, PipelineResources, Principal, require
from app.api.schemas import ErrorBody
from app.db import repository
from app.db.models import Outcome, Review
from app.db.repository import Author
from app.declarations import MAX_AMOUNT, Storable
from app.errors import ApiError
from app.services import record_review, review_problems

_PROBLEMS = {
    "needs_substance": "a confirmed precursor names the substance found",
    "needs_quantity": "a confirmed precursor says how much was seized",
    "no_seizure": "nothing is seized on a false alarm or without an inspection",
}

router = APIRouter(prefix="/v1/screenings", tags=["reviews"])


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000), Storable] = ""
    substance_id: str | None = Field(default=None, max_length=60, description="A lexicon substance id.")
    quantity: float | None = Field(default=None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    quantity_unit: Literal["kg", "l"] | None = Field(default=None, description="Required with `quantity`.")


class ReviewOut(BaseModel):
    id: int
    screening_id: str
    outcome: Outcome
    note: str
    substance_id: str | None
    quantity: float | None
    quantity_unit: Literal["kg", "l"] | None
    author_kind: Literal["user", "api_key"]
    author_name: str
    created_at: datetime


def review_out(r: Review) -> ReviewOut:
    return ReviewOut.model_validate(r, from_attributes=True)


_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody},
    404: {"model": ErrorBody, "description": "No such screening"},
}


@router.post("/{screening_id}/reviews", response_model=ReviewOut, status_code=201, responses=_ERRORS)
def create_review(
    screening_id: str,
    body: ReviewIn,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    principal: Annotated[Principal, Depends(require("officer", "supervisor"))],
) -> ReviewOut:
    """Record what the inspection of a screened declaration found."""
    row = repository.get_screening(session, screening_id)
    if row is None:
        raise ApiError(404, "not_found", f"no screening with id {screening_id!r}")
    details = []
    if body.substance_id is not None and body.substance_id not in res.lexicon.substances:
        details.append({"field": "substance_id", "message": "not a substance of the lexicon"})
    if (body.quantity is None) != (body.quantity_unit is None):
        details.append({"field": "quantity_unit", "message": "quantity and quantity_unit go together"})
    for field, problem in review_problems(body.outcome, body.substance_id, body.quantity).items():
        details.append({"field": field, "message": _PROBLEMS[problem]})
    if details:
        raise ApiError(422, "invalid_request", "the request does not match the schema", details)
    review = record_review(
        session,
        db,
        row,
        outcome=body.outcome,
        note=body.note,
        author=Author(principal.kind, principal.id, principal.name),
        substance_id=body.substance_id,
        quantity=body.quantity,
        quantity_unit=body.quantity_unit,
    )
    return review_out(review)


@router.get("/{screening_id}/reviews", response_model=list[ReviewOut], responses=_ERRORS)
def list_reviews(
    screening_id: str,
    session: DbSession,
    _: Annotated[Principal, Depends(require("system", "officer", "supervisor", "admin"))],
) -> list[ReviewOut]:
    """Every review of a screening, oldest first; the last one is the one that counts."""
    row = repository.get_screening(session, screening_id)
    if row is None:
        raise ApiError(404, "not_found", f"no screening with id {screening_id!r}")
    return [review_out(r) for r in row.reviews]
