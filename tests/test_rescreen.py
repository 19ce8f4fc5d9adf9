"""Retrospective screening: after a rules change, stored declarations are screened again, the new result is
stored beside the old, risers are reported (function, admin API, dashboard), and a second run does nothing."""

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.api.schemas import ScreeningRequest
from app.config import Settings
from app.db.audit import SERVICE
from app.db.session import Database
from app.lexicon.lists import ListPolicy
from app.main import create_app
from app.reports.period import make_period
from app.rescreen import rescreen
from app.rules.loader import RULES_DIR
from app.screening.pipeline import Resources, load_resources
from app.services import submit_screening
from tests.web.helpers import login

Auth = Callable[[str], dict[str, str]]
PAINT = "油漆 200升/桶×40桶"  # a documented cover in drums: low today


@pytest.fixture(scope="module")
def stricter(tmp_path_factory: pytest.TempPathFactory) -> Resources:
    """The rules of today with one change: cover goods in drums are medium instead of low."""
    rules = tmp_path_factory.mktemp("rules")
    shutil.copytree(RULES_DIR, rules, dirs_exist_ok=True)
    text_ = (rules / "rules.yaml").read_text(encoding="utf-8")
    block = re.search(r"- code: cover_good_liquid_bulk\n(?:    .*\n)+", text_)
    assert block is not None
    changed = block.group(0).replace("    severity: low\n", "    severity: medium\n", 1)
    assert changed != block.group(0)
    (rules / "rules.yaml").write_text(text_.replace(block.group(0), changed), encoding="utf-8")
    return load_resources(rules_dir=rules, cache_dir=tmp_path_factory.mktemp("cache"))


def _store(db: Database, res: Resources) -> dict[str, str]:
    ids = {}
    for reference, description in (
        ("RS-PAINT", PAINT),
        ("RS-SHIRTS", "cotton shirts, 500 pcs"),
        ("RS-AA", "醋酸酐 200升"),
    ):
        body = ScreeningRequest.model_validate(
            {"reference": reference, "items": [{"description": description}]}
        )
        with db.transaction() as session:
            ids[reference] = submit_screening(session, db, res, body, SERVICE).screening.id
    return ids


def _levels(db: Database) -> dict[str, str]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT reference, risk_level FROM screenings")).all())


def test_risers_are_found_stored_beside_the_old_and_not_twice(
    db: Database, resources: Resources, stricter: Resources
) -> None:
    ids = _store(db, resources)
    before = _levels(db)
    assert before == {"RS-PAINT": "low", "RS-SHIRTS": "none", "RS-AA": "high"}
    period = make_period(None, None)
    report = rescreen(db, stricter, period, SERVICE)
    assert (report.examined, report.rescreened, report.current_already) == (3, 3, 0)
    assert [(r.reference, r.previous_risk_level, r.risk_level) for r in report.rose] == [
        ("RS-PAINT", "low", "medium")
    ]
    assert {x["code"]: x["severity"] for x in report.rose[0].reasons}["cover_good_liquid_bulk"] == "medium"
    assert _levels(db) == before  # the original results stay as they were
    with db.engine.connect() as conn:
        stored = conn.execute(text("SELECT screening_id, rules_version, rose FROM rescreenings")).all()
    assert {(s, v, bool(r)) for s, v, r in stored} == {
        (ids["RS-PAINT"], stricter.rules.version, True),
        (ids["RS-SHIRTS"], stricter.rules.version, False),
        (ids["RS-AA"], stricter.rules.version, False),
    }
    again = rescreen(db, stricter, period, SERVICE)
    assert (again.rescreened, again.current_already, again.rose) == (0, 3, [])
    # back to today's rules: the paint falls again, compared with its latest (rescreened) level
    back = rescreen(db, resources, period, SERVICE)
    assert (back.rescreened, back.fell, back.rose) == (3, 1, [])


def test_admin_api_and_the_dashboard_list_risers(
    db: Database, resources: Resources, stricter: Resources, auth: Auth, create_user: Callable[..., str]
) -> None:
    ids = _store(db, resources)
    settings = Settings(
        database_url=db.url, rate_limit_per_minute=0, retention_check_minutes=0, rescreen_check_seconds=0.1
    )
    with TestClient(create_app(settings, stricter)) as client:
        response = client.post("/v1/admin/rescreen", json={"since": "2000-01-01"}, headers=auth("admin"))
        assert response.status_code == 202
        assert response.headers["location"] == f"/v1/admin/rescreens/{response.json()['id']}"
        body = wait_done(client, response.headers["location"], auth("admin"))
        assert (body["state"], body["total"], body["examined"], body["rose"], body["claims"]) == (
            "done",
            3,
            3,
            1,
            1,
        )
        assert [(r["reference"], r["risk_level"]) for r in body["report"]["rose"]] == [("RS-PAINT", "medium")]
        assert (
            client.post(
                "/v1/admin/rescreen", json={"since": "2000-01-01"}, headers=auth("supervisor")
            ).status_code
            == 403
        )
        log = client.get("/v1/audit", params={"action": "rescreen.run"}, headers=auth("admin")).json()
        assert log["items"][0]["details"]["rose"] == 1
        login(client, create_user("supervisor"))
        page = client.get("/dashboard?lang=en").text
        risers = page.split('id="risers-title"')[1].split("</table>")[0]
        assert f'href="/screenings/{ids["RS-PAINT"]}"' in risers and "LOW RISK → MEDIUM RISK" in risers
        assert ids["RS-AA"] not in risers


def wait_done(client: TestClient, location: str, headers: dict[str, str]) -> dict[str, Any]:
    """A rescreen job's last state, once a worker finished it (the app's job loop takes it)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body: dict[str, Any] = client.get(location, headers=headers).json()
        if body["state"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"{location} not finished: {body}")


def test_cli_rescreen_prints_the_summary(tmp_path: Path) -> None:
    from tests.test_cli import run_cli

    db = tmp_path / "cli.db"
    assert run_cli("seed", "--count", "20", "--days", "5", db=db).returncode == 0
    done = run_cli("rescreen", "--since", "2000-01-01", "--out", str(tmp_path / "rose.jsonl"), db=db)
    assert done.returncode == 0, done.stderr
    assert ": 20 declarations, 0 screened again (20 already current), risk rose for 0" in done.stdout
    assert run_cli("rescreen", "--since", "yesterday", db=db).returncode == 2


def test_a_list_put_in_force_raises_the_declarations_that_name_its_chemicals(
    db: Database, tmp_path: Path
) -> None:
    """Screened while the further lists were out of force, nitroethane is nothing; once they are in force
    (another lexicon version), a rescreen finds it and only it."""
    without = load_resources(cache_dir=tmp_path, policy=ListPolicy.parse("none"))
    with_lists = load_resources(cache_dir=tmp_path, policy=ListPolicy.parse("all"))
    assert without.lexicon.version != with_lists.lexicon.version
    for reference, description in (("RS-NE", "Нитроэтан технический, бочки 200 л"), ("RS-TEA", "green tea")):
        body = ScreeningRequest.model_validate(
            {"reference": reference, "items": [{"description": description}]}
        )
        with db.transaction() as session:
            submit_screening(session, db, without, body, SERVICE)
    assert _levels(db) == {"RS-NE": "none", "RS-TEA": "none"}
    report = rescreen(db, with_lists, make_period(None, None), SERVICE)
    assert [(r.reference, r.risk_level) for r in report.rose] == [("RS-NE", "medium")]
    assert {x["code"] for x in report.rose[0].reasons} == {"listed_chemical"}
    again = rescreen(db, with_lists, make_period(None, None), SERVICE)
    assert (again.rescreened, again.rose) == (0, [])
