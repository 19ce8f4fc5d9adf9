"""What supervisors do on the register page: enter an authorisation, a pre-export notification or a watched
party, revoke a document, end an entry. Each goes through the same services as the API (checked there, every
change in the audit log); a refused form comes back open, its errors beside its fields, everything typed kept;
a stored one sends the browser back to the page with a word of what was saved."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from app.api.deps import DatabaseDep, DbSession, PipelineResources
from app.db import register, watchlist
from app.db.models import Authorisation, Notification
from app.db.repository import Author
from app.db.session import Database
from app.register_service import (
    AuthorisationData,
    NotificationData,
    RegisterError,
    add_authorisation,
    add_notification,
    revoke,
)
from app.screening.pipeline import Resources
from app.watch_service import WatchData, add_entry, end_entry
from app.web.i18n import countries
from app.web.register_forms import (
    AuthorisationForm,
    Errors,
    NotificationForm,
    ReasonForm,
    WatchForm,
    parse_authorisation,
    parse_notification,
    parse_watch,
    refused,
)
from app.web.register_page import Supervisor, register_view
from app.web.security import CsrfChecked, PageError, WebUser

router = APIRouter(include_in_schema=False)
F = TypeVar("F")
D = TypeVar("D")
_COUNTRIES = frozenset(code for code, _ in countries("en"))


def _saved(what: str, anchor: str) -> Response:
    return RedirectResponse(f"/register?saved={what}#{anchor}", 303)


@dataclass(frozen=True)
class _Entry(Generic[F, D]):
    """One of the page's entry forms: how it is read, how it is stored, where the page shows it."""

    name: str  # the form's name on the page (register_page.FORMS) and its saved word
    prefix: str  # its fields' prefix ("a_")
    anchor: str  # the section the browser returns to
    parse: Callable[[F, frozenset[str]], tuple[D | None, Errors]]
    store: Callable[[Session, Database, Resources, D, Author], object]


def _enter(
    request: Request,
    session: Session,
    db: Database,
    res: Resources,
    user: WebUser,
    form: F,
    entry: _Entry[F, D],
) -> Response:
    """Read the form, store it through its service, and return to the page; or show the form again, open, with
    its errors beside its fields."""
    data, errors = entry.parse(form, _COUNTRIES)
    if data is not None:
        try:
            entry.store(session, db, res, data, user.author)
            return _saved(entry.name, entry.anchor)
        except RegisterError as e:
            errors = refused(e, entry.prefix)
    return register_view(
        request, session, res, user, open_form=entry.name, forms={entry.name: form}, errors=errors, status=422
    )


_AUTHORISATION: _Entry[AuthorisationForm, AuthorisationData] = _Entry(
    "authorisation", "a_", "auth-title", parse_authorisation, add_authorisation
)
_NOTIFICATION: _Entry[NotificationForm, NotificationData] = _Entry(
    "notification", "n_", "note-title", parse_notification, add_notification
)
_WATCH: _Entry[WatchForm, WatchData] = _Entry("watch", "w_", "watch-title", parse_watch, add_entry)


@router.post("/register/authorisations", dependencies=[CsrfChecked])
def authorisation_submit(
    request: Request,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    user: Supervisor,
    form: Annotated[AuthorisationForm, Form()],
) -> Response:
    return _enter(request, session, db, res, user, form, _AUTHORISATION)


@router.post("/register/notifications", dependencies=[CsrfChecked])
def notification_submit(
    request: Request,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    user: Supervisor,
    form: Annotated[NotificationForm, Form()],
) -> Response:
    return _enter(request, session, db, res, user, form, _NOTIFICATION)


@router.post("/register/watchlist", dependencies=[CsrfChecked])
def watch_submit(
    request: Request,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    user: Supervisor,
    form: Annotated[WatchForm, Form()],
) -> Response:
    return _enter(request, session, db, res, user, form, _WATCH)


def _revoke(
    session: Session,
    db: Database,
    user: WebUser,
    row: Authorisation | Notification | None,
    reason: str,
    anchor: str,
) -> Response:
    """Revoke a document; one revoked before (a second click, another tab) is left as it is."""
    if row is None:
        raise PageError(404, "error_not_found")
    if row.revoked_at is None:
        revoke(session, db, row, reason.strip()[:500], user.author)
    return _saved("revoked", anchor)


@router.post("/register/authorisations/{number:path}/revoke", dependencies=[CsrfChecked])
def authorisation_revoke(
    number: str, session: DbSession, db: DatabaseDep, user: Supervisor, form: Annotated[ReasonForm, Form()]
) -> Response:
    row = register.find_authorisation(session, number)
    return _revoke(session, db, user, row, form.reason, "auth-title")


@router.post("/register/notifications/{number:path}/revoke", dependencies=[CsrfChecked])
def notification_revoke(
    number: str, session: DbSession, db: DatabaseDep, user: Supervisor, form: Annotated[ReasonForm, Form()]
) -> Response:
    row = register.find_notification(session, number)
    return _revoke(session, db, user, row, form.reason, "note-title")


@router.post("/register/watchlist/{entry_id}/end", dependencies=[CsrfChecked])
def watch_end(entry_id: int, session: DbSession, db: DatabaseDep, user: Supervisor) -> Response:
    row = watchlist.get(session, "party", entry_id) or watchlist.get(session, "profile", entry_id)
    if row is None:
        raise PageError(404, "error_not_found")
    if row.ended_at is None:
        end_entry(session, db, row, user.author)
    return _saved("ended", "watch-title")
