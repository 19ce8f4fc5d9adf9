"""Watched parties and targeting profiles (supervisors and admins): POST /v1/watchlist and
/v1/targeting-profiles, GET list and one, POST .../{id}/end. A system (clearance) key or an officer may not
read or write them (403): the notes are intelligence. Screening compares a declaration with the entries in
force when it stores it (app/watch_service.py)."""

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.api.deps import DatabaseDep, DbSession, PipelineResources, Principal, require
from app.api.schemas import ErrorBody
from app.db import watchlist
from app.db.models import WatchEntry
from app.declarations import NOT_BLANK, CountryCode, ShortText, Storable
from app.errors import ApiError
from app.register_service import RegisterError
from app.watch_service import Kind, WatchData, add_entry, end_entry

router = APIRouter(tags=["intelligence"])
Supervisor = Annotated[Principal, Depends(require("supervisor", "admin"))]
EntryId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Note = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000, pattern=NOT_BLANK), Storable
]
Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NOT_BLANK), Storable
]
Severity = Literal["low", "medium", "high"]


class _EntryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: Note = Field(
        description="The intelligence behind it: shown to supervisors only, never to officers."
    )
    severity: Severity = "high"
    valid_to: date | None = Field(default=None, description="Last day in force; none: until ended.")


class WatchedPartyIn(_EntryIn):
    name: Name
    aliases: list[ShortText] = Field(default_factory=list, max_length=20)
    country: CountryCode | None = None


class WatchedPartyRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    aliases: list[ShortText] = Field(default_factory=list, max_length=20)
    country: CountryCode | None = None


class TargetingProfileIn(_EntryIn):
    party: WatchedPartyRef | None = None
    crossing: ShortText | None = Field(default=None, description="A crossing's name or id.")
    origin_country: CountryCode | None = None
    destination_country: CountryCode | None = None
    transit_country: CountryCode | None = None
    hs_prefix: Annotated[str, StringConstraints(strip_whitespace=True, max_length=20)] | None = None
    category: ShortText | None = Field(default=None, description="A goods category id (GET /v1/lexicon).")


class EntryOut(BaseModel):
    id: int
    kind: str
    name: str | None
    aliases: list[str]
    country: str | None
    crossing: str | None
    origin_country: str | None
    destination_country: str | None
    transit_country: str | None
    hs_prefix: str | None
    category: str | None
    note: str
    severity: str
    valid_to: date | None
    created_at: datetime
    created_by: str
    ended_at: datetime | None
    ended_by: str | None


_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorBody},
    403: {"model": ErrorBody, "description": "Not a supervisor or admin"},
    404: {"model": ErrorBody},
    409: {"model": ErrorBody, "description": "Ended before"},
    422: {"model": ErrorBody},
}


def entry_out(row: WatchEntry) -> EntryOut:
    return EntryOut(
        id=row.id,
        kind=row.kind,
        name=row.name,
        aliases=list(row.aliases or []),
        country=row.country,
        crossing=row.crossing_id,
        origin_country=row.origin,
        destination_country=row.destination,
        transit_country=row.transit,
        hs_prefix=row.hs_prefix,
        category=row.category,
        note=row.note,
        severity=row.severity,
        valid_to=row.valid_to,
        created_at=row.created_at,
        created_by=row.created_by,
        ended_at=row.ended_at,
        ended_by=row.ended_by,
    )


def _refused(e: RegisterError) -> ApiError:
    return ApiError(e.status, "conflict" if e.status == 409 else "invalid_request", str(e), e.details)


def _create(
    session: DbSession, db: DatabaseDep, res: PipelineResources, data: WatchData, p: Principal
) -> EntryOut:
    try:
        return entry_out(add_entry(session, db, res, data, p.author))
    except RegisterError as e:
        raise _refused(e) from e


def _entry(session: DbSession, kind: Kind, entry_id: int) -> WatchEntry:
    row = watchlist.get(session, kind, entry_id)
    if row is None:
        raise ApiError(404, "not_found", f"no {'watched party' if kind == 'party' else 'profile'} {entry_id}")
    return row


def _end(session: DbSession, db: DatabaseDep, kind: Kind, entry_id: int, p: Principal) -> EntryOut:
    row = _entry(session, kind, entry_id)
    try:
        end_entry(session, db, row, p.author)
    except RegisterError as e:
        raise _refused(e) from e
    return entry_out(row)


Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


@router.post("/v1/watchlist", response_model=EntryOut, status_code=201, responses=_ERRORS)
def create_watched_party(
    body: WatchedPartyIn, session: DbSession, db: DatabaseDep, res: PipelineResources, principal: Supervisor
) -> EntryOut:
    """Watch a party: declarations whose consignor or consignee is the same company (in any script) get a
    `watched_party` reason of this severity."""
    data = WatchData(
        kind="party",
        note=body.note,
        severity=body.severity,
        name=body.name,
        aliases=tuple(a for a in body.aliases if a),
        country=body.country,
        valid_to=body.valid_to,
    )
    return _create(session, db, res, data, principal)


@router.get("/v1/watchlist", response_model=list[EntryOut], responses=_ERRORS)
def list_watched_parties(
    session: DbSession, _: Supervisor, include_ended: bool = True, limit: Limit = 100, offset: Offset = 0
) -> list[EntryOut]:
    return [entry_out(r) for r in watchlist.entries(session, "party", include_ended, limit, offset)]


@router.get("/v1/watchlist/{entry_id}", response_model=EntryOut, responses=_ERRORS)
def get_watched_party(entry_id: EntryId, session: DbSession, _: Supervisor) -> EntryOut:
    return entry_out(_entry(session, "party", entry_id))


@router.post("/v1/watchlist/{entry_id}/end", response_model=EntryOut, responses=_ERRORS)
def end_watched_party(
    entry_id: EntryId, session: DbSession, db: DatabaseDep, principal: Supervisor
) -> EntryOut:
    """Stop watching: declarations stored from now on are not compared with it."""
    return _end(session, db, "party", entry_id, principal)


@router.post("/v1/targeting-profiles", response_model=EntryOut, status_code=201, responses=_ERRORS)
def create_targeting_profile(
    body: TargetingProfileIn,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    principal: Supervisor,
) -> EntryOut:
    """A combination of party, crossing, route, HS prefix and goods category: declarations matching every
    part given get a `targeting_profile` reason of this severity."""
    party = body.party
    data = WatchData(
        kind="profile",
        note=body.note,
        severity=body.severity,
        name=party.name if party else None,
        aliases=tuple(a for a in party.aliases if a) if party else (),
        country=party.country if party else None,
        crossing=body.crossing,
        origin=body.origin_country,
        destination=body.destination_country,
        transit=body.transit_country,
        hs_prefix=body.hs_prefix,
        category=body.category,
        valid_to=body.valid_to,
    )
    return _create(session, db, res, data, principal)


@router.get("/v1/targeting-profiles", response_model=list[EntryOut], responses=_ERRORS)
def list_targeting_profiles(
    session: DbSession, _: Supervisor, include_ended: bool = True, limit: Limit = 100, offset: Offset = 0
) -> list[EntryOut]:
    return [entry_out(r) for r in watchlist.entries(session, "profile", include_ended, limit, offset)]


@router.get("/v1/targeting-profiles/{entry_id}", response_model=EntryOut, responses=_ERRORS)
def get_targeting_profile(entry_id: EntryId, session: DbSession, _: Supervisor) -> EntryOut:
    return entry_out(_entry(session, "profile", entry_id))


@router.post("/v1/targeting-profiles/{entry_id}/end", response_model=EntryOut, responses=_ERRORS)
def end_targeting_profile(
    entry_id: EntryId, session: DbSession, db: DatabaseDep, principal: Supervisor
) -> EntryOut:
    return _end(session, db, "profile", entry_id, principal)
