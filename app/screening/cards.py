"""Substance cards: what an officer or a clearance system reads about a lexicon entry, in one language.

Shared by GET /v1/lexicon/search and the officer pages, so both say the same thing."""

from dataclasses import dataclass
from typing import Literal

from app.lexicon.loader import LexiconData

_LANGS = ("ru", "en", "zh")


@dataclass(frozen=True, slots=True)
class CardList:
    """A precursor list in force that controls the substance, in the card's language."""

    id: str
    title: str
    category: str | None  # the list's own section ("Category 2"), if it has sections
    where: str  # where in the list it stands (as the list file says)


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    controlled: bool
    table: Literal["I", "II"] | None
    names: dict[str, list[str]]  # en/ru/zh -> names, display name first
    cas: list[str]
    hs: list[str]
    form: str | None
    density_kg_l: float | None
    appearance: str | None  # what it looks and smells like
    illicit_use: str | None
    licit_uses: str | None
    checks: str | None  # what an officer can check
    note: str | None  # for an uncontrolled chemical: what it is confused with
    lists: list[CardList]  # further precursor lists in force that name it (national lists, seizures)

    def name(self, lang: str) -> str:
        return (self.names.get(lang) or self.names["en"] or [self.id])[0]


def card(lexicon: LexiconData, entry_id: str, lang: str) -> Card | None:
    """The card of a controlled substance or an uncontrolled chemical; None for an unknown id."""
    s = lexicon.substances.get(entry_id)
    if s is not None:
        return Card(
            id=s.id,
            controlled=True,
            table=s.table,
            names={
                lang_: getattr(s.names, lang_) + getattr(s.trade_names, lang_) for lang_ in ("en", "ru", "zh")
            },
            cas=s.cas,
            hs=s.hs,
            form=s.form,
            density_kg_l=s.density_kg_l,
            appearance=getattr(s.appearance, lang),
            illicit_use=getattr(s.illicit_use, lang),
            licit_uses=getattr(s.licit_uses, lang),
            checks=getattr(s.checks, lang),
            note=None,
            lists=_lists(lexicon, s.id, lang),
        )
    c = lexicon.overlaps.get(entry_id)
    if c is None:
        return None
    return Card(
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
        lists=[],
    )


def _lists(lexicon: LexiconData, substance_id: str, lang: str) -> list[CardList]:
    out = []
    for m in lexicon.memberships.get(substance_id, ()):
        info = lexicon.lists[m.list_id].info
        category = info.categories.get(m.category) if m.category is not None else None
        out.append(
            CardList(
                m.list_id,
                str(getattr(info.title, lang)),
                str(getattr(category, lang)) if category is not None else None,
                m.where,
            )
        )
    return out
