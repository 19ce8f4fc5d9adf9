"""The scenario suite (tests/data/scenarios.jsonl): every declaration gets exactly its expected level, every
expected reason code and none of its forbidden ones; benign twins never rise above low."""

import pytest

from app.core.types import Severity
from app.screening.pipeline import Resources
from tests.rules import REQUIRED_RULE_CODES
from tests.scenarios import Scenario, load_scenarios, run

SCENARIOS = load_scenarios()


def test_suite_covers_what_the_rules_need() -> None:
    groups = {
        g: sum(1 for s in SCENARIOS if s.group == g)
        for g in ("rule", "combination", "seizure", "benign_twin")
    }
    assert len(SCENARIOS) >= 80
    assert groups["rule"] >= 30 and groups["combination"] >= 15
    assert groups["seizure"] >= 15 and groups["benign_twin"] >= 15
    codes = set().union(*(s.expected_codes for s in SCENARIOS))
    assert codes >= REQUIRED_RULE_CODES


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario(resources: Resources, scenario: Scenario) -> None:
    outcome = run(scenario, resources)
    assert outcome.problems == [], [
        (r.code, r.severity.name, r.messages["en"]) for r in outcome.result.reasons
    ]
    if scenario.group == "benign_twin":
        assert outcome.result.risk_level <= Severity.low


def test_every_reason_message_is_filled_in_three_languages(resources: Resources) -> None:
    for scenario in SCENARIOS:
        for reason in run(scenario, resources).result.reasons:
            assert set(reason.messages) == {"ru", "en", "zh"}
            for text in reason.messages.values():
                assert "{" not in text and len(text) > 20, (scenario.id, reason.code, text)
