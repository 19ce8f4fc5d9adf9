"""Prometheus metrics: what was screened, how requests went, the data versions and the database pool.

Each app has its own registry (tests build many apps in one process). Under several uvicorn workers
(`python -m app serve --workers N` sets PROMETHEUS_MULTIPROC_DIR) the counters, histograms and gauges are
prometheus-client's multiprocess values, kept in files every worker writes, and a scrape of any worker
answers for all of them; the data versions and the database pool are the answering worker's own."""

import os
import time
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db.models import Screening

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Screening takes milliseconds; a request that waits on the database can take seconds.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
UNMATCHED = "<unmatched>"  # paths no route answers: one label, whatever was asked for


class PoolCollector(Collector):
    """The SQLAlchemy pool's state, read at scrape time."""

    def __init__(self, engine: Callable[[], Engine | None]) -> None:
        self._engine = engine

    def collect(self) -> Iterator[Metric]:
        engine = self._engine()
        pool = engine.pool if engine is not None else None
        readings = {
            "db_pool_size": ("Connections the pool keeps open", "size"),
            "db_pool_checked_out": ("Connections in use", "checkedout"),
            "db_pool_checked_in": ("Idle connections in the pool", "checkedin"),
            "db_pool_overflow": ("Connections opened beyond the pool size", "overflow"),
        }
        for name, (doc, method) in readings.items():
            reader = getattr(pool, method, None)
            if callable(reader):
                value = float(reader())
                # QueuePool.overflow() counts from minus the pool size while the pool is not full yet: the
                # connections opened beyond it are never fewer than none
                yield GaugeMetricFamily(name, doc, value=max(0.0, value) if method == "overflow" else value)


class Metrics:
    def __init__(self, engine: Callable[[], Engine | None]) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.screenings = Counter(
            "screening_declarations",
            "Declarations screened and stored, by risk level",
            ["risk_level"],
            registry=r,
        )
        self.writer_groups = Histogram(
            "db_writer_group_size",
            "Items written per transaction by the group-commit writer of POST /v1/screenings",
            buckets=(1, 2, 4, 8, 16, 32, 64),
            registry=r,
        )
        self.resubmissions = Counter(
            "screening_resubmissions", "Identical resubmissions answered from the store", registry=r
        )
        self.reasons = Counter("screening_reasons", "Reasons given, by code", ["code"], registry=r)
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Time to answer a request, by route",
            ["method", "route"],
            buckets=_BUCKETS,
            registry=r,
        )
        self.responses = Counter(
            "http_responses", "Responses by route and status", ["method", "route", "status"], registry=r
        )
        self.in_progress = Gauge(
            "http_requests_in_progress",
            "Requests the service has accepted and not answered yet (GET /metrics itself not counted)",
            registry=r,
            multiprocess_mode="livesum",  # several workers: their sum, of those alive
        )
        self.errors = Counter(
            "http_unhandled_errors",
            "Requests that ended in an unexpected error (a 500)",
            ["route"],
            registry=r,
        )
        self.limit_fallbacks = Counter(
            "rate_limit_fallbacks",
            "Rate limits this process took on its own because Redis (REDIS_URL) was unavailable",
            registry=r,
        )
        self.ocr_held = Counter(
            "ocr_reader_held_seconds",
            "Seconds the photo reader was stopped while other requests ran (app/ocr/pause.py)",
            registry=r,
        )
        # this process's own: the data it screens with and its database pool
        self.local = CollectorRegistry()
        self.data = Info("screening_data", "The lexicon and rules versions in use", registry=self.local)
        self.local.register(PoolCollector(engine))
        self.shared: CollectorRegistry | None = None  # every worker's values, when several write them
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            self.shared = CollectorRegistry()
            MultiProcessCollector(self.shared)  # type: ignore[no-untyped-call]

    def screened(self, screening: Screening, created: bool) -> None:
        if not created:
            self.resubmissions.inc()
            return
        self.screenings.labels(screening.risk_level).inc()
        for reason in screening.reasons:
            self.reasons.labels(reason.code).inc()

    def data_versions(self, lexicon: str, rules: str) -> None:
        self.data.info({"lexicon_version": lexicon, "rules_version": rules})

    def exposition(self) -> bytes:
        counted = generate_latest(self.shared if self.shared is not None else self.registry)
        return counted + generate_latest(self.local)


def route_label(scope: Scope) -> str:
    """The route's template; for a mounted app (the static files), its mount path and "{path}"."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str) and path:
        return path
    mounted = scope.get("app_root_path") or scope.get("root_path")
    if isinstance(mounted, str) and mounted and scope.get("endpoint") is not None:
        return f"{mounted}/{{path}}"
    return UNMATCHED


class RequestMetrics:
    """ASGI middleware: latency, status and unexpected errors per route template (never the raw path)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        counted = scope["path"] != "/metrics"
        if counted:
            self.metrics.in_progress.inc()

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        except Exception:
            self.metrics.errors.labels(route_label(scope)).inc()
            status = 500
            raise
        finally:
            if counted:
                self.metrics.in_progress.dec()
            route, method = route_label(scope), scope["method"]
            self.metrics.latency.labels(method, route).observe(time.perf_counter() - started)
            self.metrics.responses.labels(method, route, str(status)).inc()
