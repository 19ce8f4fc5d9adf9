"""Request and response bodies of the v1 API. The request body is the submitted declaration
(app/declarations.py, shared with the pages and the CLI); unknown request fields are rejected."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from app.declarations import (
    MAX_ITEMS,
    NO_NUL,
    CountryCode,
    ItemIn,
    Party,
    RiskLevel,
    ScreeningRequest,
    ShortText,
)

__all__ = [
    "MAX_ITEMS",
    "NO_NUL",
    "CountryCode",
    "ItemIn",
    "Party",
    "RiskLevel",
    "ScreeningRequest",
    "ShortText",
]


class SubstanceOut(BaseModel):
    id: str
    name: str
    cas: str | None
    table: Literal["I", "II"] | None = Field(
        description="Its Table of the 1988 Convention; null beyond them."
    )
    lists: list[str] = Field(
        description="Further precursor lists in force that name it: cn_precursors, ru_list_iv and others."
    )


class EvidenceOut(BaseModel):
    text: str
    start: int
    end: int


class ReasonOut(BaseModel):
    code: str
    severity: RiskLevel
    item_index: int | None
    message: str
    messages: dict[str, str] = Field(description="The message in Russian, English and Chinese.")
    substance: SubstanceOut | None
    evidence: EvidenceOut | None
    method: str | None = Field(
        description="How the substance was found: exact, lemma, abbreviation, fuzzy, pinyin, palladius, "
        "sound_alike, shape_alike, cas, hs_code or standard (a product standard such as ГОСТ 2768-84)."
    )
    score: float | None = Field(
        description="Similarity (0-100) of a fuzzy, sound_alike or shape_alike match; null otherwise."
    )
    entry: int | None = Field(
        default=None,
        description="The watched party or targeting profile behind a watched_party or targeting_profile "
        "reason: supervisors read its note at /v1/watchlist/{entry} or /v1/targeting-profiles/{entry}.",
    )


class FiguresOut(BaseModel):
    """The figures the rules read, of an item or of one of its goods lines."""

    litres: float | None = None
    net_kg: float | None = None
    packages: int | None = None
    density_kg_l: float | None = None
    packing_class: str | None = None
    packaging: list[str] = []
    categories: list[str] = []
    hs_heading: str | None = None


class LineFactsOut(FiguresOut):
    start: int = Field(description="Span of the goods line in the item's description.")
    end: int


class FactsOut(FiguresOut):
    lines: list[LineFactsOut] = Field(
        default=[],
        description="Several goods lines in the description: the figures of each (the item's: its fields).",
    )


class ItemOut(BaseModel):
    index: int
    language: Literal["zh", "ru", "en"]
    normalized: str
    tokens: list[str]
    facts: FactsOut | None = Field(default=None, description="Figures read from the fields and the text.")


class ScreeningOut(BaseModel):
    id: str
    reference: str
    vehicle_plate: str | None = Field(default=None, description="The truck's plate as a search key.")
    container_number: str | None = Field(default=None, description="The container's number as a search key.")
    screened_at: datetime
    risk_level: RiskLevel
    reasons: list[ReasonOut]
    items: list[ItemOut]
    lexicon_version: str
    rules_version: str
    amends: str | None = Field(
        default=None, description="The earlier screening of the same reference that this one amends."
    )


class ScreeningPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ScreeningOut]


class ErrorDetail(BaseModel):
    field: str | None = None
    message: str


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[ErrorDetail] | str | None = None
    error_id: str | None = None


class ErrorBody(BaseModel):
    error: ErrorInfo


class OcrLineOut(BaseModel):
    text: str
    confidence: float = Field(description="The recogniser's confidence in the line, 0-1 (its lowest box's)")
    box: list[list[int]] = Field(
        description="Four corners [x, y] of the line's first box, in the photo's pixels"
    )
    letters: list[float] = Field(description="The confidence in each character of the text, 0-1")


class OcrOut(BaseModel):
    text: str = Field(description="The lines in reading order, joined by newlines")
    lines: list[OcrLineOut]
    language: str = Field(description='"zh", "ru" or "en" by the characters read; "" when nothing was read')
    orientation: int = Field(description="How the page lay in the photo: 0, 90 (turned clockwise), 180, 270")
    photo_id: str | None = Field(
        description="The photo's SHA-256, where the deployment keeps photos (PHOTO_DIR); else null"
    )
    seconds: float
