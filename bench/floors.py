"""The floors the HTTP benchmark compares the service with, served the same way (uvicorn, one worker):

- `bare`: parses the same body (the service's own request model) and returns it;
- `durable`: parses it, stores it with one INSERT and a commit in the same database, through the service's own
  Database class (so SQLite writes go through the same one-writer funnel), and returns it;
- `lean` (issue 20): no framework, no validation model, no ORM: a bare ASGI app that parses the body with the
  standard library's json, stores it with one INSERT and a commit through one writer connection (sqlite3 with
  the service's pragmas, or psycopg), and returns it: the least a durable service can do per request.

    uvicorn bench.floors:bare   uvicorn bench.floors:durable   uvicorn bench.floors:lean   (DATABASE_URL)
"""

import json
import os
import sqlite3
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


_TABLE = "CREATE TABLE IF NOT EXISTS bench_lean (id {key}, body TEXT)"


class _Lean:
    """The lean durable echo (module doc). The INSERT runs on the event loop's thread: one connection, one
    writer, nothing to hand over."""

    def __init__(self) -> None:
        self.connection: Any = None
        self.insert = ""

    def open(self) -> None:
        url = os.environ["DATABASE_URL"]
        if url.startswith("sqlite:///"):
            self.connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
            for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000"):
                self.connection.execute(f"PRAGMA {pragma}")
            self.connection.execute(
                "CREATE TABLE IF NOT EXISTS bench_lean (id INTEGER PRIMARY KEY, body TEXT)"
            )
            self.insert = "INSERT INTO bench_lean (body) VALUES (?)"
        else:
            import psycopg

            self.connection = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"))
            self.connection.execute(
                "CREATE TABLE IF NOT EXISTS bench_lean (id SERIAL PRIMARY KEY, body TEXT)"
            )
            self.connection.commit()
            self.insert = "INSERT INTO bench_lean (body) VALUES (%s)"

    def store(self, raw: str) -> None:
        if isinstance(self.connection, sqlite3.Connection):
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute(self.insert, (raw,))
            self.connection.execute("COMMIT")
        else:
            self.connection.execute(self.insert, (raw,))
            self.connection.commit()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    self.open()
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    self.connection.close()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        try:
            body = json.loads(b"".join(chunks))
            status, out = 200, json.dumps(body, ensure_ascii=False).encode()
            self.store(out.decode())
        except ValueError:
            status, out = 422, b'{"error": "not JSON"}'
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(out)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": out})


lean = _Lean()
