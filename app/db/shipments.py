"""Queries of the quantities kept for split shipments (model ShipmentQuantity). Functions take the caller's
session and never commit."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db.models import ShipmentQuantity
from app.shipments import Shipment


def lock(session: Session, substance_ids: Iterable[str]) -> None:
    """On PostgreSQL, hold these substances' quantities until the transaction ends (an advisory lock per
    substance, in a fixed order), so that two declarations stored at once each see the other; SQLite has
    one writer at a time already."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for sid in sorted(set(substance_ids)):
        session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(f"split:{sid}", 0))))


def earlier(session: Session, substance_ids: Iterable[str], since: datetime) -> list[Shipment]:
    """The quantities of these substances declared since `since`, oldest first."""
    q = ShipmentQuantity
    ids = sorted(set(substance_ids))
    if not ids:
        return []
    rows = session.execute(
        select(q.reference, q.party, q.substance_id, q.kg, q.declared_at)
        .where(q.substance_id.in_(ids), q.declared_at >= since)
        .order_by(q.declared_at, q.id)
    ).all()
    return [Shipment(r.reference, r.party, r.substance_id, r.kg, r.declared_at) for r in rows]


def record(
    session: Session, reference: str, screening_id: str, shipments: Sequence[Shipment], amends: bool
) -> None:
    """This declaration's quantities, replacing what an earlier version of it (same reference) declared."""
    if amends:
        session.execute(delete(ShipmentQuantity).where(ShipmentQuantity.reference == reference))
    for s in shipments:
        session.add(
            ShipmentQuantity(
                screening_id=screening_id,
                reference=s.reference,
                party=s.party[:200],
                substance_id=s.substance_id,
                kg=s.kg,
                declared_at=s.at,
            )
        )
    session.flush()
