"""Liveness and readiness probes (no authentication: load balancers call them) and Prometheus metrics."""

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import text

from app.api.schemas import ErrorBody
from app.db.session import Database
from app.errors import ApiError
from app.metrics import CONTENT_TYPE, Metrics

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is alive."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> JSONResponse:
    """The database answers and the lexicon and rules are loaded."""
    checks: dict[str, str] = {}
    db: Database = request.app.state.db
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means "not ready"
        checks["database"] = f"unavailable: {type(exc).__name__}"
    res = getattr(request.app.state, "resources", None)
    checks["lexicon"] = f"ok ({res.lexicon.version})" if res else "not loaded"
    checks["rules"] = f"ok ({res.rules.version})" if res else "not loaded"
    ready = all(v.startswith("ok") for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503
    )


@router.get("/metrics", response_class=PlainTextResponse, responses={401: {"model": ErrorBody}})
def metrics(request: Request, authorization: Annotated[str | None, Header()] = None) -> PlainTextResponse:
    """Prometheus metrics. With METRICS_TOKEN set, send `Authorization: Bearer <token>`."""
    token: str | None = request.app.state.settings.metrics_token
    if token is not None:
        scheme, _, given = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise ApiError(
                401,
                "unauthenticated",
                "the metrics token is required",
                headers={"WWW-Authenticate": "Bearer"},
            )
    registry: Metrics = request.app.state.metrics
    return PlainTextResponse(registry.exposition(), media_type=CONTENT_TYPE)
