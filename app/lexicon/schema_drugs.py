"""The schema of drugs.yaml: narcotic drugs and psychotropic substances a declaration may name outright, and
the ordinary goods that guard their names."""

from pydantic import Field, model_validator

from app.lexicon.schema import _ID, Names, _Strict


class Drug(_Strict):
    """A narcotic drug or psychotropic substance a declaration may name outright (drugs.yaml)."""

    id: str = Field(pattern=_ID)
    control: str = Field(min_length=1)  # the schedules and national lists that control it
    names: Names
    # names that are ordinary words too ("ice", "соль"): counted only in a chemical context
    street_names_context_only: Names = Names()
    # words that, anywhere in the same goods line, make the drug's name the ordinary one: a perfume's brand
    # ("Opium" eau de parfum), the plant's botanical name in industrial hemp ("Cannabis sativa L." fibre).
    # Latin and Cyrillic ones are whole words or word starts (case ignored); Chinese ones are substrings.
    licit_context: Names = Names()
    # words that, besides a chemical context, make one for this drug's street names: the dosage forms it is
    # sold in ("Ecstasy tablets"). Latin and Cyrillic ones are word starts (case ignored); Chinese substrings.
    street_name_context: Names = Names()
    sources: list[str] = Field(min_length=1)
    note: str = ""

    @model_validator(mode="after")
    def _three_languages(self) -> "Drug":
        if not (self.names.en and self.names.ru and self.names.zh):
            raise ValueError(f"drug {self.id!r}: names in English, Russian and Chinese are required")
        return self


class DrugFile(_Strict):
    drugs: list[Drug] = Field(min_length=1)
    # ordinary goods whose names contain or look like a drug's ("大麻籽油", "cocoa butter", "маковая начинка")
    # they take part in the longest-name contest and are never reported
    guards: Names
