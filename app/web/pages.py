"""The officer pages: the lookup form, the result with highlights, cards and reading aid, inspection
results, and the substance search. Thin: parse the form, call the same services as the API, render."""

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from app.api.deps import AppMetrics, DatabaseDep, DbSession, PipelineResources
from app.db import repository
from app.db.models import OUTCOMES, Review, Screening, new_id, utcnow
from app.reports.period import in_utc
from app.screening.cards import card
from app.screening.search import search
from app.services import record_review, sent_before, submit_screening
from app.web.auth import home_for
from app.web.forms import LookupForm, ReviewForm, lookup_request, numbers_read, parse_review
from app.web.render import language, render
from app.web.security import CsrfChecked, LoginRequired, MaybeUser, PageError, WebUser, page_role
from app.web.view import crossing_names, result_view, substance_choices

router = APIRouter(include_in_schema=False)

# The same roles as the API: screening by officers and admins, reading by every web role, inspection results
# by officers and supervisors.
Screener = Annotated[WebUser, page_role("officer", "admin")]
Reader = Annotated[WebUser, page_role("officer", "supervisor", "admin")]
REVIEW_ROLES = ("officer", "supervisor")
Reviewer = Annotated[WebUser, page_role(*REVIEW_ROLES)]


@router.get("/")
def home(user: MaybeUser) -> Response:
    if user is None:
        raise LoginRequired()
    return RedirectResponse(home_for(user.role), 303)


# A page's form sent again within this time, unchanged and without a declaration number, is the declaration
# sent before (its made-up number is reused, so it is recognised and not stored twice).
RESEND_WINDOW = timedelta(minutes=10)

# The lookup form's fields after the essentials (description, quantity, unit, net weight, packaging): folded
# away below the button, so that on a phone the button is on the first screen.
MORE_FIELDS = (
    "vehicle_plate",
    "container_number",
    "hs_code",
    "gross_weight_kg",
    "package_count",
    "reference",
    "crossing",
    "direction",
    "origin_country",
    "destination_country",
    "transit_1",
    "transit_2",
    "transit_3",
)


def lookup_form_page(
    request: Request,
    session: DbSession,
    res: PipelineResources,
    user: WebUser,
    form: LookupForm,
    errors: dict[str, str],
    status: int = 200,
    read_as: dict[str, tuple[str, str]] | None = None,
    sent: bool = False,
    photo: object | None = None,
) -> Response:
    """The lookup form; `sent`: it comes back filled in (an error, numbers to check), so the language switch
    sends it back as typed instead of opening an empty form."""
    names = crossing_names(res, language(request))
    # the fields folded under "more details": shown open when one of them holds something or an error
    more = any(getattr(form, name).strip() for name in MORE_FIELDS) or any(
        name in errors for name in MORE_FIELDS
    )
    return render(
        request,
        "lookup.html",
        user=user,
        status=status,
        form=form,
        errors=errors,
        read_as=read_as or {},
        lang_form="lookup-form" if sent else None,
        lang_form_action="/lookup/language",
        more_open=more,
        # the value sent is the English name (as the API takes it); the label is in the page's language
        crossings=list(names.items()),
        recent=repository.recent_screenings_by_user(session, user.id),
        crossing_names=names,
        photo=photo,  # the photo read into the description (app/web/photo_page.py), shown beside it
    )


@router.get("/lookup")
def lookup_page(request: Request, session: DbSession, res: PipelineResources, user: Screener) -> Response:
    return lookup_form_page(request, session, res, user, LookupForm(), {})


@router.post("/lookup", dependencies=[CsrfChecked])
def lookup_submit(
    request: Request,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    user: Screener,
    metrics: AppMetrics,
    form: Annotated[LookupForm, Form()],
) -> Response:
    reference = form.reference.strip() or f"WEB-{utcnow():%Y%m%d}-{new_id()[:8].upper()}"
    parsed = lookup_request(form, reference, res.facts.is_large_unit)
    if isinstance(parsed, dict):  # show the form again, with everything as typed and the errors beside it
        return lookup_form_page(request, session, res, user, form, parsed, status=422, sent=True)
    read = {} if form.numbers_checked else numbers_read(form, res.facts.is_large_unit)
    if read:  # "16,600": shown as read ("16 600") before anything is screened; sent again, it is screened
        shown = form.model_copy(update={name: value for name, (_, value) in read.items()})
        return lookup_form_page(request, session, res, user, shown, {}, read_as=read, sent=True)
    if not form.reference.strip():  # the same form sent again (back, then send): the same declaration
        since = utcnow() - RESEND_WINDOW
        mine = repository.recent_screenings_by_user(session, user.id)
        made_up = [r for r in mine if r.reference.startswith("WEB-") and in_utc(r.screened_at) >= since]
        again = sent_before(parsed, made_up)
        if again is not None:
            parsed = parsed.model_copy(update={"reference": again.reference})
    submitted = submit_screening(session, db, res, parsed, user.author)
    metrics.screened(submitted.screening, submitted.created)
    return RedirectResponse(f"/screenings/{submitted.screening.id}", 303)


@router.post("/lookup/language", dependencies=[CsrfChecked])
def lookup_language(
    request: Request,
    session: DbSession,
    res: PipelineResources,
    user: Screener,
    form: Annotated[LookupForm, Form()],
) -> Response:
    """The language switch of a form that came back filled in: the same form, as typed, with its errors, in
    the language asked (?lang=); nothing is screened or stored."""
    parsed = lookup_request(form, form.reference.strip() or "WEB", res.facts.is_large_unit)
    errors = parsed if isinstance(parsed, dict) else {}
    return lookup_form_page(
        request, session, res, user, form, errors, status=422 if errors else 200, sent=True
    )


def _someone_else(row: Screening, user: WebUser) -> Review | None:
    """The record that counts now, when another user or a system made it: a new one would supersede it."""
    current = row.reviews[-1] if row.reviews else None
    if current is None or (current.author_kind == "user" and current.author_id == user.id):
        return None
    return current


def _result_page(
    request: Request,
    res: PipelineResources,
    user: WebUser,
    row: Screening,
    form: ReviewForm,
    errors: dict[str, str],
    status: int = 200,
    saved: bool = False,
) -> Response:
    lang = language(request)
    substances = substance_choices(res, lang)
    return render(
        request,
        "result.html",
        user=user,
        status=status,
        view=result_view(row, res, lang),
        outcomes=OUTCOMES,
        substances=substances,
        substance_names=dict(substances),
        can_review=user.role in REVIEW_ROLES,
        form=form,
        errors=errors,
        saved=saved,
        superseding=_someone_else(row, user),
        # the first field with an error takes the focus, so the page opens where the officer must look
        first_error=next(
            (f for f in ("outcome", "substance_id", "quantity", "note", "supersede") if f in errors), ""
        ),
    )


def _screening(session: DbSession, screening_id: str) -> Screening:
    row = repository.get_screening(session, screening_id)
    if row is None:
        raise PageError(404, "error_not_found")
    return row


@router.get("/screenings/{screening_id}")
def result_page(
    request: Request,
    screening_id: str,
    session: DbSession,
    res: PipelineResources,
    user: Reader,
    saved: str = "",
) -> Response:
    row = _screening(session, screening_id)
    # the substance the screening found is chosen already in the inspection form
    found = next((r.substance_id for r in row.reasons if r.substance_id in res.lexicon.substances), None)
    return _result_page(request, res, user, row, ReviewForm(substance_id=found or ""), {}, saved=saved == "1")


@router.get("/screenings/{screening_id}/reviews")
def review_page(request: Request, screening_id: str, user: Reader) -> Response:
    """The address a refused inspection form is shown at: opened again (a language switch, a reload), it is
    the screening's page at its inspection section."""
    query = f"?{request.url.query}" if request.url.query else ""  # the language asked for, kept
    return RedirectResponse(f"/screenings/{screening_id}{query}#inspection", 303)


@router.post("/screenings/{screening_id}/reviews", dependencies=[CsrfChecked])
def review_submit(
    request: Request,
    screening_id: str,
    session: DbSession,
    db: DatabaseDep,
    res: PipelineResources,
    user: Reviewer,
    form: Annotated[ReviewForm, Form()],
) -> Response:
    row = _screening(session, screening_id)
    quantity, errors = parse_review(form, set(res.lexicon.substances))
    if _someone_else(row, user) is not None and form.supersede != "yes":
        errors.setdefault("supersede", "error_review_supersede")
    if errors:
        return _result_page(request, res, user, row, form, errors, status=422)
    record_review(
        session,
        db,
        row,
        outcome=form.outcome,
        note=form.note.strip(),
        author=user.author,
        substance_id=form.substance_id or None,
        quantity=quantity,
        quantity_unit=form.quantity_unit if quantity is not None else None,
    )
    return RedirectResponse(f"/screenings/{row.id}?saved=1#inspection", 303)


@router.get("/substances")
def substance_search(
    request: Request,
    res: PipelineResources,
    user: Reader,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    lang = language(request)
    hits = search(q, res, 10) if q.strip() else []
    cards = [c for c in (card(res.lexicon, h.id, lang) for h in hits) if c is not None]
    return render(request, "substances.html", user=user, q=q, cards=cards, searched=bool(q.strip()))
