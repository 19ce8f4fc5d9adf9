"""Further precursor lists (app/lexicon/lists/*.yaml): loading, references, the lists in force, severities,
and the mistakes the loader refuses (on the two small lists of tests/data/lexicon_min/lists)."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.errors import DataError
from app.lexicon.lists import ListPolicy, strongest
from app.lexicon.loader import load_lexicon
from tests.lexicon.conftest import edit

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "lexicon_min"


def test_lists_load_with_their_members(lexicon_dir: Path) -> None:
    lex = load_lexicon(lexicon_dir)
    assert list(lex.lists) == ["alpha_list", "beta_list"]
    nitro = lex.substances["nitroethane"]
    assert nitro.table is None and nitro.cas == ["79-24-3"]
    assert [(m.list_id, m.category, m.where) for m in lex.memberships["nitroethane"]] == [
        ("alpha_list", "1", "item 3"),
        ("beta_list", None, "table III"),
    ]
    # a 1988 Table substance keeps its table and gains the list that also names it
    assert lex.substances["acetic_anhydride"].table == "I"
    assert [m.list_id for m in lex.memberships["acetic_anhydride"]] == ["alpha_list"]
    assert "toluene" not in lex.memberships
    assert lex.lists["alpha_list"].members == ("acetic_anhydride", "nitroethane")


def test_severity_is_the_strongest_list_in_force(lexicon_dir: Path) -> None:
    assert load_lexicon(lexicon_dir).list_severity("nitroethane") == "high"
    only_beta = load_lexicon(lexicon_dir, ListPolicy.parse("beta_list"))
    assert only_beta.list_severity("nitroethane") == "medium"
    assert list(only_beta.lists) == ["beta_list"]
    lowered = load_lexicon(lexicon_dir, ListPolicy.parse("all", "alpha_list=low"))
    assert lowered.lists["alpha_list"].severity == "low"
    assert lowered.list_severity("nitroethane") == "medium"  # beta's medium is now the strongest
    assert lowered.list_severity("toluene") is None


def test_a_chemical_on_no_list_in_force_is_not_known(lexicon_dir: Path) -> None:
    none = load_lexicon(lexicon_dir, ListPolicy.parse("none"))
    assert "nitroethane" not in none.substances
    assert none.lists == {} and none.memberships == {}
    assert {"acetic_anhydride", "toluene"} <= set(none.substances)


def test_the_policy_is_part_of_the_version(lexicon_dir: Path) -> None:
    default = load_lexicon(lexicon_dir).version
    assert load_lexicon(lexicon_dir, ListPolicy.parse("all")).version == default
    versions = {
        default,
        load_lexicon(lexicon_dir, ListPolicy.parse("beta_list")).version,
        load_lexicon(lexicon_dir, ListPolicy.parse("all", "beta_list=high")).version,
    }
    assert len(versions) == 3
    edit(lexicon_dir, "lists/beta_list.yaml", lambda d: d["list"].update(version="2026-03-01"))
    assert load_lexicon(lexicon_dir).version != default


def test_without_lists_the_lexicon_still_loads(lexicon_dir: Path) -> None:
    shutil.rmtree(lexicon_dir / "lists")
    lex = load_lexicon(lexicon_dir)
    assert set(lex.substances) == {"acetic_anhydride", "toluene"} and lex.lists == {}


@pytest.mark.parametrize(
    ("text", "in_force", "severity"),
    [
        ("all", None, {}),
        ("", None, {}),
        ("none", frozenset(), {}),
        (" cn_precursors , ru_list_iv ", frozenset({"cn_precursors", "ru_list_iv"}), {}),
    ],
)
def test_policy_parse(text: str, in_force: frozenset[str] | None, severity: dict[str, str]) -> None:
    policy = ListPolicy.parse(text)
    assert policy.in_force == in_force and dict(policy.severity) == severity


@pytest.mark.parametrize("severity", ["alpha_list", "alpha_list=urgent", "=high"])
def test_policy_refuses_bad_severities(severity: str) -> None:
    with pytest.raises(DataError, match="list severity"):
        ListPolicy.parse("all", severity)


def test_policy_refuses_unknown_lists(lexicon_dir: Path) -> None:
    with pytest.raises(DataError, match=r"precursor lists \['gamma_list'\] do not exist"):
        load_lexicon(lexicon_dir, ListPolicy.parse("alpha_list,gamma_list"))
    with pytest.raises(DataError, match=r"\['gamma_list'\] do not exist"):
        load_lexicon(lexicon_dir, ListPolicy.parse("all", "gamma_list=high"))


def test_strongest() -> None:
    assert strongest(["low", "high", "medium"]) == "high"
    assert strongest(["low", "medium"]) == "medium"


def _define_again(d: dict[str, Any]) -> None:
    d["entries"][0]["define"] = yaml.safe_load((FIXTURE / "lists/alpha_list.yaml").read_text())["entries"][1][
        "define"
    ]
    d["entries"][0]["define"]["names"] = {"en": ["nitroethane twin"]}


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("lists/beta_list.yaml", _define_again, "entry 'nitroethane': id already defined in alpha_list.yaml"),
        (
            "lists/beta_list.yaml",
            lambda d: d["entries"].append({"id": "methylamine", "where": "x"}),
            r"entries \['methylamine'\] are neither defined nor in the Tables",
        ),
        (
            "lists/alpha_list.yaml",
            lambda d: d["entries"][0].update(category="3"),
            "entry 'acetic_anhydride': category '3' is not one of the list's categories",
        ),
        ("lists/beta_list.yaml", lambda d: d["list"].update(id="gamma_list"), "must be the file's name"),
        (
            "lists/alpha_list.yaml",
            lambda d: d["entries"][1].update(id="toluene"),
            "entry 'toluene': id already a 1988 Table substance",
        ),
        (
            "lists/alpha_list.yaml",
            lambda d: d["entries"][1]["define"]["names"]["zh"].append("甲苯"),
            "name '甲苯' already names 'toluene'",
        ),
        (
            "lists/alpha_list.yaml",
            lambda d: d["entries"][1]["define"].update(cas=["79-24-4"]),
            "CAS number '79-24-4'",
        ),
        (
            "lists/alpha_list.yaml",
            lambda d: d["entries"][1]["define"].update(table="I"),
            "Extra inputs are not permitted",
        ),
        (
            "lists/beta_list.yaml",
            lambda d: d["list"].update(default_severity="urgent"),
            "default_severity",
        ),
        (
            "substances_min.yaml",
            lambda d: d["substances"][1].pop("table"),
            r"entry 'toluene': a substances_\*.yaml entry needs its table",
        ),
    ],
)
def test_loader_refuses(
    lexicon_dir: Path, file: str, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    edit(lexicon_dir, file, change)
    with pytest.raises(DataError, match=message):
        load_lexicon(lexicon_dir)


def test_a_category_may_have_its_own_severity(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "lists/alpha_list.yaml", lambda d: d["list"].update(category_severity={"1": "low"}))
    lex = load_lexicon(lexicon_dir)
    assert lex.lists["alpha_list"].severity_of("1") == "low"
    assert lex.lists["alpha_list"].severity_of("2") == "high"
    assert lex.list_severity("nitroethane") == "medium"  # alpha's category 1 is low now; beta is medium
    only_alpha = load_lexicon(lexicon_dir, ListPolicy.parse("alpha_list"))
    assert only_alpha.list_severity("nitroethane") == "low"
    # a deployment's severity for the list holds for all its categories
    set_high = load_lexicon(lexicon_dir, ListPolicy.parse("alpha_list", "alpha_list=high"))
    assert set_high.list_severity("nitroethane") == "high"


def test_category_severity_must_name_a_category(lexicon_dir: Path) -> None:
    edit(lexicon_dir, "lists/alpha_list.yaml", lambda d: d["list"].update(category_severity={"9": "low"}))
    with pytest.raises(DataError, match=r"names categories the list does not have: \['9'\]"):
        load_lexicon(lexicon_dir)
