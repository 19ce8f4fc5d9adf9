"""Schema of the lexicon data files (see README.md beside this file)."""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from app.core.codes import cas_is_valid, standard_number

_ID = r"^[a-z0-9_]+$"
HsSubheading = Annotated[str, StringConstraints(pattern=r"^\d{4}\.\d{2}$")]  # "2915.24"
HsHeading = Annotated[str, StringConstraints(pattern=r"^\d{4}$")]  # "2915"
NationalCode = Annotated[str, StringConstraints(pattern=r"^\d{10}$")]  # China's tariff, TN VED EAEU


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(_Strict):
    en: list[str] = []
    zh: list[str] = []
    ru: list[str] = []

    def all(self) -> list[tuple[str, str]]:
        return [(lang, name) for lang in ("en", "zh", "ru") for name in getattr(self, lang)]


class Texts(_Strict):
    en: str
    ru: str
    zh: str


def _check_cas(values: list[str]) -> list[str]:
    for cas in values:
        if not cas_is_valid(cas):
            raise ValueError(f"CAS number {cas!r} is malformed or has a wrong check digit")
    return values


class SubstanceBody(_Strict):
    """What is known of a controlled chemical: everything but its id and where it is controlled."""

    cas: list[str]
    hs: list[HsSubheading]
    hs_national: dict[Literal["cn", "ru"], list[NationalCode]] = {}
    names: Names
    trade_names: Names = Names()
    abbreviations: list[str] = []
    # Abbreviations that are also everyday terms elsewhere: a match only in a chemical context.
    context_abbreviations: list[str] = []
    # Names that are also the first part of many other names (the elements 溴, 碘, бром, йод): a match only
    # where the name heads its goods line (after numbering or a field label) and, written in Chinese
    # characters, stands alone (no character joined after it: 碘 but not 碘化钾, 碘伏).
    head_names: Names = Names()
    salts: Names = Names()
    # Latin titles of the pharmacopoeias ("Kalii permanganas", "Acidum hydrochloricum") and their genitive,
    # as a prescription or a pharmacy invoice writes them ("Sol. Acidi hydrochlorici"): Latin-script names.
    latin_names: list[str] = []
    # product standards whose title names the substance ("ГОСТ 2768-84" Ацетон технический): a description
    # that cites one declares it
    standards: list[str] = []
    rejected_names: list[str] = []
    form: Literal["liquid", "solid", "gas", "solution"]
    density_kg_l: float | None = None
    appearance: Texts
    licit_uses: Texts
    illicit_use: Texts
    checks: Texts
    sources: list[str] = Field(min_length=1)
    notes: str = ""

    _cas = field_validator("cas")(_check_cas)

    @field_validator("standards")
    @classmethod
    def _standards_read(cls, values: list[str]) -> list[str]:
        for value in values:
            standard_number(value)  # raises on what no citation reads as
        return values

    @field_validator("names")
    @classmethod
    def _has_display_names(cls, names: Names) -> Names:
        if not names.en:
            raise ValueError("names.en needs at least one name (the display name)")
        return names

    def all_names(self) -> list[tuple[str, str, str]]:
        """(kind, language, name) for every name the matcher should know."""
        out = [("name", lang, n) for lang, n in self.names.all()]
        out += [("trade_name", lang, n) for lang, n in self.trade_names.all()]
        out += [("salt", lang, n) for lang, n in self.salts.all()]
        out += [("latin_name", "en", n) for n in self.latin_names]
        out += [("abbreviation", "en", n) for n in self.abbreviations]
        out += [("context_abbreviation", "en", n) for n in self.context_abbreviations]
        out += [("head_name", lang, n) for lang, n in self.head_names.all()]
        return out


class Substance(SubstanceBody):
    """A controlled chemical: of Table I or II of the 1988 Convention (`table`), or of a further precursor
    list only (`table` None, lists/*.yaml)."""

    id: str = Field(pattern=_ID)
    table: Literal["I", "II"] | None = None


class OverlapChemical(_Strict):
    id: str = Field(pattern=_ID)
    names: Names
    cas: list[str] = []
    confused_with: list[str] = []
    # Goods that hold these chemicals (a lithium thionyl chloride battery holds thionyl chloride): where the
    # goods are named, the chemical's own name elsewhere in the same goods line describes them.
    holds: list[str] = []
    note: str = ""

    _cas = field_validator("cas")(_check_cas)


class SubstanceFile(_Strict):
    substances: list[Substance]

    @field_validator("substances")
    @classmethod
    def _tabled(cls, substances: list[Substance]) -> list[Substance]:
        for s in substances:
            if s.table is None:
                raise ValueError(f"entry {s.id!r}: a substances_*.yaml entry needs its table (I or II)")
        return substances


SeverityWord = Literal["high", "medium", "low"]


class ListInfo(_Strict):
    """A further precursor list (lists/*.yaml): a national list, or chemicals the region's seizures name."""

    id: str = Field(pattern=_ID)
    version: str = Field(min_length=1)  # the date of the latest amendment the file covers
    title: Texts
    default_severity: SeverityWord
    categories: dict[str, Texts] = {}  # the list's own sections ("1", "I"), titled in three languages
    # sections whose chemicals are held less (or more) strictly than the list's default: {"III": medium}
    category_severity: dict[str, SeverityWord] = {}
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_categories(self) -> "ListInfo":
        unknown = sorted(set(self.category_severity) - set(self.categories))
        if unknown:
            raise ValueError(f"category_severity names categories the list does not have: {unknown}")
        return self


class ListEntry(_Strict):
    """A chemical on a list: a 1988 Table substance or another list's entry by id, or defined here."""

    id: str = Field(pattern=_ID)
    category: str | None = None
    where: str = Field(min_length=1)  # where in the list it stands ("catalogue seq 28")
    define: SubstanceBody | None = None


class ListFile(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    info: ListInfo = Field(alias="list")
    entries: list[ListEntry] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "ListFile":
        seen: set[str] = set()
        for e in self.entries:
            if e.id in seen:
                raise ValueError(f"entry {e.id!r} is listed twice")
            seen.add(e.id)
            if self.info.categories and e.category not in self.info.categories:
                raise ValueError(
                    f"entry {e.id!r}: category {e.category!r} is not one of the list's categories"
                )
        return self


class OverlapFile(_Strict):
    chemicals: list[OverlapChemical]


class ChemicalContextFile(_Strict):
    purity: str
    latin: list[str]
    cyrillic_stems: list[str]
    chinese: list[str]


class Cues(_Strict):
    latin: list[str]
    cyrillic: list[str]
    chinese: list[str]


class NegationFile(_Strict):
    before: Cues
    after: Cues
    # phrases that begin like an `after` cue and say nothing of absence ("free of charge")
    not_after: Cues = Cues(latin=[], cyrillic=[], chinese=[])


class LimitAfter(_Strict):
    ceilings: list[str]
    units: list[str]
    # a ceiling in per cent below this is an impurity's limit too ("γ-丁内酯≤0.1%"); 0: per cent never is
    percent_below: int = Field(default=0, ge=0, le=10)


class MentionsFile(_Strict):
    """Words that make a named chemical a mention, not the goods (mentions.yaml)."""

    limit_after: LimitAfter = LimitAfter(ceilings=[], units=[], percent_below=0)
    property_after: Cues = Cues(latin=[], cyrillic=[], chinese=[])
    instrument_before: Cues = Cues(latin=[], cyrillic=[], chinese=[])
    services_before: Cues = Cues(latin=[], cyrillic=[], chinese=[])  # a service about the goods, not goods
    # anywhere before the name on its line: a course, a service or printed matter whose subject it is
    topics_before: Cues = Cues(latin=[], cyrillic=[], chinese=[])
    purpose_before: Cues = Cues(latin=[], cyrillic=[], chinese=[])  # right before it: the goods are for it
    # equipment named after it, a few words between: "Ephedrine colorimetric test kit"
    equipment_after: Cues = Cues(latin=[], cyrillic=[], chinese=[])
    equipment_gap: int = Field(default=0, ge=0, le=4)
    # a tank right after a Chinese name (丙酮储罐) is the goods where they are counted as machines (1台)
    tanks_after: list[str] = []
    machine_units: list[str] = []
    equipment_han_gap: int = 0  # Chinese characters between a name and equipment_after.chinese
    tested_list_reach: int = 0  # characters after a slash-joined list of names in which its test may start
    articles_holding: list[str] = []  # articles that hold a chemical named in brackets after them
    article_contents: list[str] = []  # after an article's word: the chemical itself ("battery acid")
    tanks_empty: list[str] = []  # said of a tank named after a chemical: the tank is the goods ("空罐")
    # an empty container named after what it held: an empty word before the name, a container word after it
    empty_before: Cues = Cues(latin=[], cyrillic=[], chinese=[])
    # the head words of a CAS-index inverted name after a comma: "Hydriodic acid, potassium salt" is a salt,
    # "Propanoyl chloride, 2-chloro-" a substituted compound (the locant and the hanging hyphen are the sign)
    inverted_heads: list[str] = []
    # a test's result right before a purpose cue ("positive for"): the name after it was found, not served
    results_before_purpose: Cues = Cues(latin=[], cyrillic=[], chinese=[])
    # Table substances whose salts the Convention leaves out (its salts of the others are the substance:
    # "3,4-MDP-2-P methyl glycidic acid, potassium salt" is declared)
    table_salts_excluded: list[str] = []
    # a test or an instrument whose list in brackets names what it detects ("检测卡（吗啡/…）")
    tests_before_list: Cues = Cues(latin=[], cyrillic=[], chinese=[])
    containers_after: Cues = Cues(latin=[], cyrillic=[], chinese=[])
    party_labels: list[str] = []  # a name in such a field's value is a party's name
    window: int = Field(default=0, ge=0, le=200)
    company_words: int = Field(default=0, ge=0, le=10)
    # words that end a company's name before its legal form ("толуола в адрес ООО «…»": sent to a company)
    company_breaks: list[str] = []


class AlcoholWords(_Strict):
    ru: list[str] = []  # adjective stems before "эфир"
    en: list[str] = []  # words before "ester"
    zh: list[str] = []  # ester words after the acid


class EstersFile(_Strict):
    """Esters of the Tables' acids listed as substances of their own (esters.yaml): acid id -> the id of its
    methyl, ethyl and other esters; the words of each alcohol's part."""

    acids: dict[str, dict[Literal["methyl", "ethyl", "other"], str]] = {}
    alcohols: dict[Literal["methyl", "ethyl", "other"], AlcoholWords] = {}
    window: int = Field(default=0, ge=0, le=200)


class RuNamingFile(_Strict):
    """Russian naming conventions (ru_naming.yaml): an ether's name before "... кислоты" names an ester."""

    ester_heads: list[str] = []
    ester_acid_words: list[str] = []
    ester_window: int = Field(default=0, ge=0, le=200)
    oxidation_states: list[
        str
    ] = []  # "(ii)" between a metal and its anion: skipped in the word-by-word reading


class SpellingFile(_Strict):
    ru_sound_alike_pairs: list[tuple[str, str]]


class SharedHsFile(_Strict):
    """HS subheadings that also hold many uncontrolled goods: a declared code there proves nothing alone."""

    shared_subheadings: list[str]
    note: str = ""


class HsHeadingsFile(_Strict):
    headings: list[HsHeading]


class AbbreviationsFile(_Strict):
    """abbreviations.yaml: Russian short forms as box-31 clerks write them."""

    # "к-та" -> "кислота": a short form, matched as a whole word (case ignored), replaced before lemmatising
    short_forms: dict[str, str]
    # stems cut with a dot, at least this long, are completed from the names' words ("ангидр." -> "ангидрид")
    min_stem_letters: int = Field(ge=2, le=10)
    # marks that end a cut stem
    stem_marks: list[str] = Field(min_length=1)
    # Latin letters and digits spelt out in Cyrillic ("би-эм-кей": BMK, "пи-ту-пи": P2P), read when two or
    # more are hyphened together, or one of `locant_letters` is hyphened to a word ("эн-фенетил": N-фенетил)
    letter_names: dict[str, str] = {}
    locant_letters: list[str] = []
    # a Latin trade code written in Cyrillic capitals ("АНПП", "П-2-П"), read letter by letter
    acronym_letters: dict[str, str] = {}

    @field_validator("letter_names")
    @classmethod
    def _letters(cls, v: dict[str, str]) -> dict[str, str]:
        for name, letter in v.items():
            if not (len(letter) == 1 and letter.isascii() and letter.isalnum()) or not name.isalpha():
                raise ValueError(
                    f"letter_names: {name!r} must spell one Latin letter or digit, not {letter!r}"
                )
        return v
