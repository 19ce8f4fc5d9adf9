"""Queries of the register of authorisations and pre-export notifications (models Authorisation,
Notification, AuthorisationDraw). Functions take the caller's session and never commit."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db.models import Authorisation, AuthorisationDraw, Notification, utcnow
from app.licensing import AuthorisationDoc, Draw, NotificationDoc, PartyRecord


def add(session: Session, row: Authorisation | Notification) -> None:
    session.add(row)
    session.flush()


def find_authorisation(session: Session, number: str) -> Authorisation | None:
    return session.scalars(select(Authorisation).where(Authorisation.number == number)).one_or_none()


def find_notification(session: Session, number: str) -> Notification | None:
    return session.scalars(select(Notification).where(Notification.number == number)).one_or_none()


def list_authorisations(
    session: Session,
    substance_id: str | None = None,
    include_revoked: bool = True,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[Authorisation]:
    q = select(Authorisation).order_by(Authorisation.id.desc()).limit(limit).offset(offset)
    if substance_id:
        q = q.where(Authorisation.substance_id == substance_id)
    if not include_revoked:
        q = q.where(Authorisation.revoked_at.is_(None))
    return session.scalars(q).all()


def list_notifications(session: Session, limit: int = 100, offset: int = 0) -> Sequence[Notification]:
    return session.scalars(
        select(Notification).order_by(Notification.id.desc()).limit(limit).offset(offset)
    ).all()


def revoke(
    session: Session, row: Authorisation | Notification, by: str, reason: str, at: datetime | None = None
) -> None:
    row.revoked_at = at or utcnow()
    row.revoked_by = by
    row.revoke_reason = reason
    session.flush()


def drawn(
    session: Session, authorisation_ids: Iterable[int], reference: str | None = None
) -> dict[int, float]:
    """What declarations drew on each authorisation; `reference`'s own draw left out (it is replaced)."""
    ids = list(authorisation_ids)
    if not ids:
        return {}
    q = (
        select(AuthorisationDraw.authorisation_id, func.coalesce(func.sum(AuthorisationDraw.quantity), 0.0))
        .where(AuthorisationDraw.authorisation_id.in_(ids))
        .group_by(AuthorisationDraw.authorisation_id)
    )
    if reference is not None:
        q = q.where(AuthorisationDraw.reference != reference)
    return {aid: float(total) for aid, total in session.execute(q).all()}


def draws_of(session: Session, authorisation_id: int) -> Sequence[AuthorisationDraw]:
    q = select(AuthorisationDraw).where(AuthorisationDraw.authorisation_id == authorisation_id)
    return session.scalars(q.order_by(AuthorisationDraw.id)).all()


def register_in_use(session: Session) -> bool:
    return session.scalar(select(Authorisation.id).limit(1)) is not None


def documents_for(
    session: Session, substance_ids: Iterable[str], reference: str, notifications: bool = True
) -> tuple[list[AuthorisationDoc], list[NotificationDoc]]:
    """Every authorisation (and, if asked, notification) of these substances, the authorisations locked (FOR
    UPDATE on PostgreSQL; SQLite has one writer) until the transaction ends, each with what other declarations
    drew. Plain rows, not ORM objects: this runs for every declaration that names a controlled substance."""
    ids = sorted(set(substance_ids))
    if not ids:
        return [], []
    a = Authorisation
    columns = [a.id, a.number, a.kind, a.holder, a.substance_id, a.quantity, a.unit]
    columns += [a.valid_from, a.valid_to, a.crossings, a.revoked_at]
    rows = session.execute(
        select(*columns).where(a.substance_id.in_(ids)).order_by(a.id).with_for_update()
    ).all()
    # read after the lock, in a statement of its own: on PostgreSQL a subquery of the locking statement would
    # see the draws as they were before the wait (its snapshot), not what the transaction that held the lock
    # committed
    taken = drawn(session, (r.id for r in rows), reference)
    auths = [
        AuthorisationDoc(
            id=r.id,
            number=r.number,
            kind="import" if r.kind == "import" else "export",
            holder=party_record(r.holder),
            substance_id=r.substance_id,
            quantity=r.quantity,
            unit="kg" if r.unit == "kg" else "l",
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            crossings=tuple(r.crossings or ()),
            revoked=r.revoked_at is not None,
            drawn=taken.get(r.id, 0.0),
        )
        for r in rows
    ]
    if not notifications:
        return auths, []
    notes = session.scalars(select(Notification).where(Notification.substance_id.in_(ids))).all()
    return auths, [_note_doc(n) for n in notes]


def record_draws(
    session: Session, reference: str, screening_id: str, draws: Sequence[Draw], amends: bool = True
) -> None:
    """This declaration's draws, replacing what an earlier version of it (same reference) drew, if any."""
    if amends:
        session.execute(delete(AuthorisationDraw).where(AuthorisationDraw.reference == reference))
    for d in draws:
        session.add(
            AuthorisationDraw(
                authorisation_id=d.authorisation_id,
                reference=reference,
                screening_id=screening_id,
                quantity=d.quantity,
                unit=d.unit,
            )
        )
    session.flush()


def party_record(data: dict[str, Any]) -> PartyRecord:
    return PartyRecord(str(data["name"]), tuple(data.get("aliases") or ()), data.get("country"))


def _note_doc(n: Notification) -> NotificationDoc:
    return NotificationDoc(
        id=n.id,
        number=n.number,
        exporter=party_record(n.exporter),
        importer=party_record(n.importer),
        substance_id=n.substance_id,
        valid_from=n.valid_from,
        valid_to=n.valid_to,
        revoked=n.revoked_at is not None,
    )
