"""Split shipments (issue 16, part 5), on SQLite and PostgreSQL: one party's declarations of a Table I
substance, each below the commercial quantity (acetic anhydride: 108 kg), adding up to it in the window."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.db.models import utcnow
from app.db.repository import Author
from app.db.session import Database
from app.declarations import ScreeningRequest
from app.screening.pipeline import Resources
from app.services import submit_screening

Auth = Callable[[str], dict[str, str]]
AUTHOR = Author("cli", "", "test")


def declaration(
    reference: str, kg: float, consignee: str = "Almaty Chemicals LLP", **extra: Any
) -> dict[str, Any]:
    return {
        "reference": reference,
        "direction": "import",
        "consignor": {"name": "Urumqi Huaxia Trading Co., Ltd.", "country": "CN"},
        "consignee": {"name": consignee, "country": "KZ"},
        "items": [{"description": "уксусный ангидрид 99%", "net_weight_kg": kg}],
        **extra,
    }


def screen(client: TestClient, auth: Auth, body: dict[str, Any]) -> dict[str, Any]:
    r = client.post("/v1/screenings", json=body, headers=auth("system"))
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def split(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in body["reasons"] if r["code"] == "split_shipment"]


def test_declarations_below_the_threshold_adding_up_to_it(client: TestClient, auth: Auth) -> None:
    assert split(screen(client, auth, declaration("S-1", 50))) == []
    assert split(screen(client, auth, declaration("S-2", 50, "ALMATY CHEMICALS, TOO"))) == []  # 100 < 108
    body = screen(client, auth, declaration("S-3", 20))
    (reason,) = split(body)
    assert reason["severity"] == "high" and body["risk_level"] == "high"
    assert reason["substance"]["id"] == "acetic_anhydride"
    assert "S-1, S-2" in reason["messages"]["en"] and "120 kg" in reason["messages"]["en"]
    assert "S-1, S-2" in reason["messages"]["ru"] and "S-1, S-2" in reason["messages"]["zh"]


@pytest.mark.parametrize(
    "third",
    [
        declaration("S-3", 20, "Astana Chemicals LLP"),  # another company
        declaration("S-3", 200),  # a commercial quantity on its own: said so by its own rule
        declaration("S-3", 20) | {"items": [{"description": "толуол", "net_weight_kg": 20}]},  # Table II
    ],
)
def test_other_parties_substances_and_large_quantities_are_no_split(
    client: TestClient, auth: Auth, third: dict[str, Any]
) -> None:
    screen(client, auth, declaration("S-1", 50))
    screen(client, auth, declaration("S-2", 50))
    assert split(screen(client, auth, third)) == []


def test_the_window_and_amendments(
    client: TestClient, auth: Auth, db: Database, resources: Resources
) -> None:
    old = ScreeningRequest.model_validate(declaration("OLD-1", 100))
    with db.transaction() as session:  # 31 days ago: outside the 30-day window
        submit_screening(session, db, resources, old, AUTHOR, at=utcnow() - timedelta(days=31))
    assert split(screen(client, auth, declaration("S-1", 50))) == []
    # the same reference again, amended: it replaces its own quantity, it does not add to it
    assert split(screen(client, auth, declaration("S-1", 60))) == []
    assert split(screen(client, auth, declaration("S-1", 70))) == []
    (reason,) = split(screen(client, auth, declaration("S-2", 40)))
    assert "S-1" in reason["messages"]["en"] and "OLD-1" not in reason["messages"]["en"]


def test_concurrent_declarations_each_see_the_others(db: Database, resources: Resources) -> None:
    """20 declarations of 10 kg at once: whatever the order, the 11th and later (110 kg and more) are split
    shipments and the first ten are not; without the per-substance lock some would see too few."""

    def one(i: int) -> bool:
        body = ScreeningRequest.model_validate(declaration(f"C-{i}", 10))
        for _ in range(20):
            try:
                with db.transaction() as session:
                    stored = submit_screening(session, db, resources, body, AUTHOR)
                    return any(r.code == "split_shipment" for r in stored.screening.reasons)
            except Exception as e:  # a serialisation failure is retried, as the writer does
                last = e
        raise last

    with ThreadPoolExecutor(max_workers=10) as pool:
        flags = list(pool.map(one, range(20)))
    assert flags.count(False) == 10 and flags.count(True) == 10
