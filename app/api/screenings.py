"""POST /v1/screenings, GET /v1/screenings/{id}, GET /v1/screenings: a thin shell over the pipeline."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import IntegrityError

from app.api.deps import (
    AppMetrics,
    DbSession,
    DbWriter,
    MessageLanguage,
    PipelineResources,
    Principal,
    require,
)
from app.api.schemas import (
    NO_NUL,
    ErrorBody,
    EvidenceOut,
    FactsOut,
    ItemOut,
    ReasonOut,
    RiskLevel,
    ScreeningOut,
    ScreeningPage,
    ScreeningRequest,
    SubstanceOut,
)
from app.core.types import SCORED_METHODS
from app.db import repository
from app.db.audit import KeyUse
from app.db.models import Screening
from app.db.repository import Author
from app.db.writer import Writer
from app.errors import ApiError
from app.lexicon.loader import LexiconData
from app.reports.period import in_utc
from app.services import Submission, Submitted, prepare

router = APIRouter(prefix="/v1/screenings", tags=["screenings"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "No valid API key"},
    403: {"model": ErrorBody, "description": "The key's role may not use this endpoint"},
}


def _substance(lexicon: LexiconData, substance_id: str | None, lang: str) -> SubstanceOut | None:
    if substance_id is None:
        return None
    s = lexicon.substances.get(substance_id)
    if s is None:  # a substance removed from a later lexicon: keep the stored id visible
        return None
    names = getattr(s.names, lang) or s.names.en
    lists = [m.list_id for m in lexicon.memberships.get(s.id, ())]
    return SubstanceOut(id=s.id, name=names[0], cas=s.cas[0] if s.cas else None, table=s.table, lists=lists)


WATCH_CODES = frozenset({"watched_party", "targeting_profile"})


def screening_out(row: Screening, lexicon: LexiconData, lang: str) -> ScreeningOut:
    return ScreeningOut(
        id=row.id,
        reference=row.reference,
        vehicle_plate=row.vehicle_plate,
        container_number=row.container_number,
        screened_at=row.screened_at,
        risk_level=row.risk_level,
        reasons=[
            ReasonOut(
                code=r.code,
                severity=r.severity,
                item_index=r.item_index,
                message=r.messages.get(lang) or r.messages.get("en", ""),
                messages=r.messages,
                substance=_substance(lexicon, r.substance_id, lang),
                evidence=(
                    EvidenceOut(text=r.evidence_text, start=r.evidence_start, end=r.evidence_end)
                    if r.evidence_text is not None
                    and r.evidence_start is not None
                    and r.evidence_end is not None
                    else None
                ),
                method=r.details.get("method"),
                score=r.details.get("score") if r.details.get("method") in SCORED_METHODS else None,
                entry=r.details.get("entry") if r.code in WATCH_CODES else None,
            )
            for r in row.reasons
        ],
        items=[
            ItemOut(
                index=i.item_index,
                language=i.language,
                normalized=i.normalized,
                tokens=i.tokens,
                facts=FactsOut(**i.facts) if i.facts else None,
            )
            for i in row.items
        ],
        lexicon_version=row.lexicon_version,
        rules_version=row.rules_version,
        amends=row.amends_id,
    )


# Declarations with up to this many characters of descriptions are screened on the event loop (a few tenths of
# a millisecond: less than handing them to a thread costs under load); longer ones in the thread pool, so
# that a declaration of hundreds of items does not hold up every other request.
INLINE_CHARS = 1_000


@router.post("", response_model=ScreeningOut, responses=_ERRORS)
async def create_screening(
    request: Request,
    body: ScreeningRequest,
    writer: DbWriter,
    res: PipelineResources,
    lang: MessageLanguage,
    metrics: AppMetrics,
    principal: Annotated[Principal, Depends(require("system", "officer", "admin"))],
) -> ScreeningOut:
    """Screen one declaration, store it with its result, and return the result.

    Resubmitting the same declaration (same reference, same content) returns the stored screening, also when
    the copies arrive at the same time; the same reference with different content is stored as an
    amendment, whose `amends` names the screening it replaces."""
    author = Author(principal.kind, principal.id, principal.name)
    if sum(len(i.description) for i in body.items) <= INLINE_CHARS:
        prepared = prepare(body, res)
    else:
        prepared = await run_in_threadpool(prepare, body, res)
    use: KeyUse | None = getattr(request.state, "key_use", None)
    submitted = await store_through(writer, Submission(prepared, author, use=use))
    if use is not None:
        use.recorded = True  # with the screening, in its transaction
    metrics.screened(submitted.screening, submitted.created)
    return screening_out(submitted.screening, res.lexicon, lang)


async def store_through(writer: Writer, submission: Submission) -> Submitted:
    """Store in the writer's next group commit; answered once committed."""
    try:
        result: Submitted = await writer.run(submission)
    except IntegrityError:  # another worker stored the same declaration at the same moment: now found
        result = await writer.run(submission)
    return result


@router.get("/{screening_id}", response_model=ScreeningOut, responses={**_ERRORS, 404: {"model": ErrorBody}})
def read_screening(
    screening_id: str,
    session: DbSession,
    res: PipelineResources,
    lang: MessageLanguage,
    _: Annotated[Principal, Depends(require("system", "officer", "supervisor", "admin"))],
) -> ScreeningOut:
    row = repository.get_screening(session, screening_id)
    if row is None:
        raise ApiError(404, "not_found", f"no screening with id {screening_id!r}")
    return screening_out(row, res.lexicon, lang)


@router.get("", response_model=ScreeningPage, responses=_ERRORS)
def list_screenings(
    session: DbSession,
    res: PipelineResources,
    lang: MessageLanguage,
    _: Annotated[Principal, Depends(require("system", "officer", "supervisor", "admin"))],
    reference: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    vehicle_plate: Annotated[str | None, Query(max_length=30, pattern=NO_NUL)] = None,
    container_number: Annotated[str | None, Query(max_length=30, pattern=NO_NUL)] = None,
    risk_level: RiskLevel | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> ScreeningPage:
    """Stored screenings, newest first. `since`/`until` are ISO 8601 date-times (UTC if no offset given); a
    plate or a container number is found however it is typed ("А 123 ВС 01" = "a123bc01")."""
    flt = repository.ScreeningFilter(
        reference, risk_level, _aware(since), _aware(until), vehicle_plate, container_number
    )
    total, rows = repository.list_screenings(session, flt, limit=limit, offset=offset)
    return ScreeningPage(
        total=total, limit=limit, offset=offset, items=[screening_out(r, res.lexicon, lang) for r in rows]
    )


def _aware(value: datetime | None) -> datetime | None:
    return in_utc(value) if value is not None else None
