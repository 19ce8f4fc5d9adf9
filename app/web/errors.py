"""Refusals and failures on the pages, shown as pages (the API's JSON errors are for the API's paths)."""

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from app.web.render import render
from app.web.security import PageError

API_PREFIXES = ("/v1/", "/docs", "/redoc", "/openapi.json", "/healthz", "/readyz", "/metrics")


def is_page(request: Request) -> bool:
    path = request.url.path
    return path != "/v1" and not path.startswith(API_PREFIXES)


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    response = render(
        request, "error.html", user=None, status=status, forms=False, message=message, code=status
    )
    response.headers.update(headers or {})
    return response


async def page_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageError)
    return error_page(request, exc.status, exc.message)


async def login_required(request: Request, exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", 303)
