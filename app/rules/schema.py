"""Schema of app/rules/rules.yaml."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from app.lexicon.schema import Texts

SeverityWord = Literal["none", "low", "medium", "high"]
RuleKind = Literal["substance_match", "hs_code_field", "bad_cas"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    code: str
    kind: RuleKind
    title: Texts
    messages: Texts
    severity: SeverityWord | None = None
    severity_by_table: dict[Literal["I", "II"], SeverityWord] | None = None

    @model_validator(mode="after")
    def _one_severity(self) -> "Rule":
        if (self.severity is None) == (self.severity_by_table is None):
            raise ValueError(f"rule {self.code!r}: give exactly one of severity and severity_by_table")
        return self


class Policy(_Strict):
    combine: Literal["max"]


class RulesFile(_Strict):
    rules: list[Rule]
    methods: dict[Literal["exact", "lemma", "fuzzy", "cas", "hs_code"], Texts]
    policy: Policy
