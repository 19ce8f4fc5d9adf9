"""Responses both HTTP shells send (the API and the supervisors' dashboard)."""

from fastapi.responses import Response

from app.reports.period import Period


def csv_response(text: str, name: str, period: Period) -> Response:
    filename = f"{name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv"
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
