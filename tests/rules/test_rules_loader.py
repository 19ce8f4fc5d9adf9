"""Rule data is validated on load: a bad rule stops start-up with a message naming it."""

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.errors import DataError
from app.lexicon.loader import load_lexicon
from app.rules.loader import RULES_DIR, check_references, load_rules
from tests.rules import REQUIRED_RULE_CODES


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    for f in RULES_DIR.glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def edit(directory: Path, file: str, change: Callable[[Any], None]) -> None:
    path = directory / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_production_rules_load_and_reference_known_data() -> None:
    rules = load_rules()
    check_references(rules, load_lexicon())
    assert {r.code for r in rules.rules} >= REQUIRED_RULE_CODES | {"cas_check_digit_invalid"}


def test_version_follows_content(rules_dir: Path) -> None:
    before = load_rules(rules_dir).version
    edit(rules_dir, "routes.yaml", lambda d: d["crossings"][0].update(rating="low"))
    assert load_rules(rules_dir).version != before


@pytest.mark.parametrize(
    ("file", "change", "message"),
    [
        ("rules.yaml", lambda d: d["rules"][0].update(kind="telepathy"), "entry 'substance_named': kind"),
        ("rules.yaml", lambda d: d["rules"][0].update(colour="red"), "entry 'substance_named': colour"),
        ("rules.yaml", lambda d: d["rules"][1].update(code="substance_named"), "rule code used twice"),
        ("rules.yaml", lambda d: d["rules"][2].update(severity="catastrophic"), "severity"),
        ("rules.yaml", lambda d: d["policy"].update(raising_codes=["nope"]), "unknown rule 'nope'"),
        ("routes.yaml", lambda d: d["crossings"][0].update(country="XX"), "not an ISO 3166"),
        ("routes.yaml", lambda d: d["crossings"][0].update(rating="scary"), "rating"),
        ("thresholds.yaml", lambda d: d.update(default_kg=-1), "default_kg"),
    ],
)
def test_bad_rule_data_names_the_rule(
    rules_dir: Path, file: str, change: Callable[[Any], None], message: str
) -> None:
    edit(rules_dir, file, change)
    with pytest.raises(DataError) as info:
        load_rules(rules_dir)
    assert message in str(info.value)
    assert file in str(info.value)


def test_reference_to_unknown_category_names_the_rule(rules_dir: Path) -> None:
    def limit_density_rule(data: Any) -> None:
        rule = next(r for r in data["rules"] if r["code"] == "density_implausible")
        rule["categories"] = ["unicorn_milk"]

    edit(rules_dir, "rules.yaml", limit_density_rule)
    with pytest.raises(
        DataError, match=r"rule 'density_implausible' names unknown categories \['unicorn_milk'\]"
    ):
        check_references(load_rules(rules_dir), load_lexicon())


def test_threshold_for_unknown_substance_is_refused(rules_dir: Path) -> None:
    edit(rules_dir, "thresholds.yaml", lambda d: d["per_substance_kg"].update(unobtainium=1.0))
    with pytest.raises(DataError, match="unobtainium"):
        check_references(load_rules(rules_dir), load_lexicon())
