"""A worker's background tasks, started with the service and stopped before its writer: following the
deployment's data version (app/deployment_data.py), taking the deployment's rescreen job (app/rescreen.py),
removing request bodies past their retention (app/access_and_retention.py). Each loop survives a database
that is down and tries again at its next turn."""

import asyncio
import contextlib
import logging
import math
import time

from fastapi import FastAPI

from app import access_and_retention, deployment_data, rescreen
from app.config import Settings
from app.core.collector import refreeze
from app.db import audit
from app.db.models import utcnow
from app.db.session import Database

log = logging.getLogger("app")


def purge_bodies_now(db: Database, retention_days: int) -> int:
    with db.transaction() as session:
        return access_and_retention.purge_request_bodies(session, audit.SERVICE, retention_days)


async def retention_loop(db: Database, retention_days: int, every_minutes: int) -> None:
    """Remove expired request bodies at start-up and then every `every_minutes` (idempotent, so several
    workers doing it at once only repeat a no-op)."""
    while True:
        try:
            purged = await asyncio.to_thread(purge_bodies_now, db, retention_days)
            if purged:
                log.info("removed the request bodies of %d screenings past retention", purged)
        except Exception:  # the database may be down: try again next time
            log.warning("retention check failed", exc_info=True)
        await asyncio.sleep(every_minutes * 60)


async def follow_loop(app: FastAPI, every_seconds: float) -> None:
    """Keep this worker on the deployment's active data version (app/deployment_data.py)."""
    warned = -math.inf
    replaced = False
    while True:
        await asyncio.sleep(every_seconds)
        if replaced:
            # the data replaced at the last look, frozen when it was loaded, is garbage now that its last
            # requests are done: collected (its cycles would never be otherwise), the rest frozen again
            await asyncio.to_thread(refreeze)
            replaced = False
        follower: deployment_data.Follower = app.state.follower
        try:
            await asyncio.to_thread(follower.poll, app.state.resources)
        except Exception:  # the database may be down: look again next time, say so once a minute
            if time.monotonic() - warned >= 60:
                warned = time.monotonic()
                log.warning("data version check failed", exc_info=True)
        fresh = follower.due(utcnow())
        if fresh is not None:
            app.state.resources = fresh
            app.state.metrics.data_versions(fresh.lexicon.version, fresh.rules.version)
            replaced = True


async def jobs_loop(app: FastAPI, every_seconds: float, stale_seconds: float) -> None:
    """Take the deployment's rescreen job when it waits or its worker went quiet, and work it through (in a
    thread, chunk by chunk, with the data in use at each chunk)."""
    worker = rescreen.worker_name()
    while True:
        await asyncio.sleep(every_seconds)
        try:
            await asyncio.to_thread(
                rescreen.run_next, app.state.db, lambda: app.state.resources, worker, stale_seconds
            )
        except Exception:  # the database may be down: look again next time
            log.warning("rescreen job check failed", exc_info=True)


def start(app: FastAPI, settings: Settings) -> list[asyncio.Task[None]]:
    """The loops the settings turn on (a period of 0 turns one off), in the order they start."""
    tasks = []
    if settings.body_retention_days > 0 and settings.retention_check_minutes > 0:
        tasks.append(
            asyncio.create_task(
                retention_loop(app.state.db, settings.body_retention_days, settings.retention_check_minutes)
            )
        )
    if app.state.follower is not None and settings.data_check_seconds > 0:
        tasks.append(asyncio.create_task(follow_loop(app, settings.data_check_seconds)))
    if settings.rescreen_check_seconds > 0:
        tasks.append(
            asyncio.create_task(
                jobs_loop(app, settings.rescreen_check_seconds, settings.rescreen_stale_seconds)
            )
        )
    return tasks


async def stop(tasks: list[asyncio.Task[None]]) -> None:
    """Cancel the loops, the last started first, and wait for each to end."""
    for task in reversed(tasks):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
