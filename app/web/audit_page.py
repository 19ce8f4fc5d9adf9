"""The audit log for supervisors and admins on the web (issue 17, point 8): who did what, newest first, with
filters by action, actor, target and days; failed logins and lock-outs among them. The API has the same at
GET /v1/audit."""

import json
from datetime import UTC, date, datetime, time
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.api.deps import DbSession
from app.db import audit
from app.web.render import render
from app.web.security import WebUser, page_role

router = APIRouter(include_in_schema=False)
Supervisor = Annotated[WebUser, page_role("supervisor", "admin")]
PAGE = 50  # entries a page
Text = Annotated[str, Query(max_length=200)]


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@router.get("/audit")
def audit_page(
    request: Request,
    session: DbSession,
    user: Supervisor,
    action: Text = "",
    actor: Text = "",
    target: Text = "",
    raw_from: Annotated[str, Query(alias="from", max_length=20)] = "",
    to: Annotated[str, Query(max_length=20)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    start, end = _day(raw_from), _day(to)
    bad_dates = bool(raw_from and start is None) or bool(to and end is None)
    flt = audit.AuditFilter(
        action=action if action in audit.ACTIONS else None,
        actor_name=actor.strip() or None,
        target_id=target.strip() or None,
        since=datetime.combine(start, time(), tzinfo=UTC) if start else None,
        until=datetime.combine(end, time.max, tzinfo=UTC) if end else None,
    )
    total, rows = audit.list_events(session, flt, limit=PAGE, offset=offset)
    events = [
        {"e": e, "details": json.dumps(e.details, ensure_ascii=False, sort_keys=True) if e.details else ""}
        for e in rows
    ]
    kept = {"action": action, "actor": actor, "target": target, "from": raw_from, "to": to}
    query = urlencode({k: v for k, v in kept.items() if v})
    return render(
        request,
        "audit.html",
        user=user,
        events=events,
        total=total,
        offset=offset,
        page=PAGE,
        actions=[a for a in audit.ACTIONS if a != audit.KEY_USE],
        filters=kept,
        filter_query=query,
        bad_dates=bad_dates,
    )
