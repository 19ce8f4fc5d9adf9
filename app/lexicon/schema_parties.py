"""The schema of parties.yaml: the words of company names that say nothing of which company it is (legal
forms), those written differently in each script (Chinese places, industries), and the Palladius system."""

from pydantic import Field

from app.lexicon.schema import _Strict


class IndustryWords(_Strict):
    zh: list[str] = Field(default_factory=list)
    latin: list[str] = Field(default_factory=list)
    cyrillic: list[str] = Field(default_factory=list)


class Palladius(_Strict):
    """The Palladius system: pinyin initials and finals in Cyrillic."""

    initials: dict[str, str]
    finals: dict[str, str]
    after_retroflex_i: str
    whole: dict[str, str]  # y- and w- syllables and those without an initial


class PartiesFile(_Strict):
    """parties.yaml: the words of company names that say nothing of which company it is (legal forms), and
    those written differently in each script (Chinese places, industries)."""

    # form -> countries whose registries use it ("*": any)
    legal_forms: dict[str, list[str]] = Field(default_factory=dict)
    # words that join two parts of a name ("и", "and"; "&" is punctuation): never what tells companies apart
    joining_words: list[str] = Field(default_factory=list)
    zh_legal_forms: list[str] = Field(default_factory=list)
    zh_place_suffixes: list[str] = Field(default_factory=list)
    zh_places: dict[str, list[str]] = Field(default_factory=dict)
    industries: dict[str, IndustryWords] = Field(default_factory=dict)
    palladius: Palladius | None = None
