"""A rescreen is one job of the deployment (app/rescreen.py, app/db/rescreen_jobs.py), on both backends: one
unfinished job at a time, one worker holds it, a quiet worker's job is taken over where it stopped (every
declaration rescreened once), a failure frees the deployment for the next, and the API shows it all."""

import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update

from app import rescreen as rescreen_module
from app.api.schemas import ScreeningRequest
from app.config import Settings
from app.db import rescreen_jobs
from app.db.audit import SERVICE
from app.db.models import RescreenJob, utcnow
from app.db.session import Database
from app.main import create_app
from app.reports.period import make_period
from app.rescreen import RescreenBusy, open_rescreen, run_next, work
from app.rules.loader import RULES_DIR
from app.screening.pipeline import Resources, load_resources
from app.services import submit_screening
from tests.test_rescreen import wait_done

Auth = Callable[[str], dict[str, str]]
DESCRIPTIONS = (
    "油漆 200升/桶×40桶",
    "cotton shirts, 500 pcs",
    "醋酸酐 200升",
    "acetone 99%",
    "玉米油 200升/桶",
)


@pytest.fixture(scope="module")
def other(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    """Today's rules under another version (a comment added): every declaration is screened again."""
    rules = tmp_path_factory.mktemp("rules")
    shutil.copytree(
        RULES_DIR, rules, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.py", "__pycache__")
    )
    with (rules / "rules.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# another version\n")
    return load_resources(rules_dir=rules, cache_dir=Path("var") / "cache")


def _store(db: Database, res: Resources) -> None:
    for i, description in enumerate(DESCRIPTIONS):
        body = ScreeningRequest.model_validate(
            {"reference": f"J-{i}", "items": [{"description": description}]}
        )
        with db.transaction() as session:
            submit_screening(session, db, res, body, SERVICE)


def _open(db: Database) -> int:
    with db.transaction() as session:
        return open_rescreen(session, make_period(None, None), SERVICE).id


def _job(db: Database, job_id: int) -> RescreenJob:
    with db.transaction() as session:
        job = rescreen_jobs.get(session, job_id)
        assert job is not None
        session.expunge(job)
        return job


def test_one_unfinished_job_at_a_time_and_one_worker_holds_it(db: Database) -> None:
    first = _open(db)
    with pytest.raises(RescreenBusy) as busy, db.transaction() as session:
        open_rescreen(session, make_period(None, None), SERVICE)
    assert busy.value.job_id == first
    with db.transaction() as session:
        stale_before = utcnow() - timedelta(seconds=60)
        claims = [rescreen_jobs.claim(session, first, worker, stale_before) for worker in ("a:1", "b:2")]
    assert claims == [True, False]
    job = _job(db, first)
    assert (job.state, job.claimed_by, job.claims) == ("running", "a:1", 1)


def test_a_quiet_workers_job_is_taken_over_where_it_stopped(
    db: Database,
    resources: Resources,
    other: Resources,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _store(db, resources)
    monkeypatch.setattr(rescreen_module, "CHUNK", 2)
    job_id = _open(db)
    with db.transaction() as session:
        assert rescreen_jobs.claim(session, job_id, "a:1", utcnow())
    # worker a screens one chunk, then goes quiet (its process died)
    with db.transaction() as session:
        job = rescreen_jobs.get(session, job_id)
        assert job is not None and rescreen_module._chunk(session, other, job, "a:1")
    assert (_job(db, job_id).examined, _job(db, job_id).total) == (2, 5)
    assert run_next(db, lambda: other, "b:2", stale_seconds=60) is None  # a is not quiet long enough yet
    with db.transaction() as session:
        session.execute(
            update(RescreenJob)
            .values(heartbeat_at=utcnow() - timedelta(seconds=120))
            .where(RescreenJob.id == job_id)
        )
    assert run_next(db, lambda: other, "b:2", stale_seconds=60) == job_id
    done = _job(db, job_id)
    assert (done.state, done.claimed_by, done.claims, done.open_slot) == ("done", "b:2", 2, None)
    assert (done.total, done.examined, done.rescreened, done.current_already, done.rose) == (5, 5, 5, 0, 0)
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT screening_id, job_id FROM rescreenings")).all()
    assert len(rows) == 5 and len({s for s, _ in rows}) == 5 and {j for _, j in rows} == {job_id}
    # worker a comes back: the job is no longer its own, and it writes nothing
    assert work(db, lambda: other, job_id, "a:1") == "lost"
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM rescreenings")).scalar() == 5


def test_a_failed_job_says_why_and_frees_the_deployment(db: Database, resources: Resources) -> None:
    _store(db, resources)
    job_id = _open(db)

    def broken() -> Resources:
        raise RuntimeError("the data went away")

    assert run_next(db, broken, "a:1", stale_seconds=60) == job_id
    job = _job(db, job_id)
    assert (job.state, job.open_slot, job.error) == ("failed", None, "RuntimeError: the data went away")
    assert _open(db) != job_id  # the next one may start


def test_the_api_answers_409_while_a_job_is_unfinished_and_lists_jobs(
    db: Database, resources: Resources, auth: Auth
) -> None:
    settings = Settings(
        database_url=db.url, rate_limit_per_minute=0, retention_check_minutes=0, rescreen_check_seconds=0
    )
    with TestClient(create_app(settings, resources)) as client:  # a worker that takes no job
        headers = auth("admin")
        first = client.post("/v1/admin/rescreen", json={"since": "2026-01-01"}, headers=headers)
        assert first.status_code == 202 and first.json()["state"] == "queued"
        second = client.post("/v1/admin/rescreen", json={"since": "2025-01-01"}, headers=headers)
        assert second.status_code == 409
        assert second.json()["error"]["code"] == "rescreen_running"
        assert second.headers["location"] == f"/v1/admin/rescreens/{first.json()['id']}"
        listed = client.get("/v1/admin/rescreens", headers=headers).json()
        assert [(j["id"], j["state"]) for j in listed] == [(first.json()["id"], "queued")]
        assert client.get("/v1/admin/rescreens/999999", headers=headers).status_code == 404
        assert client.get("/v1/admin/rescreens", headers=auth("supervisor")).status_code == 403
    # another worker of the deployment, one that takes jobs, works it through
    settings = settings.model_copy(update={"rescreen_check_seconds": 0.1})
    with TestClient(create_app(settings, resources)) as client:
        body = wait_done(client, f"/v1/admin/rescreens/{first.json()['id']}", auth("admin"))
        assert (body["state"], body["claims"]) == ("done", 1)


def test_a_chunk_whose_job_was_taken_over_meanwhile_is_rolled_back(
    db: Database, resources: Resources, other: Resources
) -> None:
    _store(db, resources)
    job_id = _open(db)
    with db.transaction() as session:
        assert rescreen_jobs.claim(session, job_id, "a:1", utcnow() - timedelta(seconds=60))
    with pytest.raises(rescreen_module._Lost), db.transaction() as session:
        job = rescreen_jobs.get(session, job_id)
        assert job is not None
        session.execute(update(RescreenJob).values(claimed_by="b:2").where(RescreenJob.id == job_id))
        rescreen_module._chunk(session, other, job, "a:1")  # worker a, still screening
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM rescreenings")).scalar() == 0
    assert (_job(db, job_id).examined, _job(db, job_id).claimed_by) == (0, "a:1")
