"""POST /v1/screenings/batch: up to 1,000 declarations in one call, each answered with its own result or its
own error. Each declaration is validated alone and stored in its own transaction, so one bad or failing
declaration does not undo the others (the batch is not all-or-nothing: the answer says which were stored)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, ValidationError

from app.api.deps import AppMetrics, DatabaseDep, MessageLanguage, PipelineResources, Principal, require
from app.api.errors import field_name
from app.api.schemas import ErrorBody, ErrorInfo, ScreeningOut, ScreeningRequest
from app.api.screenings import screening_out
from app.db.repository import Author
from app.services import submit_screening

router = APIRouter(prefix="/v1/screenings", tags=["screenings"])
MAX_BATCH = 1000


class BatchIn(BaseModel):
    declarations: list[Any] = Field(
        min_length=1,
        max_length=MAX_BATCH,
        description="Declarations as for POST /v1/screenings; each is validated on its own.",
    )


class BatchResult(BaseModel):
    index: int
    status: Literal[200, 422]
    screening: ScreeningOut | None = None
    error: ErrorInfo | None = None


class BatchOut(BaseModel):
    stored: int = Field(description="Declarations screened and stored (or found stored already)")
    refused: int
    results: list[BatchResult]


@router.post(
    "/batch",
    response_model=BatchOut,
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
def screen_batch(
    body: BatchIn,
    db: DatabaseDep,
    res: PipelineResources,
    lang: MessageLanguage,
    metrics: AppMetrics,
    principal: Annotated[Principal, Depends(require("system", "officer", "admin"))],
) -> BatchOut:
    """Screen and store many declarations. The answer lists one result per declaration, in order: the
    screening (as POST /v1/screenings returns it) or the reasons the declaration was refused."""
    author = Author(principal.kind, principal.id, principal.name)
    results: list[BatchResult] = []
    for index, raw in enumerate(body.declarations):
        try:
            request = ScreeningRequest.model_validate(raw)
        except ValidationError as exc:
            details = [{"field": field_name(tuple(e["loc"])), "message": e["msg"]} for e in exc.errors()]
            error = ErrorInfo(
                code="invalid_request", message="the declaration does not match the schema", details=details
            )
            results.append(BatchResult(index=index, status=422, error=error))
            continue
        with db.transaction() as session:
            submitted = submit_screening(session, db, res, request, author)
            metrics.screened(submitted.screening, submitted.created)
            out = screening_out(submitted.screening, res.lexicon, lang)
        results.append(BatchResult(index=index, status=200, screening=out))
    stored = sum(r.status == 200 for r in results)
    return BatchOut(stored=stored, refused=len(results) - stored, results=results)
