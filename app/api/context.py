"""Outermost middleware: a request id for every request (a sane incoming X-Request-ID is kept), security
headers on every response, and one access log line per request, naming the API key or user that made it."""

import logging
import re
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.logs import request_id

log = logging.getLogger("app.access")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# The interactive API docs load Swagger UI's script and style: they get a policy that allows them.
_DOCS = ("/docs", "/redoc", "/docs/oauth2-redirect")
# The API's documentation pages (app/api/docs.py): scripts and styles from the service only; Swagger UI and
# ReDoc set inline styles, ReDoc starts a worker from a blob.
DOCS_CSP = (
    b"content-security-policy",
    b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    b"font-src 'self'; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'self'; "
    b"frame-ancestors 'none'",
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
]
# Pages say same-origin so that the browser names their Origin on form posts (with no-referrer it sends
# "Origin: null"); nothing leaves the site either way.
API_REFERRER = (b"referrer-policy", b"no-referrer")
PAGE_REFERRER = (b"referrer-policy", b"same-origin")
API_CSP = (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'")
# The pages: their own stylesheet, no scripts at all, forms only to this site; images from the site or inline
# (the officer's photo is shown back from the request that sent it, never stored or served from a URL).
PAGE_CSP = (
    b"content-security-policy",
    b"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    b"frame-ancestors 'none'",
)
_API_PATHS = ("/v1", "/healthz", "/readyz", "/openapi.json", "/metrics")


def error_headers(scope: Scope) -> dict[str, str]:
    """Headers for a response made outside this middleware (the last-resort 500): the same as any other."""
    headers = {k.decode(): v.decode() for k, v in (*SECURITY_HEADERS, API_CSP, API_REFERRER)}
    rid = scope.get("state", {}).get("request_id")
    if rid is not None:
        headers["x-request-id"] = rid
    return headers


class RequestContext:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if _SANE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        scope.setdefault("state", {})["request_id"] = rid  # for handlers that run outside this middleware
        started = time.perf_counter()
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", rid.encode()))
                headers += SECURITY_HEADERS
                path = scope["path"]
                if path.startswith(_API_PATHS):
                    headers += (API_CSP, API_REFERRER)
                elif path in _DOCS:
                    headers += (DOCS_CSP, API_REFERRER)
                else:
                    headers += (PAGE_CSP, PAGE_REFERRER)
                if scope.get("scheme") == "https":
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            status = status or 500  # answered by the outermost error handler: see errors._unexpected
            raise
        finally:
            log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    # who: "api_key:<id>" or "user:<id>", set once the caller is known
                    "actor": scope["state"].get("actor"),
                },
            )
            request_id.reset(token)
