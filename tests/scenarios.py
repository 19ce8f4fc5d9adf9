"""The scenario suite: declarations with the level and reason codes the rules must give them.

    python -m tests.scenarios [--all]

Groups: `rule` (each rule alone), `combination`, `seizure` (documented seizures recast as declarations) and
`benign_twin` (their innocent look-alikes). Prints failures, then per group how many pass, and the two
figures that matter: seizures reaching at least medium, benign twins staying at or below low.
"""

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.api.schemas import ScreeningRequest
from app.core.types import ScreeningResult, Severity
from app.screening.pipeline import Resources, load_resources, screen
from app.services import to_declaration

DATA = Path(__file__).resolve().parent / "data" / "scenarios.jsonl"


@dataclass(frozen=True)
class Scenario:
    id: str
    group: str
    title: str
    declaration: dict[str, Any]
    expected_level: str
    expected_codes: frozenset[str]
    forbidden_codes: frozenset[str]
    note: str


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    result: ScreeningResult

    @property
    def codes(self) -> set[str]:
        return {r.code for r in self.result.reasons}

    @property
    def problems(self) -> list[str]:
        s = self.scenario
        out = []
        if self.result.risk_level.name != s.expected_level:
            out.append(f"level {self.result.risk_level.name}, expected {s.expected_level}")
        if missing := s.expected_codes - self.codes:
            out.append(f"missing {sorted(missing)}")
        if forbidden := s.forbidden_codes & self.codes:
            out.append(f"forbidden {sorted(forbidden)}")
        return out


def load_scenarios(path: Path = DATA) -> list[Scenario]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            raw = json.loads(line)
            out.append(
                Scenario(
                    id=raw["id"],
                    group=raw["group"],
                    title=raw["title"],
                    declaration=raw["declaration"],
                    expected_level=raw["expected_level"],
                    expected_codes=frozenset(raw["expected_codes"]),
                    forbidden_codes=frozenset(raw.get("forbidden_codes", [])),
                    note=raw.get("note", ""),
                )
            )
    return out


def run(scenario: Scenario, res: Resources) -> Outcome:
    request = ScreeningRequest.model_validate(scenario.declaration)
    return Outcome(scenario, screen(to_declaration(request), res))


def summary(outcomes: list[Outcome]) -> str:
    passed = Counter(o.scenario.group for o in outcomes if not o.problems)
    total = Counter(o.scenario.group for o in outcomes)
    lines = [f"{g:<12} {passed[g]:>3}/{total[g]:<3} pass" for g in sorted(total)]
    seizures = [o for o in outcomes if o.scenario.group == "seizure"]
    twins = [o for o in outcomes if o.scenario.group == "benign_twin"]
    caught = sum(1 for o in seizures if o.result.risk_level >= Severity.medium)
    calm = sum(1 for o in twins if o.result.risk_level <= Severity.low)
    lines.append(
        f"seizures at medium or above: {caught}/{len(seizures)}; "
        f"benign twins at low or below: {calm}/{len(twins)}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="show every scenario's reasons, not just failures")
    args = parser.parse_args(argv)
    res = load_resources()
    outcomes = [run(s, res) for s in load_scenarios()]
    for o in outcomes:
        if o.problems or args.all:
            got = ", ".join(f"{r.code}:{r.severity.name}" for r in o.result.reasons)
            verdict = "; ".join(o.problems) or "ok"
            print(f"{o.scenario.id} [{o.scenario.group}] {o.scenario.title}: {verdict} | {got}")
    print(summary(outcomes))
    return 1 if any(o.problems for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
