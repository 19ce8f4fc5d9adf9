"""Schema of the rule data: rules.yaml, routes.yaml, thresholds.yaml."""

from typing import Literal, get_args

import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.core.types import MatchMethod
from app.lexicon.schema import Names, Texts

SeverityWord = Literal["none", "low", "medium", "high"]
RuleKind = Literal[
    "substance_match",  # 1. a controlled substance named in the description
    "listed_match",  # 1. a chemical of a further precursor list (national, seizures) named
    "hs_code_field",  # 2. the declared hs_code is a controlled substance's
    "hs_description_mismatch",  # 2. ... and the description names other goods
    "bad_cas",  # a CAS number with a wrong check digit
    "cover_in_bulk",  # 3. cover goods or vague wording in liquid bulk packaging
    "density",  # 4. density outside the declared category's range
    "figures",  # net weight and volume read from the text that no liquid could have: check the figures
    "drug_named",  # a narcotic drug or psychotropic substance named outright
    "hs_category",  # 5. HS heading inconsistent with the description
    "route",  # 6. route risk (declaration level)
    "commercial_quantity",  # 7. a Table I substance in commercial quantity
    "hs_unknown",  # the declared code's heading does not exist
    "dry_in_liquid",  # goods that are not liquids declared by volume or in liquid bulk packaging
    "hs_reads_as",  # the description reads as goods of another chapter than the declared code's
]
MethodWord = MatchMethod  # one list of methods: the pipeline's


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Strict):
    code: str = Field(pattern=r"^[a-z_]+$")
    kind: RuleKind
    title: Texts
    messages: Texts
    severity: SeverityWord | None = None
    severity_by_table: dict[Literal["I", "II"], SeverityWord] | None = None
    # the severity of the chemical's precursor lists in force (app/lexicon/lists/*.yaml, or as a deployment
    # sets them): for chemicals beyond the 1988 Tables
    severity_by_list: bool = False
    category_kinds: list[Literal["cover", "vague", "ordinary"]] = []
    categories: list[str] = []  # category ids (cover_goods.yaml) the rule is limited to, if any
    tolerance_kg_l: float = 0.0  # density: how far outside a category's range still passes
    same_density_kg_l: float = 0.03  # density: how close a controlled liquid must be to be named
    # hs_reads_as: how close (cosine, 0..1) the nomenclature's closest line must be, and how many of the
    # likeliest subheadings are looked at for the declared chapter
    min_score: float = Field(default=0.5, ge=0.0, le=1.0)
    candidates: int = Field(default=3, ge=1, le=10)

    @model_validator(mode="after")
    def _one_severity(self) -> "Rule":
        given = (self.severity is not None) + (self.severity_by_table is not None) + self.severity_by_list
        if given != 1:
            raise ValueError(
                f"rule {self.code!r}: give exactly one of severity, severity_by_table and severity_by_list"
            )
        return self


class Policy(_Strict):
    combine: Literal["max"]
    # Two medium indicators of different codes on one item make it high.
    independent_mediums_make_high: bool
    # Reasons of these codes raise every other reason of the declaration by one step.
    raising_codes: list[str]
    # Groups of codes that describe one indicator: two mediums from one group are not independent.
    same_indicator: list[list[str]] = []
    # The reason that says two independent indicators made an item high.
    combined_code: str = Field(pattern=r"^[a-z_]+$")
    combined_messages: Texts


class RulesFile(_Strict):
    rules: list[Rule]
    methods: dict[MethodWord, Texts]
    # Words the messages use: packaging classes, "none known", etc.
    words: dict[str, Texts] = {}
    policy: Policy


def _country(code: str) -> str:
    if pycountry.countries.get(alpha_2=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 code")
    return code


class Crossing(_Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    names: Names
    country: str
    rating: Literal["high", "unclear", "low", "closed", "not_assessed"]

    _country = field_validator("country")(_country)


class TransitWatch(_Strict):
    origins: list[str]
    crossing_ratings: list[Literal["high", "unclear", "low", "closed", "not_assessed"]]
    countries: list[str]

    @field_validator("origins", "countries")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        return [_country(v) for v in values]


class RoutesFile(_Strict):
    crossings: list[Crossing]
    high_risk_destinations: list[str]
    transit_watch: TransitWatch

    @field_validator("high_risk_destinations")
    @classmethod
    def _codes(cls, values: list[str]) -> list[str]:
        return [_country(v) for v in values]


class GoodsAidShown(_Strict):
    """Which of the goods reading aid's subheadings the result page shows beside the word-by-word reading."""

    min_score: float = Field(default=0.3, ge=0.0, le=1.0)  # the closest line's cosine, at least
    within: float = Field(default=0.9, gt=0.0, le=1.0)  # a further one as close as this share of the first
    shown: int = Field(default=2, ge=1, le=5)


class ThresholdsFile(_Strict):
    default_kg: float = Field(gt=0)
    per_substance_kg: dict[str, float]
    goods_aid: GoodsAidShown = GoodsAidShown()


RegisterCode = Literal[
    "authorisation_matched",
    "authorisation_missing",
    "authorisation_exceeded",
    "authorisation_expired",
    "authorisation_not_at_crossing",
    "notification_missing",
]


class RegisterReason(_Strict):
    """A reason the register of authorisations and notifications gives (register.yaml)."""

    code: RegisterCode
    title: Texts
    messages: Texts
    severity: SeverityWord | None = None
    severity_by_table: dict[Literal["I", "II"], SeverityWord] | None = None
    tables: list[Literal["I", "II"]] = ["I", "II"]  # the 1988 Tables whose substances it concerns

    @model_validator(mode="after")
    def _one_severity(self) -> "RegisterReason":
        if (self.severity is None) == (self.severity_by_table is None):
            raise ValueError(f"reason {self.code!r}: give exactly one of severity and severity_by_table")
        return self


class RegisterFile(_Strict):
    reasons: list[RegisterReason]

    @model_validator(mode="after")
    def _every_code_once(self) -> "RegisterFile":
        codes = [r.code for r in self.reasons]
        missing = sorted(set(get_args(RegisterCode)) - set(codes))
        if missing or len(codes) != len(set(codes)):
            raise ValueError(f"register.yaml: each reason exactly once (missing {missing})")
        return self

    def reason(self, code: str) -> RegisterReason:
        return next(r for r in self.reasons if r.code == code)


IntelligenceCode = Literal["watched_party", "targeting_profile", "split_shipment"]
CriterionWord = Literal["party", "crossing", "origin", "destination", "transit", "hs_prefix", "category"]


class IntelligenceReason(_Strict):
    """A reason a watched party or a targeting profile gives (intelligence.yaml); its severity is the
    entry's."""

    code: IntelligenceCode
    title: Texts
    messages: Texts
    severity: SeverityWord | None = None  # split_shipment's; the others take their entry's


class IntelligenceFile(_Strict):
    reasons: list[IntelligenceReason]
    criteria: dict[CriterionWord, Texts]  # the words naming what a profile matched

    @model_validator(mode="after")
    def _complete(self) -> "IntelligenceFile":
        codes = [r.code for r in self.reasons]
        if sorted(codes) != sorted(get_args(IntelligenceCode)):
            raise ValueError("intelligence.yaml: each reason exactly once")
        if self.reason("split_shipment").severity is None:
            raise ValueError("intelligence.yaml: split_shipment needs a severity")
        missing = sorted(set(get_args(CriterionWord)) - set(self.criteria))
        if missing:
            raise ValueError(f"intelligence.yaml: no words for criteria {missing}")
        return self

    def reason(self, code: str) -> IntelligenceReason:
        return next(r for r in self.reasons if r.code == code)
