"""The in-flight limit: requests beyond it wait outside the application, and one that waits too long gets
503 with Retry-After; health and metrics are never queued."""

import asyncio
import json

from starlette.types import Message, Receive, Scope, Send

from app.api.limits import InFlightLimit
from tests.conftest import run_async


def _scope(path: str) -> Scope:
    return {"type": "http", "path": path, "method": "GET", "headers": []}


async def _call(app: InFlightLimit, path: str) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(_scope(path), receive, send)
    return sent


def test_beyond_the_limit_requests_wait_then_get_503() -> None:
    release = asyncio.Event()
    inside: list[str] = []

    async def slow_app(scope: Scope, receive: Receive, send: Send) -> None:
        inside.append(scope["path"])
        if scope["path"] == "/slow":
            await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def scenario() -> tuple[list[Message], list[Message], list[Message], list[Message]]:
        app = InFlightLimit(slow_app, limit=1, wait_seconds=0.2)
        first = asyncio.create_task(_call(app, "/slow"))
        await asyncio.sleep(0.01)
        refused = await _call(app, "/v1/screenings")  # waits 0.2 s for the one slot, then gives up
        health = await _call(app, "/healthz")  # not queued
        waiting = asyncio.create_task(_call(app, "/v1/rules"))
        await asyncio.sleep(0.05)
        release.set()  # the slot frees within the wait: the waiting request gets in
        return await first, refused, health, await waiting

    first, refused, health, waited = run_async(scenario())
    assert first[0]["status"] == 200 and health[0]["status"] == 200 and waited[0]["status"] == 200
    assert refused[0]["status"] == 503
    assert (b"retry-after", b"5") in refused[0]["headers"]
    assert json.loads(refused[1]["body"])["error"]["code"] == "busy"
    assert inside == ["/slow", "/healthz", "/v1/rules"]  # the refused request never reached the application
