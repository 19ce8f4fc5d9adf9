"""Web logins: a signed, HttpOnly, SameSite session cookie naming a server-side session (so logout and
disabling a user end it at once), CSRF tokens for every form, and the page-role checks.

CSRF: a random token in an HttpOnly SameSite=Strict cookie; each form carries that token signed with the
site's key, and a POST is accepted only when the two agree (and, when the browser sends Origin, it is
ours)."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response
from itsdangerous import BadSignature, Signer

from app.api.deps import DbSession
from app.db import accounts
from app.db.models import User
from app.db.repository import Author

SESSION_COOKIE = "session"
CSRF_COOKIE = "csrf"
LANG_COOKIE = "lang"
WEB_ROLES = ("officer", "supervisor", "admin")


class PageError(Exception):
    """A refusal shown as a page: status and a message key of messages.yaml."""

    def __init__(self, status: int, message: str, **values: object) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.values = values


class LoginRequired(Exception):
    """No valid session: the browser is sent to the login page, then back."""


@dataclass(frozen=True)
class WebUser:
    id: str
    username: str
    name: str
    role: str
    session_hash: str

    @property
    def author(self) -> Author:
        return Author("user", self.id, self.name)


class Signers:
    def __init__(self, secret: str) -> None:
        self.session = Signer(secret, salt="web-session")
        self.csrf = Signer(secret, salt="csrf")


def _signers(request: Request) -> Signers:
    signers: Signers = request.app.state.signers
    return signers


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    secure = request.url.scheme == "https" or request.app.state.settings.cookie_secure
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        secure=secure,
        samesite="strict" if name == CSRF_COOKIE else "lax",
        path="/",
    )


def start_session(request: Request, response: Response, session: DbSession, user: User) -> None:
    hours = request.app.state.settings.session_hours
    token = secrets.token_urlsafe(32)
    accounts.open_session(session, user, token_hash(token), timedelta(hours=hours))
    value = _signers(request).session.sign(token).decode()
    set_cookie(request, response, SESSION_COOKIE, value, max_age=int(hours * 3600))


def session_token(request: Request) -> str | None:
    value = request.cookies.get(SESSION_COOKIE)
    if not value:
        return None
    try:
        return _signers(request).session.unsign(value).decode()
    except BadSignature:
        return None


def current_user(request: Request, session: DbSession) -> WebUser | None:
    token = session_token(request)
    if token is None:
        return None
    row = accounts.find_live_session(session, token_hash(token))
    if row is None:
        return None
    u = row.user
    return WebUser(u.id, u.username, u.display_name, u.role, row.token_hash)


MaybeUser = Annotated[WebUser | None, Depends(current_user)]


def page_role(*roles: str) -> object:
    """A dependency for pages: the logged-in user if their role is one of `roles`."""

    def check(request: Request, user: MaybeUser) -> WebUser:
        if user is None:
            raise LoginRequired()
        request.state.actor = f"user:{user.id}"  # named in the access log line
        if user.role not in roles:
            raise PageError(403, "error_forbidden")
        return user

    return Depends(check)


def csrf_form_token(request: Request, cookie_token: str) -> str:
    return _signers(request).csrf.sign(cookie_token).decode()


async def check_csrf(request: Request) -> None:
    """For every form POST: the form's token must be the signed CSRF cookie, from a page of this site."""
    origin = request.headers.get("origin")
    # Host and port only: behind a proxy that ends TLS the scheme seen here may differ from the browser's.
    # "null" (privacy modes, some redirects) proves nothing either way: the token decides.
    if origin not in (None, "null") and urlsplit(origin).netloc != request.url.netloc:
        raise PageError(403, "error_csrf")
    form = await request.form()
    sent = form.get("csrf_token")
    cookie = request.cookies.get(CSRF_COOKIE)
    if not isinstance(sent, str) or not cookie:
        raise PageError(403, "error_csrf")
    try:
        ok = secrets.compare_digest(_signers(request).csrf.unsign(sent).decode(), cookie)
    except BadSignature:
        ok = False
    if not ok:
        raise PageError(403, "error_csrf")


CsrfChecked = Depends(check_csrf)
