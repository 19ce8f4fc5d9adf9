"""Nothing counted twice: resubmissions return the stored screening, amendments link to the earlier one,
and identical submissions arriving together resolve to one row — on SQLite and PostgreSQL."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from app.db.session import Database
from tests.conftest import count_rows

Auth = Callable[[str], dict[str, str]]


def body(reference: str, description: str) -> dict[str, object]:
    return {"reference": reference, "items": [{"description": description}]}


def test_amendment_links_to_the_screening_it_replaces(client: TestClient, auth: Auth, db: Database) -> None:
    headers = auth("system")
    first = client.post("/v1/screenings", json=body("KZ-1", "paint"), headers=headers).json()
    assert first["amends"] is None
    amended = client.post("/v1/screenings", json=body("KZ-1", "уксусный ангидрид"), headers=headers).json()
    assert amended["id"] != first["id"] and amended["amends"] == first["id"]
    assert amended["risk_level"] == "high"
    again = client.post("/v1/screenings", json=body("KZ-1", "paint"), headers=headers).json()
    assert again["id"] == first["id"]  # the original content again: the stored screening, not a new row
    third = client.post("/v1/screenings", json=body("KZ-1", "toluene"), headers=headers).json()
    assert third["amends"] == amended["id"]
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 3


def test_identical_submissions_at_once_resolve_to_one_screening(
    client: TestClient, auth: Auth, db: Database
) -> None:
    headers = auth("system")
    payload = body("KZ-RACE", "醋酸酐 200升 塑料桶")
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(
            pool.map(lambda _: client.post("/v1/screenings", json=payload, headers=headers), range(16))
        )
    assert {r.status_code for r in responses} == {200}
    assert len({r.json()["id"] for r in responses}) == 1
    with db.transaction() as s:
        assert count_rows(s, "screenings") == 1
        assert count_rows(s, "screening_reasons") == 1
