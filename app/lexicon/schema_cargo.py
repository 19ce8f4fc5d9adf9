"""The schema of the goods' data files: the goods categories of cover_goods.yaml (paint, vegetable oil, vague
chemical wording…) and the cargo words of cargo_terms.yaml (packaging, units, the words around amounts)."""

from typing import Literal

from pydantic import ConfigDict, Field, field_validator

from app.lexicon.schema import _ID, HsHeading, Names, _Strict


class Category(_Strict):
    """A goods category (cover_goods.yaml): paint, vegetable oil, vague chemical wording, textiles..."""

    id: str = Field(pattern=_ID)
    kind: Literal["cover", "vague", "ordinary"]
    liquid: bool | None
    density_kg_l: tuple[float, float] | None = None
    hs_headings: list[HsHeading] = Field(default_factory=list)
    names: Names
    sources: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("density_kg_l")
    @classmethod
    def _range(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not 0.3 < value[0] <= value[1] < 3.0:
            raise ValueError(f"density range {value} is not a plausible [min, max] in kg/L")
        return value


class CoverGoodsFile(_Strict):
    categories: list[Category]


class Term(_Strict):
    id: str = Field(pattern=_ID)
    names: Names
    ru: str
    en: str
    zh: str
    sources: list[str] = Field(default_factory=list)
    note: str = ""


class PackagingTerm(Term):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    packing_class: Literal["liquid_bulk", "liquid_small", "dry", "other"] = Field(alias="class")


class UnitTerm(Term):
    dimension: Literal["volume", "mass", "count"]
    factor: float = Field(gt=0)  # to litres, to kilograms, or 1 for counts


class QuantityWords(_Strict):
    """The words around numbers that say what an amount is (cargo_terms.yaml `quantity_words`)."""

    net: list[str] = Field(min_length=1)
    gross: list[str] = Field(min_length=1)
    per_package_before: list[str] = Field(min_length=1)
    per_package_after: list[str] = Field(min_length=1)
    package_of: list[str] = Field(min_length=1)
    times: list[str] = Field(min_length=1)
    pack_in: list[str] = Field(min_length=1)
    rate_units: list[str] = Field(min_length=1)
    liquid_density_kg_l: tuple[float, float]
    multipliers: dict[str, float] = Field(default_factory=dict)

    @field_validator("liquid_density_kg_l")
    @classmethod
    def _ordered(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not 0 < value[0] < value[1]:
            raise ValueError("liquid_density_kg_l must be [low, high] with 0 < low < high")
        return value


class CargoTermsFile(_Strict):
    @field_validator("goods_line_markers")
    @classmethod
    def _one_number(cls, value: list[str]) -> list[str]:
        for template in value:
            if template.count("N") != 1 or not template.replace("N", "").strip():
                raise ValueError(f"goods line marker {template!r} must hold one N (the number) and a word")
        return value

    packaging: list[PackagingTerm]
    units: list[UnitTerm]
    quantity_words: QuantityWords
    purpose_words: list[str] = Field(default_factory=list)
    hs_code_cues: list[str] = Field(min_length=1)
    goods_line_markers: list[str] = Field(default_factory=list)
    field_label_words: list[str] = Field(default_factory=list)
    declaration_words: list[Term] = Field(default_factory=list)
