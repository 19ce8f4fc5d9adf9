"""Queries of the register of authorisations and pre-export notifications (models Authorisation,
Notification, AuthorisationDraw). Functions take the caller's session and never commit."""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from app.db.models import Authorisation, AuthorisationDraw, Notification, utcnow
from app.db.stamped import Stamp, read_stamp
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


_DRAWN = (
    select(AuthorisationDraw.authorisation_id, func.coalesce(func.sum(AuthorisationDraw.quantity), 0.0))
    .where(AuthorisationDraw.authorisation_id.in_(bindparam("ids", expanding=True)))
    .group_by(AuthorisationDraw.authorisation_id)
)  # built once (read for every declaration that names a controlled substance)
_DRAWN_BY_OTHERS = _DRAWN.where(AuthorisationDraw.reference != bindparam("reference"))


def drawn(
    session: Session, authorisation_ids: Iterable[int], reference: str | None = None
) -> dict[int, float]:
    """What declarations drew on each authorisation; `reference`'s own draw left out (it is replaced)."""
    ids = list(authorisation_ids)
    if not ids:
        return {}
    connection = session.connection()  # a Core statement: no ORM step for two columns
    if reference is None:
        rows = connection.execute(_DRAWN, {"ids": ids})
    else:
        rows = connection.execute(_DRAWN_BY_OTHERS, {"ids": ids, "reference": reference})
    return {aid: float(total) for aid, total in rows.all()}


def draws_of(session: Session, authorisation_id: int) -> Sequence[AuthorisationDraw]:
    q = select(AuthorisationDraw).where(AuthorisationDraw.authorisation_id == authorisation_id)
    return session.scalars(q.order_by(AuthorisationDraw.id)).all()


_AUTH_COLUMNS = (
    Authorisation.id,
    Authorisation.number,
    Authorisation.kind,
    Authorisation.holder,
    Authorisation.substance_id,
    Authorisation.quantity,
    Authorisation.unit,
    Authorisation.valid_from,
    Authorisation.valid_to,
    Authorisation.crossings,
    Authorisation.revoked_at,
)
_NOTE_COLUMNS = (
    Notification.id,
    Notification.number,
    Notification.exporter,
    Notification.importer,
    Notification.substance_id,
    Notification.valid_from,
    Notification.valid_to,
    Notification.revoked_at,
)


@dataclass(frozen=True)
class Documents:
    """The whole register as screening reads it (no draws): cached by its stamp (app/db/stamped.py)."""

    authorisations: tuple[AuthorisationDoc, ...]
    notifications: tuple[NotificationDoc, ...]

    def of_substances(self, substance_ids: Iterable[str]) -> list[AuthorisationDoc]:
        """The authorisations of these substances, in the register's order."""
        by = self._by_substance
        found = [a for sid in substance_ids for a in by.get(sid, ())]
        return sorted(found, key=lambda a: a.id) if len(found) > 1 else found

    def usable(
        self, substance_ids: set[str], cited: frozenset[str], holders: Iterable[str]
    ) -> list[AuthorisationDoc]:
        """The authorisations of these substances cited by number or held under one of these names (a first
        sieve for licensing.relevant, which decides), in the register's order."""
        found = {a.id: a for n in cited for a in self._by_number.get(n, ())}
        found |= {a.id: a for n in holders for a in self._by_holder.get(n, ())}
        return sorted((a for a in found.values() if a.substance_id in substance_ids), key=lambda a: a.id)

    def notifications_for(
        self, substance_ids: set[str], cited: frozenset[str], importers: Iterable[str]
    ) -> list[NotificationDoc]:
        """The notifications of these substances cited by number or naming one of these importers: the only
        ones that can notify a declaration (licensing._notified), in the register's order."""
        names = set(importers)
        return [
            n
            for n in self.notifications
            if n.substance_id in substance_ids
            and (n.number in cited or not names.isdisjoint(n.importer.names))
        ]

    @cached_property
    def _by_number(self) -> dict[str, tuple[AuthorisationDoc, ...]]:
        return _grouped(self.authorisations, lambda a: (a.number,))

    @cached_property
    def _by_holder(self) -> dict[str, tuple[AuthorisationDoc, ...]]:
        return _grouped(self.authorisations, lambda a: a.holder.names)

    @cached_property
    def _by_substance(self) -> dict[str, tuple[AuthorisationDoc, ...]]:
        return _grouped(self.authorisations, lambda a: (a.substance_id,))


def _grouped(
    docs: Iterable[AuthorisationDoc], keys: Callable[[AuthorisationDoc], Iterable[str]]
) -> dict[str, tuple[AuthorisationDoc, ...]]:
    """The documents under each of their keys, in the register's order, each once under a key."""
    out: dict[str, list[AuthorisationDoc]] = {}
    for doc in docs:
        for key in dict.fromkeys(keys(doc)):
            out.setdefault(key, []).append(doc)
    return {key: tuple(found) for key, found in out.items()}


def stamp(session: Session) -> Stamp:
    """What changes whenever a document is added or revoked: the register's counter (app/db/stamped.py)."""
    return read_stamp(session, "register")


def all_documents(session: Session) -> Documents:
    auths = session.execute(select(*_AUTH_COLUMNS).order_by(Authorisation.id)).all()
    notes = session.execute(select(*_NOTE_COLUMNS).order_by(Notification.id)).all()
    return Documents(tuple(_authorisation_docs(auths, {})), tuple(_notification_docs(notes)))


def lock(session: Session, authorisation_ids: Iterable[int]) -> dict[int, bool] | None:
    """On PostgreSQL, these authorisations locked (FOR UPDATE) until the transaction ends: id -> revoked, as
    the lock sees it. None on SQLite: the write funnel (Database.claim_writer) already keeps every other
    writer out from before the register was read, so what was read holds."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    a = Authorisation
    rows = session.execute(
        select(a.id, a.revoked_at)
        .where(a.id.in_(sorted(set(authorisation_ids))))
        .order_by(a.id)
        .with_for_update()
    ).all()
    return {r.id: r.revoked_at is not None for r in rows}


def documents_for(
    session: Session, substance_ids: Iterable[str], reference: str, notifications: bool = True
) -> tuple[list[AuthorisationDoc], list[NotificationDoc]]:
    """Every authorisation (and, if asked, notification) of these substances, the authorisations locked (FOR
    UPDATE on PostgreSQL; SQLite has one writer) until the transaction ends, each with what other declarations
    drew. Plain rows, not ORM objects. (Screening reads the cached Documents and only locks and reads the
    draws: app/register_check.py; this is its way when the cache is behind.)"""
    ids = sorted(set(substance_ids))
    if not ids:
        return [], []
    a = Authorisation
    rows = session.execute(
        select(*_AUTH_COLUMNS).where(a.substance_id.in_(ids)).order_by(a.id).with_for_update()
    ).all()
    # read after the lock, in a statement of its own: on PostgreSQL a subquery of the locking statement would
    # see the draws as they were before the wait (its snapshot), not what the transaction that held the lock
    # committed
    auths = _authorisation_docs(rows, drawn(session, (r.id for r in rows), reference))
    if not notifications:
        return auths, []
    n = Notification
    notes = session.execute(select(*_NOTE_COLUMNS).where(n.substance_id.in_(ids)).order_by(n.id)).all()
    return auths, _notification_docs(notes)


def _authorisation_docs(rows: Iterable[Any], taken: dict[int, float]) -> list[AuthorisationDoc]:
    return [
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


def _notification_docs(rows: Iterable[Any]) -> list[NotificationDoc]:
    return [
        NotificationDoc(
            id=r.id,
            number=r.number,
            exporter=party_record(r.exporter),
            importer=party_record(r.importer),
            substance_id=r.substance_id,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            revoked=r.revoked_at is not None,
        )
        for r in rows
    ]


_INSERT_DRAW = insert(AuthorisationDraw)  # built once: a Core INSERT, as the screenings' (repository.py)


@dataclass(frozen=True)
class DrawsOf:
    """What one stored declaration drew: replacing an earlier version's draws when it amends one."""

    reference: str
    screening_id: str
    draws: Sequence[Draw]
    amends: bool


def record_draws(session: Session, declarations: Sequence[DrawsOf]) -> None:
    """These declarations' draws, each replacing what an earlier version of it (same reference) drew, if any:
    one DELETE for the amended references and one Core INSERT for the lot (the ORM's flush of one object per
    draw was a third of what the register cost a declaration). Draws are not stamped data
    (app/db/stamped.py): no write hook is bypassed."""
    amended = sorted({d.reference for d in declarations if d.amends})
    if amended:
        session.execute(delete(AuthorisationDraw).where(AuthorisationDraw.reference.in_(amended)))
    rows = [
        {
            "authorisation_id": d.authorisation_id,
            "reference": of.reference,
            "screening_id": of.screening_id,
            "quantity": d.quantity,
            "unit": d.unit,
            "drawn_at": utcnow(),
        }
        for of in declarations
        for d in of.draws
    ]
    if rows:
        session.connection().execute(_INSERT_DRAW, rows)


def party_record(data: dict[str, Any]) -> PartyRecord:
    return PartyRecord(str(data["name"]), tuple(data.get("aliases") or ()), data.get("country"))
