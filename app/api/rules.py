"""GET /v1/rules: the rules in force, with their version, severities and messages."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from app.api.deps import PipelineResources, Principal, require

router = APIRouter(prefix="/v1/rules", tags=["rules"])


class RuleOut(BaseModel):
    code: str
    kind: str
    severity: str | None
    severity_by_table: dict[str, str] | None
    title: dict[str, str]
    messages: dict[str, str]


class CrossingOut(BaseModel):
    id: str
    name: str
    country: str
    rating: str


class RulesOut(BaseModel):
    version: str
    lexicon_version: str
    rules: list[RuleOut]
    policy: dict[str, Any]
    crossings: list[CrossingOut]


@router.get("", response_model=RulesOut)
def list_rules(
    res: PipelineResources,
    _: Annotated[Principal, Depends(require("system", "officer", "supervisor", "admin"))],
) -> RulesOut:
    rules = res.rules
    return RulesOut(
        version=rules.version,
        lexicon_version=res.lexicon.version,
        rules=[
            RuleOut(
                code=r.code,
                kind=r.kind,
                severity=r.severity,
                severity_by_table=r.severity_by_table,
                title=r.title.model_dump(),
                messages=r.messages.model_dump(),
            )
            for r in rules.rules
        ],
        policy=rules.data.policy.model_dump(),
        crossings=[
            CrossingOut(id=c.id, name=c.names.en[0], country=c.country, rating=c.rating)
            for c in rules.routes.crossings
        ],
    )
