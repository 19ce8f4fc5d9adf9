"""The declaration as it is submitted — by the API, the officers' form, the bulk CLI and the seeder: one
validated model for all of them (unknown fields rejected, text made storable, countries checked). The
shells turn it into the pipeline's `Declaration`; the API documents it as its request body."""

import re
from typing import Annotated, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)

from app.core.vehicles import container_key, container_mistyped

RiskLevel = Literal["none", "low", "medium", "high"]
MAX_ITEMS = 500


COUNTRY_CODES = sorted(c.alpha_2 for c in pycountry.countries)
# No real declaration comes near this; it keeps every product of quantities finite.
MAX_AMOUNT = 1e12
_UNSTORABLE = re.compile("[\ud800-\udfff]")  # lone surrogates


def _storable(value: object) -> object:
    """Text a database can store: NUL characters dropped, lone UTF-16 surrogates (legal in JSON escapes)
    replaced by U+FFFD. Neither means anything in a declaration."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value.replace("\x00", ""))
    return value


Storable = BeforeValidator(_storable)
# Not blank: some character that is neither white space nor NUL. White space is spelled out as Python's
# str.isspace() has it, because the schema's regex dialect (ECMA) and Python's disagree on what \s is.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = rf"^[{_SPACE}\x00]*[^{_SPACE}\x00]"


def _country(code: str) -> str:
    upper = code.strip().upper()
    if len(upper) != 2 or pycountry.countries.get(alpha_2=upper) is None:
        raise ValueError(f"{code!r} is not an ISO 3166 alpha-2 country code")
    return upper


# The schema lists the codes, so clients (and schema-driven tests) know them; lower case is accepted too.
CountryCode = Annotated[
    str, AfterValidator(_country), WithJsonSchema({"type": "string", "enum": COUNTRY_CODES})
]
# Query filters compared in the database: PostgreSQL text cannot hold NUL, so such a value is refused (422).
NO_NUL = r"^[^\x00]*$"
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), Storable]
# a plate or a container number: letters (Latin or Cyrillic) and digits, with spaces, dashes or dots between
# (spaces around it allowed: they are stripped, and the schema's pattern must hold before and after that)
PLATE = r"^\s*[0-9A-Za-z\u0400-\u04ff][0-9A-Za-z\u0400-\u04ff .\-]{0,29}\s*$"


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Party(_Request):
    name: ShortText | None = None
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), Storable] | None = None
    country: CountryCode | None = None


class ItemIn(_Request):
    description: Annotated[str, StringConstraints(min_length=1, max_length=4000, pattern=NOT_BLANK), Storable]
    hs_code: str | None = Field(
        default=None,
        description="4 to 10 digits; dots and spaces allowed between them; stored as digits.",
        pattern=r"^[ .]*(?:\d[ .]*){4,10}$",
    )
    quantity: float | None = Field(default=None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=50), Storable] | None = None
    gross_weight_kg: float | None = Field(default=None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    net_weight_kg: float | None = Field(default=None, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    packaging: ShortText | None = None
    package_count: int | None = Field(default=None, ge=0, le=10_000_000)

    @field_validator("hs_code")
    @classmethod
    def _hs_digits(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(r"[\d .]+", value):
            raise ValueError("hs_code may contain only digits, dots and spaces")
        digits = re.sub(r"[ .]", "", value)
        if not 4 <= len(digits) <= 10:
            raise ValueError("hs_code must have 4 to 10 digits")
        return digits


class DocumentRef(_Request):
    """A document the declaration cites: an import/export authorisation or a pre-export notification."""

    type: Literal["authorisation", "notification"]
    number: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=NOT_BLANK),
        Storable,
    ]


class ScreeningRequest(_Request):
    reference: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=100, pattern=NOT_BLANK),
        Storable,
    ]
    language: Literal["zh", "ru", "en"] | None = None
    description_source: Literal["photo"] | None = Field(
        default=None,
        description='"photo": the descriptions were read from a photo (POST /v1/ocr) and checked by a person',
    )
    photo_id: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{64}$",
        description="SHA-256 of the photo the descriptions were read from, where photos are kept (PHOTO_DIR)",
    )
    direction: Literal["import", "export", "transit"] | None = None
    crossing: ShortText | None = None
    vehicle_plate: Annotated[
        str | None,
        StringConstraints(strip_whitespace=True, max_length=30, pattern=PLATE),
        Field(description='The truck\'s plate as written, e.g. "01 KZ 123 ABC" (kept as a search key).'),
    ] = None
    container_number: Annotated[
        str | None,
        StringConstraints(strip_whitespace=True, max_length=30, pattern=PLATE),
        Field(description='The freight container\'s number, e.g. "MSKU 123456-5" (kept as a search key).'),
    ] = None
    origin_country: CountryCode | None = None
    destination_country: CountryCode | None = None
    transit_countries: list[CountryCode] = Field(default_factory=list, max_length=20)
    consignor: Party | None = None
    consignee: Party | None = None
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_ITEMS)
    documents: list[DocumentRef] = Field(
        default_factory=list,
        max_length=20,
        description="Authorisations and pre-export notifications the declaration cites, by number; without "
        "them the register is searched by the consignee (imports) or consignor (exports) and the substance.",
    )

    @field_validator("container_number")
    @classmethod
    def _container_check_digit(cls, value: str | None) -> str | None:
        if value and container_mistyped(container_key(value)):
            raise ValueError("container_number: its check digit does not hold (ISO 6346); check the number")
        return value
