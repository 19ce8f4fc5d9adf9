"""The supervisors' view of the register of authorisations and pre-export notifications: each document with
its holder, substance, validity, crossings and what declarations drew on it; and of the watched parties and
targeting profiles, with their notes. Supervisors enter documents and watched parties, revoke and end them
here (app/web/register_actions.py) or through the API and the authority's CSV (docs/register.md)."""

from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.api.deps import DbSession, PipelineResources
from app.db import register, watchlist
from app.db.models import utcnow
from app.screening.pipeline import Resources
from app.web.register_forms import AuthorisationForm, Errors, NotificationForm, WatchForm
from app.web.render import language, render
from app.web.security import WebUser, page_role
from app.web.view import substance_choices

router = APIRouter(include_in_schema=False)
Supervisor = Annotated[WebUser, page_role("supervisor", "admin")]
SHOWN = 200  # newest documents of each kind on the page
# the form a failed submission came from, open on the page again with its errors
FORMS = ("authorisation", "notification", "watch")
# what a stored change says on the page it returns to (reg_saved_…)
SAVED = ("authorisation", "notification", "watch", "revoked", "ended")


@router.get("/register")
def register_page(
    request: Request, session: DbSession, res: PipelineResources, user: Supervisor, saved: str = ""
) -> Response:
    return register_view(request, session, res, user, saved=saved)


def register_view(
    request: Request,
    session: DbSession,
    res: Resources,
    user: WebUser,
    *,
    open_form: str = "",
    forms: dict[str, Any] | None = None,
    errors: Errors | None = None,
    status: int = 200,
    saved: str = "",
) -> Response:
    """The page; after a refused submission, `open_form` is the form shown open with `errors` beside its
    fields and everything typed kept."""
    lang = language(request)
    today = utcnow().date()

    def substance(sid: str) -> str:
        s = res.lexicon.substances.get(sid)
        return ((getattr(s.names, lang) or s.names.en)[0]) if s else sid

    def crossing(cid: str) -> str:
        c = res.rules.crossing_by_name.get(cid)
        return ((getattr(c.names, lang) or c.names.en)[0]) if c else cid

    auths = register.list_authorisations(session, limit=SHOWN)
    drawn = register.drawn(session, (a.id for a in auths))
    rows = []
    for a in auths:
        taken = drawn.get(a.id, 0.0)
        state = "revoked" if a.revoked_at else ("expired" if a.valid_to < today else "valid")
        rows.append(
            {
                "a": a,
                "substance": substance(a.substance_id),
                "crossings": [crossing(c) for c in a.crossings or []],
                "drawn": taken,
                "left": max(a.quantity - taken, 0.0),
                "status": state,
            }
        )
    notes = [
        {"n": n, "substance": substance(n.substance_id), "status": "revoked" if n.revoked_at else "valid"}
        for n in register.list_notifications(session, limit=SHOWN)
    ]
    watched = []
    for kind in ("party", "profile"):
        for w in watchlist.entries(session, kind, limit=SHOWN):
            parts = [w.name or "", *(w.aliases or [])]
            parts += [crossing(w.crossing_id)] if w.crossing_id else []
            parts += [c for c in (w.origin, w.destination, w.transit, w.hs_prefix, w.category) if c]
            ended = w.ended_at is not None or (w.valid_to is not None and w.valid_to < today)
            state = "ended" if ended else "valid"
            watched.append({"w": w, "parts": [p for p in parts if p], "status": state})
    substances = substance_choices(res, lang)
    crossings = [(c.id, (getattr(c.names, lang) or c.names.en)[0]) for c in res.rules.routes.crossings]
    typed = {"authorisation": AuthorisationForm(), "notification": NotificationForm(), "watch": WatchForm()}
    return render(
        request,
        "register.html",
        user=user,
        status=status,
        authorisations=rows,
        notifications=notes,
        watched=watched,
        substances=substances,
        crossing_choices=crossings,
        form_values={**typed, **(forms or {})},
        errors=errors or {},
        open_form=open_form if open_form in FORMS else "",
        saved=saved if saved in SAVED else "",
    )
