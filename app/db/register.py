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
    session: Session, substance_ids: Iterable[str], reference: str
) -> tuple[list[AuthorisationDoc], list[NotificationDoc]]:
    """Every authorisation and notification of these substances, the authorisations locked (FOR UPDATE on
    PostgreSQL; SQLite has one writer) until the transaction ends, each with what other declarations drew."""
    ids = sorted(set(substance_ids))
    if not ids:
        return [], []
    auths = session.scalars(
        select(Authorisation)
        .where(Authorisation.substance_id.in_(ids))
        .order_by(Authorisation.id)
        .with_for_update()
    ).all()
    taken = drawn(session, (a.id for a in auths), reference)
    notes = session.scalars(select(Notification).where(Notification.substance_id.in_(ids))).all()
    return [_auth_doc(a, taken.get(a.id, 0.0)) for a in auths], [_note_doc(n) for n in notes]


def record_draws(session: Session, reference: str, screening_id: str, draws: Sequence[Draw]) -> None:
    """This declaration's draws, replacing what an earlier version of it (same reference) drew."""
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


def _auth_doc(a: Authorisation, taken: float) -> AuthorisationDoc:
    return AuthorisationDoc(
        id=a.id,
        number=a.number,
        kind="import" if a.kind == "import" else "export",
        holder=party_record(a.holder),
        substance_id=a.substance_id,
        quantity=a.quantity,
        unit="kg" if a.unit == "kg" else "l",
        valid_from=a.valid_from,
        valid_to=a.valid_to,
        crossings=tuple(a.crossings or ()),
        revoked=a.revoked_at is not None,
        drawn=taken,
    )


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
