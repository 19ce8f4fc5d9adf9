"""GET /metrics: counters that match what was stored, latency per route template, the data versions, the
database pool; an optional bearer token."""

import random
from collections.abc import Callable

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from app.config import Settings
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from app.seeding import DeclarationMaker

Auth = Callable[[str], dict[str, str]]


def samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def by_label(values: dict, name: str, label: str) -> dict[str, float]:
    return {dict(labels)[label]: v for (n, labels), v in values.items() if n == name}


def test_counters_match_the_stored_screenings(
    client: TestClient, auth: Auth, db: Database, resources: Resources
) -> None:
    """Seeded declarations (the seed command's generator) posted through the API, plus two resends."""
    maker = DeclarationMaker(resources, random.Random(11))
    bodies = [maker.declaration(f"MET-{i}") for i in range(120)]
    headers = auth("system")
    for body in [*bodies, bodies[0], bodies[1]]:
        assert client.post("/v1/screenings", json=body, headers=headers).status_code == 200
    with db.engine.connect() as conn:
        risks = dict(
            conn.execute(text("SELECT risk_level, COUNT(*) FROM screenings GROUP BY risk_level")).all()
        )
        codes = dict(conn.execute(text("SELECT code, COUNT(*) FROM screening_reasons GROUP BY code")).all())
    assert len(risks) == 4 and sum(risks.values()) == 120  # every level occurs in the seeded mix
    values = samples(client)
    assert {
        k: int(v) for k, v in by_label(values, "screening_declarations_total", "risk_level").items()
    } == risks
    assert {k: int(v) for k, v in by_label(values, "screening_reasons_total", "code").items()} == codes
    assert values[("screening_resubmissions_total", ())] == 2
    route = (("method", "POST"), ("route", "/v1/screenings"))
    assert values[("http_request_duration_seconds_count", route)] == 122
    assert values[("http_responses_total", (*route, ("status", "200")))] == 122
    # one at a time through the test client: every POST was its own group of the writer
    assert values[("db_writer_group_size_count", ())] == values[("db_writer_group_size_sum", ())] == 122


def test_routes_are_labelled_by_template_and_unknown_paths_share_one_label(
    client: TestClient, auth: Auth
) -> None:
    headers = auth("system")
    for i in range(3):
        client.get(f"/v1/screenings/no-such-{i}", headers=headers)
        client.get(f"/not/a/route/{i}")
    assert client.get("/static/style.css").status_code == 200
    values = samples(client)
    statuses = {
        (dict(labels)["route"], dict(labels)["status"]): v
        for (name, labels), v in values.items()
        if name == "http_responses_total"
    }
    assert statuses[("/v1/screenings/{screening_id}", "404")] == 3
    assert statuses[("<unmatched>", "404")] == 3
    assert statuses[("/static/{path}", "200")] == 1  # the static files by their mount, not unmatched
    assert not any("no-such" in dict(labels).get("route", "") for _, labels in values)


def test_data_versions_and_pool_state(client: TestClient, resources: Resources) -> None:
    values = samples(client)
    info = next(dict(labels) for (name, labels) in values if name == "screening_data_info")
    assert info == {"lexicon_version": resources.lexicon.version, "rules_version": resources.rules.version}
    assert values[("db_pool_checked_out", ())] == 0  # no request holds a connection while /metrics answers
    assert values[("db_pool_size", ())] >= 1
    assert values[("db_pool_overflow", ())] >= 0  # QueuePool counts from minus its size until it is full


def test_a_configured_token_is_required(db: Database, resources: Resources) -> None:
    settings = Settings(database_url=db.url, metrics_token="scrape-secret")
    with TestClient(create_app(settings, resources)) as c:
        assert c.get("/metrics").status_code == 401
        assert c.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/metrics", headers={"Authorization": "Bearer scrape-secret"}).status_code == 200


def test_an_unexpected_error_is_counted(db: Database, resources: Resources) -> None:
    app = create_app(Settings(database_url=db.url, retention_check_minutes=0), resources)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/v1/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        assert c.get("/v1/boom").status_code == 500
        values = samples(c)
    assert values[("http_unhandled_errors_total", (("route", "/v1/boom"),))] == 1
    labels = (("method", "GET"), ("route", "/v1/boom"), ("status", "500"))
    assert values[("http_responses_total", labels)] == 1


def test_requests_in_progress_reads_none_at_rest(client: TestClient) -> None:
    """The gauge counts requests inside the service (tests/test_shutdown_and_load.py watches it rise under
    load); GET /metrics itself is not counted, so at rest it reads 0."""
    client.get("/healthz")
    families = {f.name: f for f in text_string_to_metric_families(client.get("/metrics").text)}
    assert [s.value for s in families["http_requests_in_progress"].samples] == [0.0]
