"""create_app(): settings, database, lexicon and rules loaded and warmed up in the lifespan, routers."""

import gc

# The libraries imported below make some 400,000 objects that live as long as the process, and the cyclic
# collector would walk them again and again while they are made: 0.4 s of a worker's start-up. It is held off
# until the end of this module (app/core/collector.py does the same for the data the lifespan loads).
_COLLECTING = gc.isenabled()
gc.disable()

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import SQLAlchemyError

from app import background, deployment_data
from app.api import admin as admin_api
from app.api import audit as audit_api
from app.api import batch, errors, health, lexicon, ocr, reports, reviews, rules, screenings
from app.api import docs as docs_api
from app.api import register as register_api
from app.api import rescreens as rescreens_api
from app.api import watchlist as watchlist_api
from app.api.context import RequestContext
from app.api.errors import PageErrors
from app.api.key_uses import KeyUseAudit
from app.api.limits import BodySizeLimit, InFlightLimit, ScreeningsFirst
from app.config import Settings, get_settings
from app.core.collector import refreeze
from app.core.types import Declaration, Item
from app.db.session import Database, is_sqlite
from app.db.writer import Writer
from app.errors import DataError
from app.logs import configure_logging
from app.metrics import Metrics, RequestMetrics
from app.ocr import Limits, PhotoQueue, PhotoReader, reading_process
from app.ocr import worker as ocr_worker
from app.ocr.pause import ReaderPause
from app.screening.lines import chinese_numerals
from app.screening.pipeline import Resources, load_resources, screen
from app.security.keycache import KeyCache
from app.security.passwords import dummy_hash
from app.security.ratelimit import RateLimiter
from app.security.secret import load_secret
from app.security.shared_limits import SharedRateLimiter, redis_client
from app.services import write_batch
from app.web import audit_page as web_audit
from app.web import auth as web_auth
from app.web import dashboard as web_dashboard
from app.web import errors as web_errors
from app.web import pages as web_pages
from app.web import photo_page as web_photo
from app.web import register_actions as web_register_actions
from app.web import register_page as web_register
from app.web import search_page as web_search
from app.web.security import LoginRequired, PageError, Signers

STATIC_DIR = Path(__file__).parent / "web" / "static"

log = logging.getLogger("app")

# Screened once at start-up so that the first real request does not pay for lazy initialisation (the
# libraries' first calls in each script, a misspelt word's search for the nearest names).
_WARM_UP = Declaration(
    items=(
        Item("醋酸酐 200升 塑料桶"),
        Item("уксусного ангидрида 20 т"),
        Item("acetone"),
        Item("acetonne solvant"),
    )
)


def warm_up(res: Resources) -> None:
    screen(_WARM_UP, res)
    # The goods reading aid's index takes a second or two to build: beside start-up, not in its way (the
    # first page or declared code that needs it waits for it if it is not ready yet); then the data loaded
    # goes out of the collector's sight.
    threading.Thread(target=_build_goods_aid, args=(res,), name="goods-aid", daemon=True).start()


def _build_goods_aid(res: Resources) -> None:
    """Beside start-up: what the first requests of some kinds would otherwise wait for, made now."""
    try:
        chinese_numerals()  # cn2an, for goods numbered "一、二、"
        dummy_hash()  # an unknown user's login is checked against it
        _ = res.goods_aid
    finally:
        refreeze()  # the lexicon and libraries just loaded out of the collector's sight


def create_app(
    settings: Settings | None = None,
    resources: Resources | None = None,
    loader: Callable[[], Resources] | None = None,
) -> FastAPI:
    """`resources`: loaded data to use instead of loading it at start-up (tests). `loader`: how
    POST /v1/admin/reload loads the data again (default: the lexicon and rules files)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="Precursor screening service",
        version="1.0.0",
        description="Screens cargo declarations in Chinese, Russian and English for the drug precursors of "
        "Tables I and II of the 1988 UN Convention and their known disguises.",
        lifespan=_lifespan(settings, resources),
        docs_url=None,  # served from the service itself, not a CDN: app/api/docs.py
        redoc_url=None,
    )
    _set_state(app, settings, loader)
    _add_middleware(app, settings)
    _add_error_handlers(app)
    _add_routes(app)
    return app


def _lifespan(
    settings: Settings, resources: Resources | None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Start-up: logging, the database and its writer, the signing keys, the data loaded and warmed up, the
    background tasks (app/background.py). Shut-down stops those, then the writer (after the last request), and
    closes the database."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings.log_level)
        _open_database(app, settings)
        app.state.signers = Signers(load_secret(settings.secret_key, settings.secret_key_file))
        await asyncio.to_thread(_load_data, app, resources)
        tasks = background.start(app, settings)
        try:
            yield
        finally:
            await background.stop(tasks)
            await asyncio.to_thread(app.state.writer.stop)  # after the last request: uvicorn waited for them
            app.state.photos.queue.shutdown()
            app.state.db.dispose()

    return lifespan


def _open_database(app: FastAPI, settings: Settings) -> None:
    """app.state.db, and app.state.writer started: the one writer that stores screenings in batches."""
    app.state.db = Database(settings.database_url, pool_size=max(settings.max_in_flight, 5))
    db = app.state.db
    metrics: Metrics = app.state.metrics
    app.state.writer = Writer(
        db,
        lambda session, items: write_batch(session, db, items),
        inline=is_sqlite(settings.database_url),
        on_group=metrics.writer_groups.observe,
    )
    app.state.writer.start()


def _load_data(app: FastAPI, resources: Resources | None) -> None:
    """app.state.resources: the lexicon and rules given (used as they are: tests), or the deployment's active
    version (app/deployment_data.py: this worker's files when new or active); warmed up."""
    app.state.follower = None
    res = resources if resources is not None else _adopt(app, app.state.loader())
    warm_up(res)
    app.state.resources = res
    app.state.metrics.data_versions(res.lexicon.version, res.rules.version)
    log.info("lexicon %s, rules %s loaded in %.2fs", res.lexicon.version, res.rules.version, res.load_seconds)


def _adopt(app: FastAPI, files: Resources) -> Resources:
    """The data the deployment screens with, and app.state.follower to keep this worker on it."""
    settings: Settings = app.state.settings
    load_from = app.state.load_from
    try:
        adopted = deployment_data.adopt(app.state.db, files, "service", load_from, settings.cache_dir)
    except DataError:  # the active version does not load here: this worker's own files, and said so
        log.exception("the deployment's active data failed to load: screening with this worker's files")
        adopted = deployment_data.Adopted(files, -1, "files")
    except SQLAlchemyError:  # the database is down: its own files until the follower reaches it
        log.warning("the deployment's data version could not be read: this worker's files", exc_info=True)
        adopted = deployment_data.Adopted(files, -1, "files")
    app.state.follower = deployment_data.Follower(
        app.state.db, load_from, settings.cache_dir, adopted.serial, warm_up
    )
    return adopted.resources


def _set_state(app: FastAPI, settings: Settings, loader: Callable[[], Resources] | None) -> None:
    """What the requests share, apart from what the lifespan opens: settings, loader, metrics, limiters."""
    app.state.settings = settings
    app.state.loader = loader or (
        lambda: load_resources(settings.lexicon_dir, settings.rules_dir, cache_dir=settings.cache_dir)
    )
    app.state.load_from = lambda lexicon_dir, rules_dir: load_resources(
        lexicon_dir, rules_dir, cache_dir=settings.cache_dir
    )
    app.state.metrics = Metrics(lambda: app.state.db.engine if hasattr(app.state, "db") else None)
    app.state.key_cache = KeyCache(settings.key_cache_seconds)
    login_burst = max(1, settings.login_per_minute // 2)
    if settings.redis_url:  # shared by every worker and machine (app/security/shared_limits.py)
        client = redis_client(settings.redis_url)
        fallback = app.state.metrics.limit_fallbacks.inc
        app.state.rate_limiter = SharedRateLimiter(
            client, "api", settings.rate_limit_per_minute, settings.rate_limit_burst, fallback
        )
        app.state.login_limiter = SharedRateLimiter(
            client, "login", settings.login_per_minute, login_burst, fallback
        )
    else:
        app.state.rate_limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
        # Login attempts per client address, on top of the per-account lock kept in the database.
        app.state.login_limiter = RateLimiter(settings.login_per_minute, login_burst)
    # the process that reads photos and its models start on the first photo, not at start-up
    app.state.photos = PhotoReader(
        Limits(settings.ocr_max_bytes, settings.ocr_max_pixels, settings.ocr_max_side),
        PhotoQueue(
            settings.ocr_queue,
            reading_process(settings.ocr_threads),
            wait_s=settings.ocr_wait_seconds,
            pause=ReaderPause(
                settings.ocr_hold_seconds,
                on_held=app.state.metrics.ocr_held.inc,
                locate=ocr_worker.process_group,
            ),
        ),
        settings.photo_dir,
    )


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """Each one added wraps those added before: the first is innermost, the last outermost."""
    app.add_middleware(KeyUseAudit)  # innermost: the use is written while the request still counts in flight
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        larger={
            "/v1/screenings/batch": settings.max_batch_body_bytes,
            # a photo and its multipart envelope
            **{path: settings.ocr_max_bytes + _MULTIPART_ROOM for path in _PHOTO_PATHS},
        },
    )
    # inside the in-flight limit: a request waiting for a slot runs nothing
    app.add_middleware(ScreeningsFirst, pause=app.state.photos.queue.pause, photo_paths=_PHOTO_PATHS)
    app.add_middleware(
        InFlightLimit, limit=settings.max_in_flight, wait_seconds=settings.in_flight_wait_seconds
    )
    app.add_middleware(RequestMetrics, metrics=app.state.metrics)
    app.add_middleware(RequestContext)  # added last: outermost, so even a refused body gets its headers


def _add_error_handlers(app: FastAPI) -> None:
    """API errors as JSON, pages' errors as pages."""
    errors.install(app, PageErrors(web_errors.is_page, web_errors.error_page))
    app.add_exception_handler(PageError, web_errors.page_error)
    app.add_exception_handler(LoginRequired, web_errors.login_required)


def _add_routes(app: FastAPI) -> None:
    app.include_router(health.router)
    app.include_router(screenings.router)
    app.include_router(batch.router)
    app.include_router(ocr.router)
    app.include_router(reviews.router)
    app.include_router(register_api.router)
    app.include_router(watchlist_api.router)
    app.include_router(reports.router)
    app.include_router(audit_api.router)
    app.include_router(admin_api.router)
    app.include_router(rescreens_api.router)
    app.include_router(rules.router)
    app.include_router(lexicon.router)
    app.include_router(web_auth.router)
    app.include_router(web_pages.router)
    app.include_router(web_photo.router)
    app.include_router(web_dashboard.router)
    app.include_router(web_register.router)
    app.include_router(web_register_actions.router)
    app.include_router(web_search.router)
    app.include_router(web_audit.router)
    app.include_router(docs_api.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.mount(docs_api.ASSETS_URL, StaticFiles(directory=docs_api.ASSETS_DIR), name="docs-assets")


_MULTIPART_ROOM = 64_000
_PHOTO_PATHS = ("/v1/ocr", "/lookup/photo")  # the requests that read a photo

# The ASGI application for `uvicorn app.main:app`; nothing is loaded until its lifespan starts.
app = create_app()

if _COLLECTING:
    gc.enable()
