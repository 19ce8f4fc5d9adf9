"""GET/POST /login and POST /logout. Failed logins are throttled twice over: per account in the database
(locked for a growing time after repeated failures, across workers) and per client address in this process."""

import math
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.api.deps import DatabaseDep, DbSession
from app.db import accounts, audit
from app.db.models import utcnow
from app.db.repository import Author
from app.security.passwords import hash_password, needs_rehash, verify_password
from app.web.render import render
from app.web.security import (
    SESSION_COOKIE,
    WEB_ROLES,
    CsrfChecked,
    MaybeUser,
    session_token,
    start_session,
    token_hash,
)

router = APIRouter(include_in_schema=False)


def home_for(role: str) -> str:
    return "/dashboard" if role == "supervisor" else "/lookup"


def safe_next(target: str | None) -> str | None:
    """Only a path of this site (no scheme, no host, no //evil.example)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/login")
def login_page(request: Request, user: MaybeUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next) or home_for(user.role), 303)
    return render(request, "login.html", user=None, next=safe_next(next) or "", error=None, username="")


@router.post("/login", dependencies=[CsrfChecked])
def login(
    request: Request,
    session: DbSession,
    db: DatabaseDep,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    settings = request.app.state.settings

    def refuse(status: int, error: str, **values: object) -> Response:
        return render(
            request,
            "login.html",
            user=None,
            status=status,
            next=safe_next(next) or "",
            error=(error, values),
            username=username,
        )

    address = request.client.host if request.client else "unknown"
    wait = request.app.state.login_limiter.acquire(address)
    if wait > 0:
        return refuse(429, "login_throttled", seconds=max(1, math.ceil(wait)))
    user = accounts.find_user(session, username.strip())
    if user is not None and user.locked_until is not None and user.locked_until > utcnow():
        seconds = max(1, math.ceil((user.locked_until - utcnow()).total_seconds()))
        return refuse(429, "login_throttled", seconds=seconds)
    usable = user is not None and user.disabled_at is None and user.role in WEB_ROLES
    if user is None or not verify_password(user.password_hash if usable else None, password):
        db.claim_writer(session)
        name = username.strip()[:100]
        details: dict[str, object] = {"address": address, "known_account": user is not None}
        if user is not None:
            accounts.record_failed_login(
                session,
                user,
                max_failures=settings.login_max_failures,
                lock_seconds=settings.login_lock_seconds,
            )
            details["failures"] = user.failed_logins
        actor = Author("user", user.id if user is not None else "", name)
        audit.record(session, actor, "login.failed", target_kind="user", target_id=name, details=details)
        if user is not None and user.locked_until is not None and user.locked_until > utcnow():
            until = {"address": address, "until": user.locked_until.isoformat()}
            audit.record(session, actor, "login.locked", target_kind="user", target_id=name, details=until)
        return refuse(400, "login_failed")
    db.claim_writer(session)
    accounts.record_successful_login(session, user)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password, new=False)
    response = RedirectResponse(safe_next(next) or home_for(user.role), 303)
    start_session(request, response, session, user)
    return response


@router.post("/logout", dependencies=[CsrfChecked])
def logout(request: Request, session: DbSession, db: DatabaseDep) -> Response:
    token = session_token(request)
    if token is not None:
        db.claim_writer(session)
        accounts.close_session(session, token_hash(token))
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
