"""Split shipments (issue 16, part 5): one party's declarations of a Table I substance, each below the
commercial quantity, whose total within a window reaches it. Pure: the earlier declarations come in as plain
records (app/db/shipments.py reads them), out come this declaration's quantities to record and its reasons.

A declaration's quantity of a substance is the net kilograms of the items that name it (litres through the
substance's density when only those are known), the same reading as the commercial-quantity rule. Only
quantities below the threshold count: one above it is a commercial quantity on its own and is said so there.
The party is the importer (consignee) unless the declaration is an export; the earlier declarations are the
same company's in any script (app/parties.py). An amendment replaces its reference's earlier quantities.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from app.core.types import Reason, ScreeningResult, Severity
from app.lexicon.loader import LexiconData
from app.licensing import controlled_found, declared_amount
from app.rules.loader import RuleSet

LANGS = ("ru", "en", "zh")
SameParty = Callable[[str, str], bool]


@dataclass(frozen=True)
class Shipment:
    """One declaration's quantity of one substance, below the threshold."""

    reference: str
    party: str
    substance_id: str
    kg: float
    at: datetime


def below_threshold(
    result: ScreeningResult, reference: str, party: str, at: datetime, rules: RuleSet, lexicon: LexiconData
) -> list[Shipment]:
    """This declaration's quantities of Table I substances that stay below the commercial quantity."""
    totals: dict[str, float] = {}
    for item_index, sid in controlled_found(result):
        substance = lexicon.substances[sid]
        if substance.table != "I":
            continue
        kg = declared_amount(result, item_index, "kg", substance.density_kg_l)
        if kg:
            totals[sid] = totals.get(sid, 0.0) + kg
    return [
        Shipment(reference, party, sid, kg, at) for sid, kg in totals.items() if kg < threshold_kg(rules, sid)
    ]


def threshold_kg(rules: RuleSet, sid: str) -> float:
    return rules.thresholds.per_substance_kg.get(sid, rules.thresholds.default_kg)


def split_reasons(
    shipments: Iterable[Shipment],
    earlier: Iterable[Shipment],
    same_party: SameParty,
    days: int,
    rules: RuleSet,
    lexicon: LexiconData,
) -> list[Reason]:
    """A `split_shipment` reason for each substance whose quantity here and the same party's earlier ones
    (other references) reach the threshold together."""
    spec = rules.intelligence
    if spec is None:
        return []
    texts = spec.reason("split_shipment")
    before = list(earlier)
    out: list[Reason] = []
    for s in shipments:
        same = [
            e
            for e in before
            if e.substance_id == s.substance_id
            and e.reference != s.reference
            and same_party(s.party, e.party)
        ]
        earlier_kg = sum(e.kg for e in same)
        threshold = threshold_kg(rules, s.substance_id)
        if not same or s.kg + earlier_kg < threshold:
            continue
        references = sorted({e.reference for e in same})
        substance = lexicon.substances[s.substance_id]
        values = {
            "party": s.party,
            "declared": _kg(s.kg),
            "earlier": _kg(earlier_kg),
            "total": _kg(s.kg + earlier_kg),
            "threshold": _kg(threshold),
            "days": days,
            "references": ", ".join(references),
        }
        messages = {
            lang: getattr(texts.messages, lang).format(
                substance=(getattr(substance.names, lang) or substance.names.en)[0], **values
            )
            for lang in LANGS
        }
        details = {"kg": s.kg, "earlier_kg": earlier_kg, "threshold_kg": threshold, "references": references}
        severity = Severity[texts.severity or "high"]
        out.append(Reason("split_shipment", severity, None, messages, s.substance_id, details=details))
    return out


def _kg(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".").replace(",", " ")
