"""The stats, the liquids report and the audit log over seeded data (python -m app seed's function), checked
against figures the test computes itself from the tables (tests/reports/seeded.py), on both databases."""

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from app.db.session import Database
from app.screening.pipeline import Resources
from app.seeding import SeedReport, seed
from tests.reports.seeded import NOW, current_rows, hit_rate, item_facts, liquid_categories, outcome_counts

Auth = Callable[[str], dict[str, str]]
ALL = {"from": "2026-01-01", "to": "2026-11-20"}
FLAGGED = ("medium", "high")


@pytest.fixture
def seeded(db: Database, resources: Resources) -> SeedReport:
    return seed(db, resources, count=150, days=60, seed=7, now=NOW)


def test_seeding_gives_a_realistic_mix(db: Database, seeded: SeedReport) -> None:
    rows = current_rows(db)
    risks = Counter(r.risk for r in rows)
    assert len(rows) == 150  # amendments replace, resubmissions are not stored: one row per declaration
    assert seeded.amendments > 0 and seeded.resubmissions > 0
    assert min(risks["none"] + risks["low"], risks["medium"], risks["high"]) >= 10, risks
    assert outcome_counts(rows)["confirmed_precursor"] > 0 and outcome_counts(rows)["false_alarm"] > 0
    assert len({r.crossing for r in rows}) >= 8


def test_seeding_twice_with_one_seed_is_refused(
    db: Database, resources: Resources, seeded: SeedReport
) -> None:
    with pytest.raises(ValueError, match="exist already"):
        seed(db, resources, count=5, seed=7, now=NOW)


def test_totals_count_each_declaration_once_with_its_latest_inspection(
    client: TestClient, auth: Auth, db: Database, seeded: SeedReport
) -> None:
    rows = current_rows(db)
    body = client.get("/v1/stats", params=ALL, headers=auth("supervisor")).json()
    totals = body["totals"]
    assert totals["screenings"] == len(rows) == len({r.reference for r in rows})
    assert totals["flagged"] == sum(r.risk in FLAGGED for r in rows)
    assert totals["reviews"] == {o: outcome_counts(rows)[o] for o in totals["reviews"]}
    assert totals["hit_rate"] == hit_rate(rows)
    assert totals["flagged_share"] == round(totals["flagged"] / len(rows), 4)


@pytest.mark.parametrize("dimension", ["crossing", "risk_level", "month"])
def test_groups_match_the_tables(
    client: TestClient, auth: Auth, db: Database, seeded: SeedReport, dimension: str
) -> None:
    rows = current_rows(db)
    key = {
        "crossing": lambda r: r.crossing,
        "risk_level": lambda r: r.risk,
        "month": lambda r: f"{r.screened_at:%Y-%m}",
    }[dimension]
    expected: dict[str | None, list] = defaultdict(list)
    for r in rows:
        expected[key(r)].append(r)
    body = client.get("/v1/stats", params={**ALL, "group_by": dimension}, headers=auth("supervisor")).json()
    got = {g["key"][dimension]: g for g in body["groups"]}
    assert set(got) == set(expected)
    for value, members in expected.items():
        assert got[value]["screenings"] == len(members), value
        assert got[value]["flagged"] == sum(r.risk in FLAGGED for r in members), value
        assert got[value]["hit_rate"] == hit_rate(members), value


def test_groups_by_list(
    client: TestClient, auth: Auth, db: Database, resources: Resources, seeded: SeedReport
) -> None:
    """A declaration sits in the group of every list that controls one of its substances: its 1988 Table and
    the further lists in force, as the lexicon's memberships say (computed here from the tables)."""
    lex = resources.lexicon

    def lists(substance: str) -> set[str]:
        table = (
            {f"table_{lex.substances[substance].table.lower()}"} if lex.substances[substance].table else set()
        )
        return table | {m.list_id for m in lex.memberships.get(substance, ())}

    expected: dict[str | None, int] = Counter()
    for r in current_rows(db):
        keys = {x for s in r.substances for x in lists(s)} or {None}
        expected.update(keys)
    body = client.get("/v1/stats", params={**ALL, "group_by": "list"}, headers=auth("supervisor")).json()
    got = {g["key"]["list"]: g["screenings"] for g in body["groups"]}
    assert got == dict(expected)
    assert got["table_i"] > 0 and got["cn_precursors"] > 0  # acetic anhydride is on China's list too


def test_each_rules_hit_rate_is_confirmed_over_confirmed_plus_false_alarms(
    client: TestClient, auth: Auth, db: Database, seeded: SeedReport
) -> None:
    rows = current_rows(db)
    body = client.get("/v1/stats", params=ALL, headers=auth("supervisor")).json()
    rules = {r["rule"]: r for r in body["rules"]}
    codes = {c for r in rows for c in r.codes}
    assert set(rules) == codes
    rated = 0
    for code in codes:
        members = [r for r in rows if code in r.codes]
        assert rules[code]["screenings"] == len(members), code
        assert rules[code]["hit_rate"] == hit_rate(members), code
        rated += rules[code]["hit_rate"] is not None
    assert rated >= 2  # the seed inspects enough for rates to exist


def test_two_dimensions_and_a_crossing_filter(
    client: TestClient, auth: Auth, db: Database, seeded: SeedReport
) -> None:
    rows = [r for r in current_rows(db) if r.crossing == "torugart"]
    assert rows
    params = {**ALL, "crossing": "Торугарт", "group_by": ["crossing", "risk_level"]}
    body = client.get("/v1/stats", params=params, headers=auth("supervisor")).json()
    assert body["totals"]["screenings"] == len(rows)
    got = {(g["key"]["crossing"], g["key"]["risk_level"]): g["screenings"] for g in body["groups"]}
    assert got == dict(Counter(("torugart", r.risk) for r in rows))


def test_a_shorter_period_counts_only_its_days(
    client: TestClient, auth: Auth, db: Database, seeded: SeedReport
) -> None:
    start, end = (NOW - timedelta(days=20)).date(), (NOW - timedelta(days=10)).date()
    rows = [r for r in current_rows(db) if start <= r.screened_at.date() <= end]
    params = {"from": start.isoformat(), "to": end.isoformat(), "group_by": "day"}
    body = client.get("/v1/stats", params=params, headers=auth("supervisor")).json()
    assert body["totals"]["screenings"] == len(rows)
    assert {g["key"]["day"]: g["screenings"] for g in body["groups"]} == dict(
        Counter(r.screened_at.date().isoformat() for r in rows)
    )


def test_csv_holds_the_same_figures_as_json(client: TestClient, auth: Auth, seeded: SeedReport) -> None:
    params = {**ALL, "group_by": "rule"}
    as_json = client.get("/v1/stats", params=params, headers=auth("supervisor")).json()
    response = client.get("/v1/stats", params=params, headers={**auth("supervisor"), "Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert [(r["rule"], int(r["screenings"]), r["hit_rate"]) for r in table] == [
        (
            g["key"]["rule"] or "",
            g["screenings"],
            "" if g["hit_rate"] is None else f"{g['hit_rate']:.4f}".rstrip("0").rstrip("."),
        )
        for g in as_json["groups"]
    ]
    same = client.get("/v1/stats", params={**params, "format": "csv"}, headers=auth("supervisor"))
    assert same.text == response.text


def test_liquids_report_matches_the_items(
    client: TestClient, auth: Auth, db: Database, seeded: SeedReport
) -> None:
    rows = {r.id: r for r in current_rows(db)}
    liquid = liquid_categories()
    litres: dict[tuple, float] = defaultdict(float)
    tonnes: dict[tuple, float] = defaultdict(float)
    declarations: dict[tuple, set[str]] = defaultdict(set)
    for screening_id, facts in item_facts(db):
        if screening_id not in rows:
            continue  # an amended version
        cats = facts.get("categories") or []
        if not (
            facts.get("litres")
            or facts.get("packing_class") in ("liquid_bulk", "liquid_small")
            or (cats and cats[0] in liquid)
        ):
            continue
        key = (rows[screening_id].crossing, cats[0] if cats else None)
        litres[key] += facts.get("litres") or 0
        tonnes[key] += (facts.get("net_kg") or 0) / 1000
        declarations[key].add(screening_id)
    body = client.get("/v1/reports/liquids", params=ALL, headers=auth("supervisor")).json()
    got = {(r["crossing"], r["category"]): r for r in body["rows"]}
    assert set(got) == set(litres) and len(got) >= 10
    for key, row in got.items():
        assert row["declarations"] == len(declarations[key]), key
        assert row["litres"] == pytest.approx(litres[key], abs=0.01), key
        assert row["tonnes"] == pytest.approx(tonnes[key], abs=0.001), key
        assert row["flagged"] == sum(rows[i].risk in FLAGGED for i in declarations[key]), key
        assert sum(row["inspections"].values()) == sum(rows[i].outcome is not None for i in declarations[key])
    csv_rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    "/v1/reports/liquids", params={**ALL, "format": "csv"}, headers=auth("supervisor")
                ).text.lstrip("\ufeff")
            )
        )
    )
    assert len(csv_rows) == len(got)
    assert sum(float(r["litres"]) for r in csv_rows) == pytest.approx(sum(litres.values()), abs=0.1)


def test_every_inspection_is_in_the_audit_log(
    client: TestClient, auth: Auth, db: Database, seeded: SeedReport
) -> None:
    page = client.get(
        "/v1/audit", params={"action": "review.create", "limit": 500}, headers=auth("admin")
    ).json()
    assert page["total"] == seeded.reviews
    with db.engine.connect() as conn:
        from sqlalchemy import text

        review_ids = {r[0] for r in conn.execute(text("SELECT id FROM reviews"))}
    assert {e["details"]["review_id"] for e in page["items"]} == review_ids
    assert all(e["actor_name"] == "seed 7" and e["target_kind"] == "screening" for e in page["items"])
    newest_first = [e["id"] for e in page["items"]]
    assert newest_first == sorted(newest_first, reverse=True)
