"""Shared dependencies: the request's transaction, the loaded pipeline resources, the caller's identity."""

import math
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from app.db import repository
from app.db.audit import KeyUse
from app.db.session import Database
from app.db.writer import Writer
from app.errors import ApiError
from app.languages import from_accept_language
from app.metrics import Metrics
from app.screening.pipeline import Resources
from app.security.keycache import KeyCache, KnownKey
from app.security.keys import Role, hash_key


async def get_database(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


DatabaseDep = Annotated[Database, Depends(get_database)]


def get_session(db: DatabaseDep) -> Iterator[Session]:
    """One transaction per request: committed when the endpoint returns, before the response is sent."""
    with db.transaction() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session, scope="function")]


async def get_resources(request: Request) -> Resources:
    res: Resources = request.app.state.resources
    return res


PipelineResources = Annotated[Resources, Depends(get_resources)]


async def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


AppMetrics = Annotated[Metrics, Depends(get_metrics)]


async def get_writer(request: Request) -> Writer:
    writer: Writer = request.app.state.writer
    return writer


DbWriter = Annotated[Writer, Depends(get_writer)]


@dataclass(frozen=True)
class Principal:
    kind: str  # "api_key" (users come with the web pages)
    id: str
    name: str
    role: Role

    @property
    def author(self) -> repository.Author:
        """As the audit log and the records it made name it."""
        return repository.Author(self.kind, self.id, self.name)


def _load_key(db: Database, key_hash: str) -> KnownKey | None:
    with db.transaction() as session:
        key = repository.find_active_key(session, key_hash)
        return KnownKey(key.id, key.name, key.role, key.expires_at) if key else None  # type: ignore[arg-type]


async def _authenticate(
    request: Request, db: DatabaseDep, authorization: Annotated[str | None, Header()] = None
) -> Principal:
    challenge = {"WWW-Authenticate": "Bearer"}
    if not authorization:
        raise ApiError(
            401, "unauthenticated", "Authorization: Bearer <api key> is required", headers=challenge
        )
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthenticated", "use the Bearer scheme with an API key", headers=challenge)
    key_hash = hash_key(token.strip())
    cache: KeyCache = request.app.state.key_cache
    key = cache.get(key_hash)
    if key is None:
        key = await run_in_threadpool(_load_key, db, key_hash)
        if key is not None:
            cache.put(key_hash, key)
    if key is None or key.expired():
        raise ApiError(401, "unauthenticated", "unknown, revoked or expired API key", headers=challenge)
    return Principal("api_key", key.id, key.name, key.role)


def key_use(request: Request, principal: Principal) -> KeyUse:
    query = request.scope.get("query_string", b"").decode("latin-1")
    path = request.scope["path"] + (f"?{query}" if query else "")  # no URL object on the hot path
    return KeyUse(
        principal.id, principal.name, request.method, path[:500], getattr(request.state, "request_id", None)
    )


def require(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that admits callers with one of `roles` (401 without credentials, 403 with others,
    429 with Retry-After past the key's rate limit)."""

    async def check(request: Request, principal: Annotated[Principal, Depends(_authenticate)]) -> Principal:
        request.state.actor = f"{principal.kind}:{principal.id}"  # named in the access log line
        request.state.key_use = key_use(request, principal)  # and in the audit log (app/api/key_uses.py)
        if principal.role not in roles:
            raise ApiError(403, "forbidden", f"the {principal.role!r} role may not use this endpoint")
        wait = request.app.state.rate_limiter.acquire(principal.id)
        if wait > 0:
            seconds = str(max(1, math.ceil(wait)))
            raise ApiError(
                429, "rate_limited", "too many requests for this key", headers={"Retry-After": seconds}
            )
        return principal

    return check


async def message_language(request: Request, accept_language: Annotated[str | None, Header()] = None) -> str:
    """The first of ru/en/zh named in Accept-Language (in its q order), else the configured default."""
    default: str = request.app.state.settings.default_language
    return from_accept_language(accept_language) or default


MessageLanguage = Annotated[str, Depends(message_language)]
