"""Responses both HTTP shells send (the API and the supervisors' dashboard)."""

from datetime import date

from fastapi.responses import Response

from app.reports.period import Period


def csv_response(text: str, name: str, period: Period, last_day: date | None = None) -> Response:
    """`last_day`: the period's last day as chosen, for the file name (the period ends at the next
    midnight)."""
    filename = f"{name}-{period.start:%Y%m%d}-{(last_day or period.end):%Y%m%d}.csv"
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
