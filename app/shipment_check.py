"""A declaration being stored, against the same party's earlier declarations of the same Table I substances
(split shipments, app/shipments.py judges): the quantities are locked per substance (PostgreSQL), read for the
window, and those stored earlier in the same write transaction are counted too."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from app.config import get_settings
from app.core.types import Reason, ScreeningResult
from app.db import shipments as store
from app.db.models import utcnow
from app.declarations import ScreeningRequest
from app.screening.pipeline import Resources
from app.shipments import Shipment, below_threshold, split_reasons


@dataclass(frozen=True)
class SplitCheck:
    shipments: list[Shipment]  # this declaration's quantities to record
    reasons: list[Reason]


def against_earlier(
    session: Session,
    body: ScreeningRequest,
    result: ScreeningResult,
    res: Resources,
    at: datetime | None,
    pending: Sequence[Shipment] = (),
) -> SplitCheck:
    party = _party(body)
    if party is None:
        return SplitCheck([], [])
    moment = at or utcnow()
    mine = below_threshold(result, body.reference, party, moment, res.rules, res.lexicon)
    if not mine:
        return SplitCheck([], [])
    sids = [s.substance_id for s in mine]
    store.lock(session, sids)
    days = get_settings().split_window_days
    since = moment - timedelta(days=days)
    earlier = [*store.earlier(session, sids, since), *(p for p in pending if p.at >= since)]
    matcher = res.parties
    reasons = split_reasons(mine, earlier, matcher.same, days, res.rules, res.lexicon)
    return SplitCheck(mine, reasons)


def _party(body: ScreeningRequest) -> str | None:
    """The importer, unless the declaration is an export: then the exporter (the other one when it is
    missing)."""
    first, second = (
        (body.consignor, body.consignee) if body.direction == "export" else (body.consignee, body.consignor)
    )
    for p in (first, second):
        if p is not None and p.name:
            return p.name
    return None
