"""Every request made with an API key is an entry of the audit log (action key.use: key, method, path,
status, request id), written before the answer leaves — or, when the database cannot take it, logged as
not recorded while the answer goes out (docs/reports.md says so; a screening's use shares its
transaction). The key is known once the `require` dependency has run (it leaves a KeyUse in the request's
state); this middleware writes it when the answer starts, through the group-commit writer. POST
/v1/screenings writes its use in the same transaction as the screening (with the screening as target) and
marks it recorded, so the hot path costs one more row, not one more commit."""

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db.audit import KeyUse
from app.db.writer import Writer

log = logging.getLogger("app.audit")


class KeyUseAudit:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500

        async def send_after_recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                await _record(scope, status)
            await send(message)

        try:
            await self.app(scope, receive, send_after_recording)
        finally:
            await _record(scope, status)  # an unhandled error: no answer went through here


async def _record(scope: Scope, status: int) -> None:
    use: KeyUse | None = scope.get("state", {}).get("key_use")
    if use is None or use.recorded:
        return
    use.status = status
    use.recorded = True  # once, whatever happens below
    writer: Writer = scope["app"].state.writer
    try:
        await writer.run(use)
    except Exception:  # the database is gone: the request itself is failing or has failed too
        log.warning("key use not recorded: %s %s by key %s", use.method, use.path, use.key_id, exc_info=True)
