"""Plain data passed between the pipeline stages. No behaviour beyond small helpers."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any, Literal

Language = Literal["zh", "ru", "en"]
# Methods whose score says how alike the written name is to the lexicon's (the others are 100).
SCORED_METHODS = ("fuzzy", "sound_alike", "shape_alike")
TokenKind = Literal["han", "cyr", "lat", "num"]
MatchMethod = Literal[
    "exact",
    "lemma",
    "fuzzy",
    "abbreviation",
    "sound_alike",
    "shape_alike",
    "pinyin",
    "palladius",
    "cas",
    "hs_code",
    "standard",
]


class Severity(IntEnum):
    """Risk levels, ordered so that max() gives the most severe."""

    none = 0
    low = 1
    medium = 2
    high = 3

    @classmethod
    def parse(cls, word: str) -> "Severity":
        return cls[word]


@dataclass(frozen=True, slots=True)
class Normalised:
    """Normalised text plus, for each of its characters, the span of the original text it came from."""

    original: str
    text: str
    starts: Sequence[int]  # a range where nothing moved
    ends: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` to the span of `original` that produced it."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as in the normalised text
    start: int  # span in the normalised text
    end: int
    kind: TokenKind
    lemma: str  # dictionary form for Cyrillic words, the text itself otherwise


@dataclass(frozen=True, slots=True)
class Match:
    """A controlled substance found in an item."""

    substance_id: str
    method: MatchMethod
    matched: str  # the lexicon name, code or number that was found
    start: int  # span in the ORIGINAL description (or field) it was found in
    end: int
    score: float = 100.0  # similarity for fuzzy matches, 100 otherwise
    source: Literal["description", "hs_code"] = "description"
    reading: str | None = None  # a Chinese name found by sound, shape or pinyin: its reading ("yǐ suān gān")


@dataclass(frozen=True, slots=True)
class Item:
    """One declared item, as the pipeline sees it (already validated by the shell)."""

    description: str
    hs_code: str | None = None
    quantity: float | None = None
    unit: str | None = None
    gross_weight_kg: float | None = None
    net_weight_kg: float | None = None
    packaging: str | None = None
    package_count: int | None = None


@dataclass(frozen=True, slots=True)
class Declaration:
    items: tuple[Item, ...]
    language: Language | None = None
    direction: str | None = None
    crossing: str | None = None
    origin_country: str | None = None
    destination_country: str | None = None
    transit_countries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    severity: Severity
    item_index: int | None
    messages: dict[str, str]  # language -> sentence
    substance_id: str | None = None
    evidence: Evidence | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GoodsLine:
    """One goods line of a description that holds several (span in the original description)."""

    start: int
    end: int
    facts: Any  # app.screening.facts.ItemFacts of the line alone


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    language: Language
    normalised: Normalised
    tokens: tuple[Token, ...]
    matches: tuple[Match, ...]
    facts: Any = None  # app.screening.facts.ItemFacts (typed loosely: types.py is imported by every stage)
    lines: tuple[GoodsLine, ...] = ()  # several goods lines: each with its own facts (facts: the fields')


@dataclass(frozen=True, slots=True)
class ScreeningResult:
    risk_level: Severity
    reasons: tuple[Reason, ...]  # most severe first
    items: tuple[ItemAnalysis, ...]
    lexicon_version: str
    rules_version: str
