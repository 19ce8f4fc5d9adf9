"""Liveness and readiness probes (no authentication: load balancers call them)."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

from app.db.session import Database

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
