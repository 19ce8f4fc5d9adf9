"""The two floors the HTTP benchmark compares the service with, served the same way (uvicorn, one worker):

- `bare`: parses the same body (the service's own request model) and returns it;
- `durable`: parses it, stores it with one INSERT and a commit in the same database, through the service's own
  Database class (so SQLite writes go through the same one-writer funnel), and returns it.

    uvicorn bench.floors:bare      uvicorn bench.floors:durable   (DATABASE_URL for the second)
"""

import os
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from sqlalchemy import JSON, Column, Integer, MetaData, Table, insert
from sqlalchemy.orm import Session

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
    db = Database(os.environ["DATABASE_URL"], pool_size=32)  # as the service sizes its pool
    metadata.create_all(db.engine)
    app.state.db = db
    yield
    db.dispose()


durable = FastAPI(lifespan=_lifespan)


def _session(request: Request) -> Iterator[Session]:
    with request.app.state.db.transaction() as session:
        yield session


@durable.post("/v1/screenings")
def durable_echo(
    body: ScreeningRequest, request: Request, session: Annotated[Session, Depends(_session)]
) -> dict[str, Any]:
    raw = body.model_dump(mode="json")
    request.app.state.db.claim_writer(session)
    session.execute(insert(echo_table).values(body=raw))
    return raw
