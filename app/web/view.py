"""What the result page shows, computed from a stored screening: highlighted descriptions, the reading aid,
reasons as sentences, substance cards and the inspection history. Plain functions over plain data."""

from dataclasses import dataclass
from typing import Any

from app.db.models import Screening, ScreeningItem
from app.screening.cards import Card, card
from app.screening.gloss import Segment, gloss
from app.screening.pipeline import Resources


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    kind: str | None  # "substance" (a controlled name), "indicator" (another reason's evidence) or None
    ref: str | None  # the substance id, for a link to its card


def highlight(text: str, spans: list[tuple[int, int, str, str | None]]) -> list[Piece]:
    """`text` cut into plain and highlighted pieces. Spans are (start, end, kind, ref); where spans overlap,
    the earlier (and, at one start, the longer) wins."""
    pieces: list[Piece] = []
    pos = 0
    for start, end, kind, ref in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start < pos or not 0 <= start < end <= len(text):
            continue
        if start > pos:
            pieces.append(Piece(text[pos:start], None, None))
        pieces.append(Piece(text[start:end], kind, ref))
        pos = end
    if pos < len(text):
        pieces.append(Piece(text[pos:], None, None))
    return pieces


@dataclass(frozen=True)
class LineView:
    """One goods line of a description that holds several: its text and the figures read from it."""

    number: int
    text: str
    facts: dict[str, Any]


@dataclass(frozen=True)
class ItemView:
    index: int
    row: ScreeningItem
    pieces: list[Piece]
    reading: list[Segment]
    lines: list[LineView]
    goods: list["GoodsGuess"]


@dataclass(frozen=True)
class GoodsGuess:
    """What the goods most likely are: a subheading of the nomenclatures, in the officer's language."""

    subheading: str  # "6205 20"
    text: str
    share: int  # the closest line's cosine, in per cent


@dataclass(frozen=True)
class ReasonView:
    code: str
    severity: str
    item_index: int | None
    message: str
    substance: str | None
    line: int | None  # the goods line of its item, when the description holds several


@dataclass(frozen=True)
class ResultView:
    screening: Screening
    items: list[ItemView]
    reasons: list[ReasonView]
    cards: list[Card]
    facts: list[dict[str, Any] | None]


def result_view(row: Screening, res: Resources, lang: str) -> ResultView:
    spans: dict[int, list[tuple[int, int, str, str | None]]] = {}
    for r in row.reasons:
        if r.item_index is None or r.evidence_start is None or r.evidence_end is None:
            continue
        description = row.items[r.item_index].description if r.item_index < len(row.items) else ""
        # Only evidence found in the description itself (a code found in the HS field is not highlighted).
        if description[r.evidence_start : r.evidence_end] != r.evidence_text:
            continue
        kind = "substance" if r.substance_id else "indicator"
        spans.setdefault(r.item_index, []).append((r.evidence_start, r.evidence_end, kind, r.substance_id))
    items = [
        ItemView(
            i.item_index,
            i,
            highlight(i.description, spans.get(i.item_index, [])),
            gloss(i.description, res.glossary, res.index, lang),
            _lines(i),
            goods_guesses(res, i.description, lang),
        )
        for i in row.items
    ]
    cards: list[Card] = []
    for r in row.reasons:
        if r.substance_id and all(c.id != r.substance_id for c in cards):
            found = card(res.lexicon, r.substance_id, lang)
            if found is not None:
                cards.append(found)
    names = {c.id: c.name(lang) for c in cards}
    reasons = [
        ReasonView(
            r.code,
            r.severity,
            r.item_index,
            r.messages.get(lang) or r.messages.get("en", r.code),
            names.get(r.substance_id or ""),
            (r.details or {}).get("line"),
        )
        for r in row.reasons
    ]
    return ResultView(row, items, reasons, cards, [i.facts for i in row.items])


def goods_guesses(res: Resources, description: str, lang: str) -> list[GoodsGuess]:
    """The nomenclature subheadings closest to a description, as the thresholds file says to show them."""
    aid = res.goods_aid
    if aid is None:
        return []
    shown = res.rules.thresholds.goods_aid
    found = aid.suggest(res.lexicon.normalise(description).text, limit=shown.shown)
    if not found or found[0].score < shown.min_score:
        return []
    kept = [s for s in found if s.score >= found[0].score * shown.within]
    return [
        GoodsGuess(f"{s.subheading[:4]} {s.subheading[4:]}", aid.describe(s, lang), round(s.score * 100))
        for s in kept
    ]


def _lines(item: ScreeningItem) -> list[LineView]:
    found = (item.facts or {}).get("lines") or []
    return [LineView(n, item.description[f["start"] : f["end"]], f) for n, f in enumerate(found, 1)]


def substance_choices(res: Resources, lang: str) -> list[tuple[str, str]]:
    """(id, name in `lang`) of every substance, by name: a form's choice of substance."""
    named = ((s.id, (getattr(s.names, lang) or s.names.en)[0]) for s in res.lexicon.substances.values())
    return sorted(named, key=lambda pair: pair[1].lower())


def crossing_names(res: Resources, lang: str) -> dict[str, str]:
    """A crossing's English name (as screenings store the one sent) -> its name in `lang`."""
    return {c.names.en[0]: (getattr(c.names, lang) or c.names.en)[0] for c in res.rules.routes.crossings}
