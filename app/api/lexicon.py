"""GET /v1/lexicon (version and counts) and GET /v1/lexicon/search?q= (substance cards for any name)."""

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from app.api.deps import MessageLanguage, PipelineResources, Principal, require
from app.screening.search import search

router = APIRouter(prefix="/v1/lexicon", tags=["lexicon"])
AnyRole = Annotated[Principal, Depends(require("system", "officer", "supervisor", "admin"))]


class LexiconInfo(BaseModel):
    version: str
    substances: int
    table_i: int
    table_ii: int
    names: int
    uncontrolled_chemicals: int
    goods_categories: int


class SubstanceCard(BaseModel):
    id: str
    controlled: bool
    table: Literal["I", "II"] | None
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
        if hit.controlled:
            s = res.lexicon.substances[hit.id]
            names = {
                lang_: getattr(s.names, lang_) + getattr(s.trade_names, lang_) for lang_ in ("en", "ru", "zh")
            }
            cards.append(
                SubstanceCard(
                    id=s.id,
                    controlled=True,
                    table=s.table,
                    names=names,
                    cas=s.cas,
                    hs=s.hs,
                    form=s.form,
                    density_kg_l=s.density_kg_l,
                    appearance=getattr(s.appearance, lang),
                    illicit_use=getattr(s.illicit_use, lang),
                    licit_uses=getattr(s.licit_uses, lang),
                    checks=getattr(s.checks, lang),
                    note=None,
                    matched=hit.matched,
                    method=hit.method,
                    score=hit.score,
                )
            )
        else:
            c = res.lexicon.overlaps[hit.id]
            cards.append(
                SubstanceCard(
                    id=c.id,
                    controlled=False,
                    table=None,
                    names={lang_: getattr(c.names, lang_) for lang_ in ("en", "ru", "zh")},
                    cas=c.cas,
                    hs=[],
                    form=None,
                    density_kg_l=None,
                    appearance=None,
                    illicit_use=None,
                    licit_uses=None,
                    checks=None,
                    note=c.note or None,
                    matched=hit.matched,
                    method=hit.method,
                    score=hit.score,
                )
            )
    return SearchResult(query=q, lexicon_version=res.lexicon.version, results=cards)
