"""The register of import/export authorisations and pre-export notifications (supervisors and admins):
POST /v1/authorisations, POST /v1/authorisations/import (the authority's CSV), GET list and one, POST
.../revoke; the same for /v1/notifications. A system (clearance) key may not touch it (403). Screening reads
it when a declaration is stored (app/register_check.py)."""

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.api.deps import DatabaseDep, DbSession, PipelineResources, Principal, require
from app.api.schemas import ErrorBody
from app.db import register
from app.db.models import Authorisation, Notification
from app.declarations import MAX_AMOUNT, NO_NUL, CountryCode, ShortText, Storable
from app.errors import ApiError
from app.register_service import (
    AuthorisationData,
    NotificationData,
    PartyData,
    RegisterError,
    add_authorisation,
    add_notification,
    import_authorisations,
    revoke,
)

router = APIRouter(tags=["register"])
Writer = Annotated[Principal, Depends(require("supervisor", "admin"))]
Number = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100), Storable]
NumberPath = Annotated[str, Path(max_length=100, pattern=NO_NUL)]
MAX_CSV_BYTES = 2_000_000


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), Storable]
    aliases: list[ShortText] = Field(default_factory=list, max_length=20)
    country: CountryCode | None = None
    registration: ShortText | None = None

    def data(self) -> PartyData:
        return PartyData(self.name, tuple(a for a in self.aliases if a), self.country, self.registration)


class _DocumentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: Number
    substance: str = Field(max_length=60, description="A lexicon substance id or a CAS number.")
    quantity: float = Field(gt=0, le=MAX_AMOUNT, allow_inf_nan=False)
    unit: Literal["kg", "l", "L"]


class AuthorisationIn(_DocumentIn):
    kind: Literal["import", "export"]
    holder: PartyIn
    counterparty: PartyIn | None = None
    valid_from: date
    valid_to: date
    crossings: list[ShortText] = Field(
        default_factory=list,
        max_length=50,
        description="Crossings it is valid at (names or ids); empty: any.",
    )


class NotificationIn(_DocumentIn):
    exporter: PartyIn
    importer: PartyIn
    valid_from: date | None = None
    valid_to: date | None = None


class PartyOut(BaseModel):
    name: str
    aliases: list[str]
    country: str | None
    registration: str | None


class _DocumentOut(BaseModel):
    id: int
    number: str
    substance_id: str
    substance: str  # its English display name
    quantity: float
    unit: str
    created_at: datetime
    created_by: str
    revoked_at: datetime | None
    revoked_by: str | None
    revoke_reason: str | None


class AuthorisationOut(_DocumentOut):
    kind: str
    holder: PartyOut
    counterparty: PartyOut | None
    valid_from: date
    valid_to: date
    crossings: list[str]
    drawn: float  # by the declarations stored so far
    left: float


class NotificationOut(_DocumentOut):
    exporter: PartyOut
    importer: PartyOut
    valid_from: date | None
    valid_to: date | None


class RevokeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000), Storable]


class ImportOut(BaseModel):
    created: int
    numbers: list[str]


_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody, "description": "Not a supervisor or admin"},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody, "description": "Number already in the register, or revoked before"},
    422: {"model": ErrorBody},
}


def _party(data: dict[str, object]) -> PartyOut:
    return PartyOut.model_validate({"aliases": [], "country": None, "registration": None, **data})


def _common(row: Authorisation | Notification, res: PipelineResources) -> dict[str, object]:
    names = (
        res.lexicon.substances[row.substance_id].names.en
        if row.substance_id in res.lexicon.substances
        else []
    )
    return {
        "id": row.id,
        "number": row.number,
        "substance_id": row.substance_id,
        "substance": names[0] if names else row.substance_id,
        "quantity": row.quantity,
        "unit": row.unit,
        "created_at": row.created_at,
        "created_by": row.created_by,
        "revoked_at": row.revoked_at,
        "revoked_by": row.revoked_by,
        "revoke_reason": row.revoke_reason,
    }


def authorisation_out(session: DbSession, row: Authorisation, res: PipelineResources) -> AuthorisationOut:
    drawn = register.drawn(session, [row.id]).get(row.id, 0.0)
    return AuthorisationOut(
        **_common(row, res),
        kind=row.kind,
        holder=_party(row.holder),
        counterparty=_party(row.counterparty) if row.counterparty else None,
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        crossings=list(row.crossings or []),
        drawn=drawn,
        left=max(row.quantity - drawn, 0.0),
    )


def notification_out(row: Notification, res: PipelineResources) -> NotificationOut:
    return NotificationOut(
        **_common(row, res),
        exporter=_party(row.exporter),
        importer=_party(row.importer),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
    )


def _authorisation(session: DbSession, number: str) -> Authorisation:
    row = register.find_authorisation(session, number)
    if row is None:
        raise ApiError(404, "not_found", f"no authorisation {number!r}")
    return row


def _notification(session: DbSession, number: str) -> Notification:
    row = register.find_notification(session, number)
    if row is None:
        raise ApiError(404, "not_found", f"no notification {number!r}")
    return row


def _revoke(
    session: DbSession, db: DatabaseDep, row: Authorisation | Notification, reason: str, p: Principal
) -> None:
    try:
        revoke(session, db, row, reason, p.author)
    except RegisterError as e:
        raise _refused(e) from e


def _refused(e: RegisterError) -> ApiError:
    code = "conflict" if e.status == 409 else "invalid_request"
    return ApiError(e.status, code, str(e), e.details)


@router.post("/v1/authorisations", response_model=AuthorisationOut, status_code=201, responses=_ERRORS)
def create_authorisation(
    body: AuthorisationIn, session: DbSession, db: DatabaseDep, res: PipelineResources, principal: Writer
) -> AuthorisationOut:
    """Enter an import or export authorisation into the register."""
    data = AuthorisationData(
        number=body.number,
        kind=body.kind,
        holder=body.holder.data(),
        counterparty=body.counterparty.data() if body.counterparty else None,
        substance=body.substance,
        quantity=body.quantity,
        unit=body.unit,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
        crossings=tuple(c for c in body.crossings if c),
    )
    try:
        row = add_authorisation(session, db, res, data, principal.author)
    except RegisterError as e:
        raise _refused(e) from e
    return authorisation_out(session, row, res)


@router.post(
    "/v1/authorisations/import",
    response_model=ImportOut,
    status_code=201,
    responses=_ERRORS,
    openapi_extra={
        "requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}
    },
)
async def import_authorisations_csv(
    request: Request, session: DbSession, db: DatabaseDep, res: PipelineResources, principal: Writer
) -> ImportOut:
    """The authority's export as CSV (UTF-8; columns number, kind, holder_name, holder_aliases,
    holder_country, substance, quantity, unit, valid_from, valid_to, crossings; lists separated by ";"):
    all rows stored, or none and every row's errors."""
    if request.headers.get("content-type", "").split(";")[0].strip() not in ("text/csv", "text/plain"):
        raise ApiError(415, "unsupported_media_type", "send the file as text/csv")
    raw = await request.body()
    if len(raw) > MAX_CSV_BYTES:
        raise ApiError(413, "too_large", f"at most {MAX_CSV_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError(422, "invalid_request", "the file is not UTF-8 text") from e
    try:
        rows = import_authorisations(session, db, res, text, principal.author)
    except RegisterError as e:
        raise _refused(e) from e
    return ImportOut(created=len(rows), numbers=[r.number for r in rows])


@router.get("/v1/authorisations", response_model=list[AuthorisationOut], responses=_ERRORS)
def list_authorisations(
    session: DbSession,
    res: PipelineResources,
    _: Writer,
    substance: Annotated[str | None, Query(max_length=60, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[AuthorisationOut]:
    """Authorisations, newest first, each with what declarations drew on it."""
    rows = register.list_authorisations(session, substance, limit=limit, offset=offset)
    return [authorisation_out(session, r, res) for r in rows]


@router.get("/v1/authorisations/{number:path}", response_model=AuthorisationOut, responses=_ERRORS)
def get_authorisation(
    number: NumberPath, session: DbSession, res: PipelineResources, _: Writer
) -> AuthorisationOut:
    return authorisation_out(session, _authorisation(session, number), res)


@router.post("/v1/authorisations/{number:path}/revoke", response_model=AuthorisationOut, responses=_ERRORS)
def revoke_authorisation(
    number: NumberPath,
    body: RevokeIn,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    principal: Writer,
) -> AuthorisationOut:
    """Revoke an authorisation: declarations stored from now on no longer match it."""
    row = _authorisation(session, number)
    _revoke(session, db, row, body.reason, principal)
    return authorisation_out(session, row, res)


@router.post("/v1/notifications", response_model=NotificationOut, status_code=201, responses=_ERRORS)
def create_notification(
    body: NotificationIn, session: DbSession, db: DatabaseDep, res: PipelineResources, principal: Writer
) -> NotificationOut:
    """Enter a pre-export notification received from the exporting country (PEN Online)."""
    data = NotificationData(
        number=body.number,
        exporter=body.exporter.data(),
        importer=body.importer.data(),
        substance=body.substance,
        quantity=body.quantity,
        unit=body.unit,
        valid_from=body.valid_from,
        valid_to=body.valid_to,
    )
    try:
        row = add_notification(session, db, res, data, principal.author)
    except RegisterError as e:
        raise _refused(e) from e
    return notification_out(row, res)


@router.get("/v1/notifications", response_model=list[NotificationOut], responses=_ERRORS)
def list_notifications(
    session: DbSession,
    res: PipelineResources,
    _: Writer,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[NotificationOut]:
    return [
        notification_out(r, res) for r in register.list_notifications(session, limit=limit, offset=offset)
    ]


@router.get("/v1/notifications/{number:path}", response_model=NotificationOut, responses=_ERRORS)
def get_notification(
    number: NumberPath, session: DbSession, res: PipelineResources, _: Writer
) -> NotificationOut:
    return notification_out(_notification(session, number), res)


@router.post("/v1/notifications/{number:path}/revoke", response_model=NotificationOut, responses=_ERRORS)
def revoke_notification(
    number: NumberPath,
    body: RevokeIn,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    principal: Writer,
) -> NotificationOut:
    row = _notification(session, number)
    _revoke(session, db, row, body.reason, principal)
    return notification_out(row, res)
