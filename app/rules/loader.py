"""Load and validate the rule data; the version is derived from its content."""

from dataclasses import dataclass
from pathlib import Path

from app.errors import DataError
from app.lexicon.loader import content_version, read_yaml
from app.rules.schema import Rule, RulesFile

RULES_DIR = Path(__file__).parent


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    data: RulesFile
    version: str

    def by_kind(self, kind: str) -> list[Rule]:
        return [r for r in self.rules if r.kind == kind]


def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    path = directory / "rules.yaml"
    data = read_yaml(path, RulesFile)
    codes = [r.code for r in data.rules]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise DataError(f"rules.yaml: rule code used twice: {', '.join(dupes)}")
    return RuleSet(tuple(data.rules), data, content_version([path]))
