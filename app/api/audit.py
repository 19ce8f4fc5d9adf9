"""GET /v1/audit: the append-only audit log, newest first (supervisor, admin)."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from app.api.deps import DbSession, Principal, require
from app.api.reports import From, To
from app.api.schemas import NO_NUL, ErrorBody
from app.db import audit
from app.reports.period import bound

router = APIRouter(tags=["audit"])


class AuditEventOut(BaseModel):
    id: int
    at: datetime
    actor_kind: str
    actor_id: str | None
    actor_name: str
    action: str
    target_kind: str | None
    target_id: str | None
    details: dict[str, Any]


class AuditPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AuditEventOut]


@router.get(
    "/v1/audit",
    response_model=AuditPage,
    responses={401: {"model": ErrorBody}, 403: {"model": ErrorBody}, 422: {"model": ErrorBody}},
)
def audit_log(
    session: DbSession,
    _: Annotated[Principal, Depends(require("supervisor", "admin"))],
    action: Annotated[
        str | None, Query(description=f"One of {', '.join(audit.ACTIONS)}", max_length=40, pattern=NO_NUL)
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="The actor's name")
    ] = None,
    target_id: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
    raw_from: From = None,
    to: To = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> AuditPage:
    """Who did what: inspections recorded, keys and users administered, data reloaded, bodies purged."""
    since = bound(raw_from, upper=False) if raw_from is not None else None
    until = bound(to, upper=True) if to is not None else None
    flt = audit.AuditFilter(action=action, actor_name=actor, target_id=target_id, since=since, until=until)
    total, rows = audit.list_events(session, flt, limit=limit, offset=offset)
    return AuditPage(
        total=total,
        limit=limit,
        offset=offset,
        items=[AuditEventOut.model_validate(r, from_attributes=True) for r in rows],
    )
