"""Every error leaves as JSON: {"error": {"code", "message", "details"?, "error_id"?}}. No stack traces."""

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.api.context import error_headers
from app.db.writer import WriterClosed
from app.errors import ApiError

log = logging.getLogger("app.errors")


@dataclass(frozen=True)
class PageErrors:
    """How the web pages tell their requests apart and draw an error page."""

    is_page: Callable[[Request], bool]
    render: Callable[[Request, int, str, dict[str, str] | None], Response]


def field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse(exc.body(), exc.status, headers=exc.headers)


async def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        detail = "; ".join(str(e.get("ctx", {}).get("error", e.get("msg"))) for e in errors)
        body = ApiError(400, "malformed_json", f"the body is not valid JSON: {detail}").body()
        return JSONResponse(body, 400)
    details = [{"field": field_name(tuple(e.get("loc", ()))), "message": str(e.get("msg"))} for e in errors]
    body = ApiError(422, "invalid_request", "the request does not match the schema", details).body()
    return JSONResponse(body, 422)


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return JSONResponse(ApiError(exc.status_code, code, str(exc.detail)).body(), exc.status_code)


# Seconds a client should wait before retrying when the database cannot be reached.
RETRY_AFTER_SECONDS = 5


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database is down, unreachable or busy: nothing was written (the transaction rolled back), and the
    client may retry the same request."""
    log.warning("database unavailable on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    body = ApiError(503, "database_unavailable", "the database is unavailable; retry later").body()
    return JSONResponse(body, 503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    error_id = uuid.uuid4().hex
    log.error(
        "unhandled error %s on %s %s",
        error_id,
        request.method,
        request.url.path,
        exc_info=exc,
        extra={"error_id": error_id},
    )
    body = {"error": {"code": "internal_error", "message": "internal error", "error_id": error_id}}
    return JSONResponse(body, 500, headers=error_headers(request.scope))


Handler = Callable[[Request, Exception], Awaitable[Response]]
# On the web pages the same failures are shown as pages: status -> message key of the pages' messages.
_PAGE_MESSAGES = {
    400: "error_invalid_request",
    401: "error_forbidden",
    403: "error_forbidden",
    404: "error_not_found",
    405: "error_not_found",
    422: "error_invalid_request",
    429: "error_rate_limited",
    503: "error_unavailable",
}


def install(app: FastAPI, page: PageErrors | None = None) -> None:
    """The API's handlers; with `page`, requests for pages get their errors as pages instead."""

    def either(api: Handler, status: int | None = None) -> Handler:
        if page is None:
            return api

        async def handle(request: Request, exc: Exception) -> Response:
            if not page.is_page(request):
                return await api(request, exc)
            found = getattr(exc, "status_code", None) or getattr(exc, "status", None)
            code: int = status or (found if isinstance(found, int) else 500)
            if code == 500:
                await api(request, exc)  # logged with its error id
            headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if code == 503 else None
            return page.render(request, code, _PAGE_MESSAGES.get(code, "error_internal"), headers)

        return handle

    app.add_exception_handler(ApiError, either(_api_error))
    app.add_exception_handler(RequestValidationError, either(_validation_error, 400))
    app.add_exception_handler(StarletteHTTPException, either(_http_error))
    app.add_exception_handler(OperationalError, either(_database_unavailable, 503))
    app.add_exception_handler(InterfaceError, either(_database_unavailable, 503))
    # the writer has stopped: the service is shutting down, and the client may retry (elsewhere)
    app.add_exception_handler(WriterClosed, either(_database_unavailable, 503))
    app.add_exception_handler(Exception, either(_unexpected, 500))
