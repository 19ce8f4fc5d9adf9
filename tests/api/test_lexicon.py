"""GET /v1/lexicon and GET /v1/lexicon/search: substance cards for any name, misspelled, or a CAS number."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

Auth = Callable[[str], dict[str, str]]


def search(client: TestClient, auth: Auth, q: str, **headers: str) -> list[dict[str, Any]]:
    r = client.get("/v1/lexicon/search", params={"q": q}, headers={**auth("officer"), **headers})
    assert r.status_code == 200, r.text
    results: list[dict[str, Any]] = r.json()["results"]
    return results


@pytest.mark.parametrize(
    ("q", "substance", "method"),
    [
        ("醋酸酐", "acetic_anhydride", "exact"),
        ("уксусного ангидрида", "acetic_anhydride", "lemma"),
        ("acetic anhydryde", "acetic_anhydride", "fuzzy"),
        ("108-24-7", "acetic_anhydride", "cas"),
        ("марганцовка", "potassium_permanganate", "exact"),
        ("ацитон", "acetone", "fuzzy"),
        ("ephedr", "ephedrine", "similar"),
    ],
)
def test_search_finds_the_substance(
    client: TestClient, auth: Auth, q: str, substance: str, method: str
) -> None:
    first = search(client, auth, q)[0]
    assert (first["id"], first["controlled"], first["method"]) == (substance, True, method)


def test_card_speaks_the_officers_language(client: TestClient, auth: Auth) -> None:
    (card,) = search(client, auth, "醋酸酐", **{"Accept-Language": "ru"})
    assert card["table"] == "I" and card["cas"] == ["108-24-7"] and card["hs"] == ["2915.24"]
    assert "уксусный ангидрид" in card["names"]["ru"] and "醋酸酐" in card["names"]["zh"]
    assert "героин" in card["illicit_use"].lower()
    assert "уксус" in card["appearance"].lower()
    assert card["density_kg_l"] == 1.08


def test_an_uncontrolled_chemical_says_so(client: TestClient, auth: Auth) -> None:
    (card,) = search(client, auth, "xylene")
    assert (card["id"], card["controlled"], card["table"]) == ("xylene", False, None)


def test_ordinary_words_find_nothing(client: TestClient, auth: Auth) -> None:
    assert search(client, auth, "cotton T-shirts") == []


def test_bad_queries_are_422_and_anonymous_is_401(client: TestClient, auth: Auth) -> None:
    assert client.get("/v1/lexicon/search", params={"q": ""}, headers=auth("officer")).status_code == 422
    assert (
        client.get("/v1/lexicon/search", params={"q": "x" * 201}, headers=auth("officer")).status_code == 422
    )
    assert client.get("/v1/lexicon/search", params={"q": "acetone"}).status_code == 401


def test_lexicon_info(client: TestClient, auth: Auth, resources: Any) -> None:
    body = client.get("/v1/lexicon", headers=auth("system")).json()
    lex = resources.lexicon
    assert body["version"] == lex.version
    assert (body["table_i"], body["table_ii"]) == (33, 8)
    assert body["substances"] == 41 + body["listed_only"] and body["listed_only"] >= 20
    assert body["names"] > 500 and body["uncontrolled_chemicals"] > 300
    lists = {x["id"]: x for x in body["lists"]}
    assert set(lists) == {"cn_precursors", "ru_list_iv", "regional_seizures", "cn_export_myanmar"}
    for list_id, info in lists.items():
        members = lex.lists[list_id].members
        assert info["entries"] == len(members) > 0
        assert info["beyond_tables"] == sum(1 for s in members if lex.substances[s].table is None)
        assert info["severity"] in ("high", "medium", "low") and set(info["title"]) == {"ru", "en", "zh"}
    assert sum(x["beyond_tables"] for x in lists.values()) >= body["listed_only"]


def test_a_listed_chemicals_card_names_its_lists(client: TestClient, auth: Auth, resources: Any) -> None:
    lex = resources.lexicon
    listed = next(s for s in lex.substances.values() if s.table is None and s.cas)
    (card, *_) = search(client, auth, listed.cas[0], **{"Accept-Language": "zh"})
    assert (card["id"], card["controlled"], card["table"]) == (listed.id, True, None)
    want = [(m.list_id, lex.lists[m.list_id].info.title.zh) for m in lex.memberships[listed.id]]
    assert [(x["id"], x["title"]) for x in card["lists"]] == want
    # a 1988 Table substance on a national list shows both
    (aa,) = search(client, auth, "醋酸酐")
    assert aa["table"] == "I" and "cn_precursors" in {x["id"] for x in aa["lists"]}
