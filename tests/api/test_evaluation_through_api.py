"""The labelled corpus sent through POST /v1/screenings and read back from the database gives the same
substances as the pipeline alone, on every backend: storage loses nothing and changes nothing."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from app.api.schemas import MAX_ITEMS
from app.screening.pipeline import Resources
from tests.evaluation import case_item, load_cases, run_cases


def test_corpus_through_the_api_matches_the_pipeline(
    client: TestClient, auth: Callable[[str], dict[str, str]], resources: Resources
) -> None:
    cases = load_cases()
    expected = [sorted(o.found) for o in run_cases(cases, resources)]
    headers = auth("system")
    got: list[list[str]] = []
    for n, start in enumerate(range(0, len(cases), MAX_ITEMS)):
        chunk = cases[start : start + MAX_ITEMS]
        items = []
        for c in chunk:
            item = case_item(c)
            items.append({"description": item.description, "hs_code": item.hs_code})
        created = client.post(
            "/v1/screenings", json={"reference": f"EVAL-{n}", "items": items}, headers=headers
        )
        assert created.status_code == 200, created.text
        stored = client.get(f"/v1/screenings/{created.json()['id']}", headers=headers).json()
        per_item: list[set[str]] = [set() for _ in chunk]
        for reason in stored["reasons"]:
            # the corpus scores the 1988 Tables' substances (run_cases leaves the further lists' apart)
            if reason["substance"] is not None and reason["substance"]["table"] is not None:
                per_item[reason["item_index"]].add(reason["substance"]["id"])
        got += [sorted(s) for s in per_item]
    assert got == expected
    assert sum(1 for e in expected if e) > 400
