"""Structured JSON logs. Every record carries the request id of the request it belongs to (if any); an access
line per request says method, path, status and duration, never the body."""

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed in `extra` and is logged as a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's terminal-coloured copy of the message
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "pid": record.process,  # which worker, when several serve one port
        }
        entry |= {k: v for k, v in record.__dict__.items() if k not in _STANDARD and v is not None}
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _stamp_request_id() -> None:
    """Every record remembers the request it was logged in, whenever it is formatted."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "stamps_request_id", False):
        return

    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        record.request_id = request_id.get()
        return record

    make.stamps_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(make)


def configure_logging(level: str) -> None:
    """JSON lines on stderr for the service's loggers and uvicorn's; safe to call more than once."""
    _stamp_request_id()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("app", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = name == "app"  # so test tools that listen on the root logger still see app records
    logging.getLogger("uvicorn.access").disabled = True  # replaced by app.access lines with the request id
