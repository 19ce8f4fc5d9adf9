"""Load and validate the rule data; the version is derived from the content of every rule file."""

from dataclasses import dataclass
from pathlib import Path

from app.errors import DataError
from app.lexicon.loader import LexiconData, content_version, name_key, read_yaml
from app.rules.schema import (
    Crossing,
    IntelligenceFile,
    RegisterFile,
    RoutesFile,
    Rule,
    RulesFile,
    ThresholdsFile,
)

RULES_DIR = Path(__file__).parent


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    data: RulesFile
    routes: RoutesFile
    thresholds: ThresholdsFile
    crossing_by_name: dict[str, Crossing]  # any name of a crossing, normalised -> crossing
    version: str
    register: RegisterFile | None = None  # reasons of the register of authorisations (register.yaml)
    intelligence: IntelligenceFile | None = (
        None  # reasons of watched parties and profiles (intelligence.yaml)
    )
    directory: Path = RULES_DIR  # where it was read from


def rule_files(directory: Path) -> list[Path]:
    """Every file the rules are read from: what their version hashes and a snapshot of them holds."""
    return sorted(directory.glob("*.yaml"))


def load_rules(directory: Path = RULES_DIR) -> RuleSet:
    data = read_yaml(directory / "rules.yaml", RulesFile)
    codes = [r.code for r in data.rules]
    dupes = sorted({c for c in codes if codes.count(c) > 1})
    if dupes:
        raise DataError(f"rules.yaml: rule code used twice: {', '.join(dupes)}")
    for code in [*data.policy.raising_codes, *(c for group in data.policy.same_indicator for c in group)]:
        if code not in codes:
            raise DataError(f"rules.yaml: policy names an unknown rule {code!r}")
    routes = read_yaml(directory / "routes.yaml", RoutesFile)
    by_name: dict[str, Crossing] = {}
    for c in routes.crossings:
        for _, name in c.names.all():
            by_name[name_key(name)] = c
        by_name[c.id] = c
    thresholds = read_yaml(directory / "thresholds.yaml", ThresholdsFile)
    register_path = directory / "register.yaml"
    register = read_yaml(register_path, RegisterFile) if register_path.exists() else None
    intelligence_path = directory / "intelligence.yaml"
    intelligence = read_yaml(intelligence_path, IntelligenceFile) if intelligence_path.exists() else None
    return RuleSet(
        rules=tuple(data.rules),
        data=data,
        routes=routes,
        thresholds=thresholds,
        crossing_by_name=by_name,
        version=content_version(rule_files(directory)),
        directory=directory,
        register=register,
        intelligence=intelligence,
    )


def check_references(rules: RuleSet, lexicon: LexiconData) -> None:
    """Rule data may only name categories and substances the lexicon has: anything else stops start-up."""
    for rule in rules.rules:
        unknown = [c for c in rule.categories if c not in lexicon.categories]
        if unknown:
            raise DataError(f"rules.yaml: rule {rule.code!r} names unknown categories {unknown}")
    unknown = [s for s in rules.thresholds.per_substance_kg if s not in lexicon.substances]
    if unknown:
        raise DataError(f"thresholds.yaml: unknown substances {unknown}")
