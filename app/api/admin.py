"""The admin API: API keys (create, list, revoke), reloading the lexicon and rules, rescreening the archive.
Every change is written to the audit log with the admin key that made it."""

from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import event

from app import access_and_retention, deployment_data
from app.api.deps import AppMetrics, DbSession, Principal, require
from app.api.schemas import ErrorBody
from app.db import repository
from app.db.models import ApiKey, utcnow
from app.declarations import NOT_BLANK, Storable
from app.deployment_data import Follower
from app.errors import ApiError, DataError
from app.screening.pipeline import Resources
from app.security.keycache import KeyCache
from app.security.keys import Role

router = APIRouter(prefix="/v1/admin", tags=["admin"])
Admin = Annotated[Principal, Depends(require("admin"))]
_ERRORS: dict[int | str, dict[str, Any]] = {401: {"model": ErrorBody}, 403: {"model": ErrorBody}}


class KeyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=200, pattern=NOT_BLANK),
        Storable,
    ]
    role: Role
    expires_days: int | None = Field(default=None, ge=1, le=3650, description="The key stops working after")


class KeyOut(BaseModel):
    id: str
    name: str
    role: Role
    prefix: str = Field(description="The key's first characters, to tell keys apart")
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    state: str = Field(description="active, expired or revoked")


class NewKeyOut(KeyOut):
    key: str = Field(description="The secret: shown in this answer only, never stored")


def key_out(k: ApiKey) -> dict[str, Any]:
    expired = k.expires_at is not None and k.expires_at <= utcnow()
    state = "revoked" if k.revoked_at else ("expired" if expired else "active")
    return {
        "id": k.id,
        "name": k.name,
        "role": k.role,
        "prefix": k.prefix,
        "created_at": k.created_at,
        "expires_at": k.expires_at,
        "revoked_at": k.revoked_at,
        "state": state,
    }


@router.post("/keys", response_model=NewKeyOut, status_code=201, responses=_ERRORS)
def create_key(body: KeyIn, session: DbSession, principal: Admin) -> NewKeyOut:
    """Create an API key. The secret is in this answer only: store it now."""
    new = access_and_retention.create_key(
        session, principal.author, name=body.name, role=body.role, expires_days=body.expires_days
    )
    return NewKeyOut(key=new.secret, **key_out(new.row))


@router.get("/keys", response_model=list[KeyOut], responses=_ERRORS)
def list_keys(session: DbSession, _: Admin) -> list[KeyOut]:
    """Every key ever created, oldest first; never the secrets."""
    return [KeyOut(**key_out(k)) for k in repository.list_api_keys(session)]


@router.post("/keys/{key_id}/revoke", response_model=KeyOut, responses={**_ERRORS, 404: {"model": ErrorBody}})
def revoke_key(key_id: str, request: Request, session: DbSession, principal: Admin) -> KeyOut:
    """Revoke a key at once (kept for the audit trail). Revoking a revoked key changes nothing."""
    key = access_and_retention.revoke_key(session, principal.author, key_id)
    # Forgotten by this worker once the revocation is committed (other workers: within KEY_CACHE_SECONDS).
    cache: KeyCache = request.app.state.key_cache
    event.listen(session, "after_commit", lambda _: cache.clear(), once=True)
    if key is None:
        raise ApiError(404, "not_found", f"no key with id {key_id!r}")
    return KeyOut(**key_out(key))


class VersionsOut(BaseModel):
    lexicon_version: str
    rules_version: str


class ReloadOut(BaseModel):
    previous: VersionsOut
    current: VersionsOut
    load_seconds: float
    serial: int = Field(description="The deployment's activation number of this data")
    effective_at: datetime = Field(description="When every worker of the deployment screens with this data")


def _versions(res: Resources) -> VersionsOut:
    return VersionsOut(lexicon_version=res.lexicon.version, rules_version=res.rules.version)


@router.post("/reload", response_model=ReloadOut, responses={**_ERRORS, 422: {"model": ErrorBody}})
def reload_data(request: Request, session: DbSession, metrics: AppMetrics, principal: Admin) -> ReloadOut:
    """Load the lexicon and rules files again and make them the deployment's data: every worker, on every
    machine, screens with them from `effective_at` (DATA_SWITCH_SECONDS from now; each loads them meanwhile).
    Data that fails validation is refused (422) and the data in use stays."""
    previous: Resources = request.app.state.resources
    try:
        fresh: Resources = request.app.state.loader()
    except DataError as exc:
        raise ApiError(422, "invalid_data", f"the lexicon or rules failed validation: {exc}") from exc
    follower: Follower | None = request.app.state.follower
    now = utcnow()
    at = now + timedelta(seconds=request.app.state.settings.data_switch_seconds) if follower else now
    serial = deployment_data.activate(session, fresh, principal.author, previous, at)
    if follower is not None:  # this worker switches when every other does, once the activation is committed:
        # a poll in between would read the row before it and undo a switch scheduled earlier
        event.listen(session, "after_commit", lambda _: follower.schedule(fresh, serial, at), once=True)
    else:  # data given at start (tests): not following the deployment's
        request.app.state.resources = fresh
        metrics.data_versions(fresh.lexicon.version, fresh.rules.version)
    return ReloadOut(
        previous=_versions(previous),
        current=_versions(fresh),
        load_seconds=fresh.load_seconds,
        serial=serial,
        effective_at=at,
    )
