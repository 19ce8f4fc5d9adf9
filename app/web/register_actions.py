"""What supervisors do on the register page: enter an authorisation, a pre-export notification or a watched
party, revoke a document, end an entry. Each goes through the same services as the API (checked there, every
change in the audit log); a refused form comes back open, its errors beside its fields, everything typed kept;
a stored one sends the browser back to the page with a word of what was saved."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.api.deps import DatabaseDep, DbSession, PipelineResources
from app.db import register, watchlist
from app.register_service import RegisterError, add_authorisation, add_notification, revoke
from app.watch_service import add_entry, end_entry
from app.web.i18n import countries
from app.web.register_forms import (
    AuthorisationForm,
    NotificationForm,
    ReasonForm,
    WatchForm,
    parse_authorisation,
    parse_notification,
    parse_watch,
    refused,
)
from app.web.register_page import Supervisor, register_view
from app.web.security import CsrfChecked, PageError

router = APIRouter(include_in_schema=False)
_COUNTRIES = frozenset(code for code, _ in countries("en"))


def _saved(what: str, anchor: str) -> Response:
    return RedirectResponse(f"/register?saved={what}#{anchor}", 303)


@router.post("/register/authorisations", dependencies=[CsrfChecked])
def authorisation_submit(
    request: Request,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    user: Supervisor,
    form: Annotated[AuthorisationForm, Form()],
) -> Response:
    data, errors = parse_authorisation(form, _COUNTRIES)
    if data is not None:
        try:
            add_authorisation(session, db, res, data, user.author)
            return _saved("authorisation", "auth-title")
        except RegisterError as e:
            errors = refused(e, "a_")
    return register_view(
        request,
        session,
        res,
        user,
        open_form="authorisation",
        forms={"authorisation": form},
        errors=errors,
        status=422,
    )


@router.post("/register/notifications", dependencies=[CsrfChecked])
def notification_submit(
    request: Request,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    user: Supervisor,
    form: Annotated[NotificationForm, Form()],
) -> Response:
    data, errors = parse_notification(form, _COUNTRIES)
    if data is not None:
        try:
            add_notification(session, db, res, data, user.author)
            return _saved("notification", "note-title")
        except RegisterError as e:
            errors = refused(e, "n_")
    return register_view(
        request,
        session,
        res,
        user,
        open_form="notification",
        forms={"notification": form},
        errors=errors,
        status=422,
    )


@router.post("/register/watchlist", dependencies=[CsrfChecked])
def watch_submit(
    request: Request,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    user: Supervisor,
    form: Annotated[WatchForm, Form()],
) -> Response:
    data, errors = parse_watch(form, _COUNTRIES)
    if data is not None:
        try:
            add_entry(session, db, res, data, user.author)
            return _saved("watch", "watch-title")
        except RegisterError as e:
            errors = refused(e, "w_")
    return register_view(
        request, session, res, user, open_form="watch", forms={"watch": form}, errors=errors, status=422
    )


@router.post("/register/authorisations/{number:path}/revoke", dependencies=[CsrfChecked])
def authorisation_revoke(
    number: str,
    session: DbSession,
    db: DatabaseDep,
    user: Supervisor,
    form: Annotated[ReasonForm, Form()],
) -> Response:
    row = register.find_authorisation(session, number)
    if row is None:
        raise PageError(404, "error_not_found")
    if row.revoked_at is None:  # revoked before (a second click, another tab): nothing more to do
        revoke(session, db, row, form.reason.strip()[:500], user.author)
    return _saved("revoked", "auth-title")


@router.post("/register/notifications/{number:path}/revoke", dependencies=[CsrfChecked])
def notification_revoke(
    number: str,
    session: DbSession,
    db: DatabaseDep,
    user: Supervisor,
    form: Annotated[ReasonForm, Form()],
) -> Response:
    row = register.find_notification(session, number)
    if row is None:
        raise PageError(404, "error_not_found")
    if row.revoked_at is None:
        revoke(session, db, row, form.reason.strip()[:500], user.author)
    return _saved("revoked", "note-title")


@router.post("/register/watchlist/{entry_id}/end", dependencies=[CsrfChecked])
def watch_end(entry_id: int, session: DbSession, db: DatabaseDep, user: Supervisor) -> Response:
    row = watchlist.get(session, "party", entry_id) or watchlist.get(session, "profile", entry_id)
    if row is None:
        raise PageError(404, "error_not_found")
    if row.ended_at is None:
        end_entry(session, db, row, user.author)
    return _saved("ended", "watch-title")
