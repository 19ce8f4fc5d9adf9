"""The schema of the Chinese naming and character tables: zh_naming.yaml (how Chinese names are built and
written), han_variants.yaml, zh_split.yaml and zh_shape_alike.yaml (characters written otherwise)."""

from collections.abc import Callable

from pydantic import Field, field_validator

from app.lexicon.schema import _Strict


def _stand_ins(table: dict[str, str], stands_for: Callable[[str], bool], what: str) -> dict[str, str]:
    """A table of lower-case Latin letters (declarations are case-folded) -> what each is typed for."""
    for letter, value in table.items():
        if len(letter) != 1 or not letter.isascii() or not letter.isalpha() or letter != letter.lower():
            raise ValueError(f"{letter!r}: one lower-case Latin letter (declarations are case-folded)")
        if not stands_for(value):
            raise ValueError(f"{letter!r} -> {value!r}: {what}")
    return table


class ZhNamingFile(_Strict):
    acid_prefixes: list[str]
    acid_followers: list[str]
    derivative_markers: list[str]
    # written straight after a name, it makes the name a group of a larger compound (甲胺基 methylamino)
    substituent_suffixes: list[str] = Field(default_factory=list)
    # a name without one of these is another compound's, not the name with a character left out
    never_left_out: list[str] = Field(default_factory=list)
    # a word ending so after a name is its salt's word (盐酸盐)
    salt_endings: list[str] = Field(default_factory=list)
    # a name inside a company's name (…溴素新材料有限公司): the legal form (parties.yaml) follows within this
    # many characters, with none of `company_breaks` (function words) between
    company_max_gap: int = Field(default=0, ge=0)
    # works that end a name without a legal form (化工厂)
    organisation_endings: list[str] = Field(default_factory=list)
    company_breaks: str = ""
    chemistry_characters: str = ""  # elements and name parts: a word made with one is a name fragment
    # (mainland spelling, regional spelling): a name holding the first is also written with the second
    regional_spellings: list[tuple[str, str]] = Field(default_factory=list)
    # a Latin letter typed for the character it looks like (Z for 乙), beside Chinese characters
    letter_stand_ins: dict[str, str] = Field(default_factory=dict)
    # a letter a scanner reads for a locant's digit, standing alone before a hyphen (l-苯基-Z-丙酮)
    locant_stand_ins: dict[str, str] = Field(default_factory=dict)
    # pinyin initials and finals an input method's fuzzy setting (模糊音) or a regional accent confuses:
    # (spelling, the spelling it is heard as)
    near_sound_initials: list[tuple[str, str]] = Field(default_factory=list)
    near_sound_finals: list[tuple[str, str]] = Field(default_factory=list)

    @field_validator("regional_spellings")
    @classmethod
    def _two_spellings(cls, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for a, b in pairs:
            if not a or not b or a == b:
                raise ValueError(f"{a!r} -> {b!r}: two different spellings")
        return pairs

    @field_validator("letter_stand_ins")
    @classmethod
    def _letter_for_character(cls, table: dict[str, str]) -> dict[str, str]:
        return _stand_ins(table, lambda ch: len(ch) == 1 and not ch.isascii(), "one Chinese character")

    @field_validator("locant_stand_ins")
    @classmethod
    def _letter_for_digit(cls, table: dict[str, str]) -> dict[str, str]:
        return _stand_ins(table, lambda d: len(d) == 1 and d.isdigit(), "one digit")


class HanVariantsFile(_Strict):
    """han_variants.yaml: variant Chinese characters of chemistry OpenCC leaves alone -> the mainland form."""

    variants: dict[str, str]

    @field_validator("variants")
    @classmethod
    def _single_han(cls, table: dict[str, str]) -> dict[str, str]:
        for old, new in table.items():
            if len(old) != 1 or len(new) != 1 or old == new:
                raise ValueError(f"{old!r} -> {new!r}: one character to another")
        return table


class SplitFile(_Strict):
    """zh_split.yaml: characters written as their two halves (酉昔 for 醋), derived from published data."""

    source: dict[str, str] = Field(default_factory=dict)
    split: dict[str, str] = Field(default_factory=dict)

    @field_validator("split")
    @classmethod
    def _halves(cls, table: dict[str, str]) -> dict[str, str]:
        for halves, ch in table.items():
            if len(halves) != 2 or len(ch) != 1 or ch in halves:
                raise ValueError(f"{halves!r} -> {ch!r}: two halves make one other character")
        return table


class ShapeAlikeFile(_Strict):
    """zh_shape_alike.yaml: characters a scanner or an eye confuses by shape, derived from published data."""

    source: dict[str, str] = Field(default_factory=dict)
    shape_alike: dict[str, list[str]]

    @field_validator("shape_alike")
    @classmethod
    def _single_characters(cls, table: dict[str, list[str]]) -> dict[str, list[str]]:
        for ch, alike in table.items():
            if len(ch) != 1 or any(len(a) != 1 for a in alike):
                raise ValueError(f"{ch!r}: keys and values must be single characters")
            if ch in alike:
                raise ValueError(f"{ch!r} is listed as alike to itself")
        return table
