"""The group-commit writer behind POST /v1/screenings, on both databases and in both of its modes (on the
event loop, as for SQLite; in its own thread, as for PostgreSQL)."""

import asyncio
import threading
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.api.schemas import ScreeningRequest
from app.db import audit
from app.db.models import AuditEvent, Authorisation, AuthorisationDraw, Screening
from app.db.repository import Author
from app.db.session import Database, is_sqlite
from app.db.writer import Writer, WriterClosed
from app.screening.pipeline import Resources
from app.services import Submission, Submitted, prepare, store_many
from tests.conftest import count_rows, run_async

AUTHOR = Author("system", "", "writer test")  # neither a key nor a user: no foreign key


@pytest.fixture(params=["inline", "thread"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def screenings(db: Database, mode: str) -> Writer:
    return Writer(db, lambda session, items: store_many(session, db, items), inline=mode == "inline")


def submission(res: Resources, reference: str, description: str = "acetone 200 l drums") -> Submission:
    body = ScreeningRequest.model_validate({"reference": reference, "items": [{"description": description}]})
    return Submission(prepare(body, res), AUTHOR)


async def run_all(writer: Writer, items: list[Any]) -> list[Any]:
    writer.start()
    try:
        return await asyncio.gather(*(writer.run(i) for i in items), return_exceptions=True)
    finally:
        await asyncio.to_thread(writer.stop)


def test_concurrent_requests_share_commits_and_each_gets_its_own_screening(
    db: Database, resources: Resources, mode: str
) -> None:
    writer = screenings(db, mode)
    subs = [submission(resources, f"W-{n}") for n in range(30)]
    results: list[Submitted] = run_async(run_all(writer, subs))
    assert [r.screening.reference for r in results] == [f"W-{n}" for n in range(30)]
    assert all(r.created for r in results)
    assert len({r.screening.id for r in results}) == 30
    assert writer.items == 30 and 1 <= writer.groups < 30  # grouped, not one transaction each
    with db.transaction() as s:
        stored = {r.reference: r.id for r in s.execute(select(Screening.reference, Screening.id))}
        assert stored == {r.screening.reference: r.screening.id for r in results}
        assert count_rows(s, "screening_items") == 30


def test_a_resend_and_an_amendment_in_the_same_group(db: Database, resources: Resources, mode: str) -> None:
    first = submission(resources, "W-SAME")
    again = submission(resources, "W-SAME")  # same content: a resend
    changed = submission(resources, "W-SAME", "acetic anhydride 200 l drums")  # an amendment
    results: list[Submitted] = run_async(run_all(screenings(db, mode), [first, again, changed]))
    assert [r.created for r in results] == [True, False, True]
    assert results[1].screening.id == results[0].screening.id
    assert results[2].screening.amends_id == results[0].screening.id
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 2


def test_an_item_that_fails_gets_its_error_and_the_rest_of_its_group_still_lands(
    db: Database, mode: str
) -> None:
    def batch(session: Session, items: list[str]) -> list[int]:
        for name in items:
            if name == "bad":
                raise ValueError("refused")
            audit.record(session, AUTHOR, "data.reload", details={"name": name})
        return [len(name) for name in items]

    writer = Writer(db, batch, inline=mode == "inline")
    names = ["a", "bb", "bad", "dddd", "eeeee"]
    results = run_async(run_all(writer, names))
    assert results[:2] == [1, 2] and results[3:] == [4, 5]
    assert isinstance(results[2], ValueError)
    with db.transaction() as s:
        written = sorted(e.details["name"] for e in s.scalars(select(AuditEvent)))
    assert written == ["a", "bb", "dddd", "eeeee"]  # each exactly once: the failed group left nothing


@pytest.fixture
def unreachable() -> Iterator[Database]:
    database = Database("postgresql+psycopg://postgres@127.0.0.1:1/test")  # nothing listens on port 1
    yield database
    database.dispose()


def test_an_unreachable_database_fails_every_item_at_once_without_retrying(
    unreachable: Database, resources: Resources, mode: str
) -> None:
    calls: list[int] = []

    def batch(session: Session, items: list[Submission]) -> list[Submitted]:
        calls.append(len(items))
        return store_many(session, unreachable, items)

    writer = Writer(unreachable, batch, inline=mode == "inline")
    results = run_async(run_all(writer, [submission(resources, f"W-DOWN-{n}") for n in range(5)]))
    assert all(isinstance(r, OperationalError) for r in results)
    assert sum(calls) == 5 and len(calls) == writer.groups  # no second, one-by-one attempt


def test_stop_writes_what_was_handed_in_and_then_refuses(db: Database, resources: Resources) -> None:
    writer = screenings(db, "thread")

    async def scenario() -> tuple[list[Submitted], BaseException | None]:
        writer.start()
        tasks = [asyncio.create_task(writer.run(submission(resources, f"W-STOP-{n}"))) for n in range(10)]
        await asyncio.sleep(0)  # every task has handed its item in
        await asyncio.to_thread(writer.stop)
        done = await asyncio.gather(*tasks)
        try:
            await writer.run(submission(resources, "W-LATE"))
        except WriterClosed as exc:
            return done, exc
        return done, None

    done, refused = run_async(scenario())
    assert len(done) == 10 and all(r.created for r in done)
    assert isinstance(refused, WriterClosed)
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 10


def test_on_the_loop_the_writer_waits_for_the_sqlite_funnel_without_blocking_the_loop(
    db: Database, resources: Resources
) -> None:
    """A request thread holding SQLite's write funnel may need the event loop to finish its transaction (its
    commit runs after a hop through the loop): an inline writer that blocked on the funnel would deadlock."""
    if not is_sqlite(db.url):
        pytest.skip("the funnel is SQLite's")
    writer = screenings(db, "inline")
    holder = db.sessions()
    outcome: list[Any] = []

    async def scenario() -> None:
        assert db.claim_writer(holder)  # a transaction of someone else's in progress
        asyncio.get_running_loop().call_later(0.05, holder.close)  # ends only if the loop keeps running
        outcome.append(await writer.run(submission(resources, "W-FUNNEL")))

    runner = threading.Thread(target=asyncio.run, args=(scenario(),), daemon=True)
    runner.start()
    runner.join(10)
    assert not runner.is_alive(), "the event loop blocked on the write funnel"
    assert outcome[0].created and outcome[0].screening.reference == "W-FUNNEL"


def test_a_screening_posted_after_the_writer_stopped_gets_503_and_retry_after(
    client: TestClient, auth: Callable[[str], dict[str, str]], db: Database
) -> None:
    client.app.state.writer.stop()  # type: ignore[attr-defined]  # as at shutdown
    body = {"reference": "W-CLOSED", "items": [{"description": "acetone"}]}
    r = client.post("/v1/screenings", json=body, headers=auth("system"))
    assert r.status_code == 503 and r.headers["retry-after"] == "5"
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 0


def test_draws_of_one_group_each_replace_an_earlier_version_of_their_declaration(
    db: Database, resources: Resources
) -> None:
    """Several versions of one declaration in one group draw as the last of them; an amendment that no longer
    names the substance gives its draw back."""
    today = date.today()
    with db.transaction() as s:
        auth = Authorisation(
            number="KZ-IMP-W1",
            kind="import",
            holder={"name": "Almaty Chemicals LLP", "aliases": [], "country": "KZ"},
            substance_id="acetic_anhydride",
            quantity=10000,  # 5000 + 7000 would exceed it: the first version is replaced, not added
            unit="kg",
            valid_from=today - timedelta(days=1),
            valid_to=today + timedelta(days=30),
            crossings=[],
            created_by="test",
        )
        s.add(auth)

    def declared(reference: str, kg: float, description: str = "уксусный ангидрид 99%") -> Submission:
        body = ScreeningRequest.model_validate(
            {
                "reference": reference,
                "direction": "import",
                "consignee": {"name": "ALMATY CHEMICALS, TOO", "country": "KZ"},
                "items": [{"description": description, "net_weight_kg": kg}],
            }
        )
        return Submission(prepare(body, resources), AUTHOR)

    def drawn() -> dict[str, float]:
        with db.transaction() as s:
            rows = s.execute(select(AuthorisationDraw.reference, AuthorisationDraw.quantity))
            return {r: q for r, q in rows}

    with db.transaction() as s:
        store_many(s, db, [declared("W-D1", 5000), declared("W-D1", 7000), declared("W-D2", 1000)])
    assert drawn() == {"W-D1": 7000, "W-D2": 1000}
    with db.transaction() as s:
        store_many(s, db, [declared("W-D2", 1000, "краска масляная МА-15"), declared("W-D1", 8000)])
    assert drawn() == {"W-D1": 8000}
