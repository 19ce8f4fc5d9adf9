"""Pure ASGI middleware that protects the application: bodies over the size limit are refused before they
are parsed (streamed bytes are counted too, so a missing or lying Content-Length does not get around it), and
requests beyond the in-flight limit wait outside the application; while requests other than photos run, the
photo reader is stopped."""

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.ocr.pause import ReaderPause


class BodySizeLimit:
    """`larger`: paths allowed a larger body (the batch endpoint), path -> bytes."""

    def __init__(self, app: ASGIApp, max_bytes: int, larger: dict[str, int] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.larger = larger or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope["path"], self.max_bytes)
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > limit:
                await self._refuse(send, limit)
                return
        seen = 0
        refused = False

        async def counted_receive() -> Message:
            nonlocal seen, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    # Answer now and tell the application the client has gone: it stops reading and anything
                    # it still tries to send is dropped below.
                    refused = True
                    await self._refuse(send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not refused:
                await send(message)

        await self.app(scope, counted_receive, guarded_send)

    async def _refuse(self, send: Send, limit: int) -> None:
        await send_error(send, 413, "body_too_large", f"the body exceeds {limit} bytes")


async def send_error(send: Send, status: int, code: str, message: str, *headers: tuple[bytes, bytes]) -> None:
    """An API error answered from middleware, outside the application's error handlers."""
    payload = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


# Cheap paths that touch no database: never queued behind screenings.
_UNLIMITED = ("/healthz", "/metrics", "/static/")


class InFlightLimit:
    """At most `limit` requests inside the application at once; the rest wait here, in the event loop, and
    get 503 with Retry-After if they wait longer than `wait_seconds`.

    Why: every request holds a database connection from its first query to its commit, and runs in several
    hops through the thread pool. With more requests admitted than pooled connections, the pool's holders
    wait for threads that are all taken by requests waiting for a connection, and everyone times out. The
    limit is also the pool's size (app/db/session.py), so an admitted request always gets a connection."""

    def __init__(self, app: ASGIApp, limit: int, wait_seconds: float) -> None:
        self.app = app
        self.limit = limit
        self.wait_seconds = wait_seconds
        self._slots: asyncio.Semaphore | None = None  # made in the server's event loop

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.limit <= 0 or scope["path"].startswith(_UNLIMITED):
            await self.app(scope, receive, send)
            return
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.limit)
        try:
            await asyncio.wait_for(self._slots.acquire(), self.wait_seconds)
        except TimeoutError:
            message = f"the service is busy: no slot within {self.wait_seconds:g} s, retry"
            await send_error(send, 503, "busy", message, (b"retry-after", b"5"))
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._slots.release()


class ScreeningsFirst:
    """Requests other than photos counted in flight, so the process reading photos is stopped while they run
    (app/ocr/pause.py). `photo_paths`: the requests that wait for a photo to be read (they are not counted:
    the reader must go on for them)."""

    def __init__(self, app: ASGIApp, pause: ReaderPause, photo_paths: tuple[str, ...]) -> None:
        self.app = app
        self.pause = pause
        self.photo_paths = photo_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.pause.enabled or scope["path"] in self.photo_paths:
            await self.app(scope, receive, send)
            return
        self.pause.request_started()
        try:
            await self.app(scope, receive, send)
        finally:
            self.pause.request_finished()
