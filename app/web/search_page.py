"""Finding a truck again: the screenings by declaration number, truck plate, container number and day (in
the deployment's time zone), newest first, for officers, supervisors and admins. A plate or a container number
is found however it was typed ("А 123 ВС 01" = "a123bc01": app/core/vehicles.py)."""

from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.api.deps import DbSession, PipelineResources
from app.db import repository
from app.web.render import language, render
from app.web.security import WebUser, page_role
from app.web.view import crossing_names

router = APIRouter(include_in_schema=False)
Reader = Annotated[WebUser, page_role("officer", "supervisor", "admin")]
SHOWN = 50  # newest matches on the page
_Text = Annotated[str, Query(max_length=100)]


def _day(text: str, zone: str) -> tuple[datetime, datetime] | None:
    """The local day as a UTC range; None when the text is no date."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    start = datetime.combine(day, time(0), tzinfo=ZoneInfo(zone))
    return start, start + timedelta(days=1)


@router.get("/screenings")
def search_page(
    request: Request,
    session: DbSession,
    res: PipelineResources,
    user: Reader,
    reference: _Text = "",
    plate: _Text = "",
    container: _Text = "",
    day: _Text = "",
) -> Response:
    lang = language(request)
    asked = any(v.strip() for v in (reference, plate, container, day))
    bounds = _day(day.strip(), request.app.state.settings.time_zone) if day.strip() else None
    errors = {"day": "reg_err_date"} if day.strip() and bounds is None else {}
    rows: list[object] = []
    total = 0
    if asked and not errors:
        flt = repository.ScreeningFilter(
            reference=reference.strip() or None,
            since=bounds[0] if bounds else None,
            until=bounds[1] if bounds else None,
            vehicle_plate=plate.strip() or None,
            container_number=container.strip() or None,
        )
        total, found = repository.list_screenings(session, flt, limit=SHOWN, offset=0)
        rows = list(found)
    return render(
        request,
        "search.html",
        user=user,
        status=422 if errors else 200,
        asked=asked,
        asked_for={"reference": reference, "plate": plate, "container": container, "day": day},
        errors=errors,
        rows=rows,
        total=total,
        shown=SHOWN,
        crossing_names=crossing_names(res, lang),
    )
