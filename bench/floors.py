"""The two floors the HTTP benchmark compares the service with, served the same way (uvicorn, one worker):

- `bare`: parses the same body (the service's own request model) and returns it;
- `durable`: parses it, stores it with one INSERT and a commit in the same database, through the service's own
  Database class (so SQLite writes go through the same one-writer funnel), and returns it.

    uvicorn bench.floors:bare      uvicorn bench.floors:durable   (DATABASE_URL for the second)
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert

from app.api.schemas import ScreeningRequest
from app.db.session import Database

bare = FastAPI()


@bare.post("/v1/screenings")
def bare_echo(body: ScreeningRequest) -> dict[str, Any]:
    return body.model_dump(mode="json")


metadata = MetaData()
echo_table = Table("bench_echo", metadata, Column("id", Integer, primary_key=True), Column("body", JSON))


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # A connection for every thread of the pool (40), so that the floor measures INSERTs, not pool starvation.
    db = Database(os.environ["DATABASE_URL"], pool_size=40)
    metadata.create_all(db.engine)
    app.state.db = db
    yield
    db.dispose()


durable = FastAPI(lifespan=_lifespan)


@durable.post("/v1/screenings")
def durable_echo(body: ScreeningRequest, request: Request) -> dict[str, Any]:
    """One INSERT and its commit, in the endpoint's own thread (the write lock is never held across the
    thread pool's hops, so 64 connections cannot starve it)."""
    raw = body.model_dump(mode="json")
    db: Database = request.app.state.db
    with db.transaction() as session:
        db.claim_writer(session)
        session.execute(insert(echo_table).values(body=raw))
    return raw
