"""GET /v1/lexicon (version and counts) and GET /v1/lexicon/search?q= (substance cards for any name)."""

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from app.api.deps import MessageLanguage, PipelineResources, Principal, require
from app.screening.cards import card
from app.screening.search import search

router = APIRouter(prefix="/v1/lexicon", tags=["lexicon"])
AnyRole = Annotated[Principal, Depends(require("system", "officer", "supervisor", "admin"))]


class PrecursorListInfo(BaseModel):
    id: str
    version: str = Field(description="Date of the latest amendment the list's data file covers.")
    title: dict[str, str] = Field(description="The list's title in Russian, English and Chinese.")
    severity: Literal["high", "medium", "low"] = Field(
        description="Severity of a match: the list's default, or as this deployment sets it."
    )
    entries: int = Field(description="Chemicals on the list (1988 Table substances included).")
    beyond_tables: int = Field(
        description="Of them, chemicals that are in neither Table of the 1988 Convention."
    )


class LexiconInfo(BaseModel):
    version: str
    substances: int = Field(description="Controlled chemicals: the 1988 Tables and the lists in force.")
    table_i: int
    table_ii: int
    listed_only: int = Field(description="Chemicals controlled only by a further list in force.")
    lists: list[PrecursorListInfo] = Field(description="Further precursor lists in force.")
    names: int
    uncontrolled_chemicals: int
    goods_categories: int


class CardListOut(BaseModel):
    id: str
    title: str
    category: str | None
    where: str = Field(description="Where in the list the chemical stands.")


class SubstanceCard(BaseModel):
    id: str
    controlled: bool
    table: Literal["I", "II"] | None = Field(description="Its Table of the 1988 Convention, if any.")
    lists: list[CardListOut] = Field(description="Further precursor lists in force that name it.")
    names: dict[str, list[str]] = Field(description="Names in English, Russian and Chinese.")
    cas: list[str]
    hs: list[str]
    form: str | None
    density_kg_l: float | None
    appearance: str | None = Field(description="What it looks and smells like, in the requested language.")
    illicit_use: str | None
    licit_uses: str | None
    checks: str | None = Field(description="What an officer can check.")
    note: str | None = Field(
        description="For an uncontrolled chemical: what it is and what it is confused with."
    )
    matched: str
    method: Literal["exact", "lemma", "fuzzy", "cas", "hs_code", "similar"]
    score: float


class SearchResult(BaseModel):
    query: str
    lexicon_version: str
    results: list[SubstanceCard]


@router.get("", response_model=LexiconInfo)
def lexicon_info(res: PipelineResources, _: AnyRole) -> LexiconInfo:
    lex = res.lexicon
    return LexiconInfo(
        version=lex.version,
        substances=len(lex.substances),
        table_i=sum(1 for s in lex.substances.values() if s.table == "I"),
        table_ii=sum(1 for s in lex.substances.values() if s.table == "II"),
        listed_only=sum(1 for s in lex.substances.values() if s.table is None),
        lists=[
            PrecursorListInfo(
                id=pl.info.id,
                version=pl.info.version,
                title=pl.info.title.model_dump(),
                severity=pl.severity,
                entries=len(pl.members),
                beyond_tables=sum(1 for sid in pl.members if lex.substances[sid].table is None),
            )
            for pl in lex.lists.values()
        ],
        names=sum(len(s.all_names()) for s in lex.substances.values()),
        uncontrolled_chemicals=len(lex.overlaps),
        goods_categories=len(lex.categories),
    )


@router.get("/search", response_model=SearchResult)
def search_lexicon(
    res: PipelineResources,
    lang: MessageLanguage,
    _: AnyRole,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="A name in any language, or a CAS number")
    ],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchResult:
    """Substances for a name in any language, misspelled or partial, or a CAS number.

    A name of an uncontrolled chemical comes back with `controlled: false`: the answer also says what is
    NOT a precursor."""
    cards = []
    for hit in search(q, res, limit):
        found = card(res.lexicon, hit.id, lang)
        if found is not None:
            cards.append(
                SubstanceCard(**asdict(found), matched=hit.matched, method=hit.method, score=hit.score)
            )
    return SearchResult(query=q, lexicon_version=res.lexicon.version, results=cards)
