"""Every query the service makes. Functions take a session and never commit: the caller owns it."""

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, func, insert, null, select, update
from sqlalchemy.orm import Session, class_mapper, selectinload

from app.core.types import Declaration, ScreeningResult
from app.core.vehicles import container_key, plate_key
from app.db.models import ApiKey, Review, Screening, ScreeningItem, ScreeningReason, new_id, utcnow

T = TypeVar("T")


def add_api_key(
    session: Session, *, name: str, role: str, prefix: str, key_hash: str, expires_at: datetime | None = None
) -> ApiKey:
    key = ApiKey(name=name, role=role, prefix=prefix, key_hash=key_hash, expires_at=expires_at)
    session.add(key)
    session.flush()
    return key


def get_api_key(session: Session, key_id: str) -> ApiKey | None:
    return session.get(ApiKey, key_id)


def find_active_key(session: Session, key_hash: str) -> ApiKey | None:
    key = session.scalars(select(ApiKey).where(ApiKey.key_hash == key_hash)).one_or_none()
    if key is None or key.revoked_at is not None:
        return None
    if key.expires_at is not None and key.expires_at <= utcnow():
        return None
    return key


def revoke_api_key(session: Session, key_id: str) -> ApiKey | None:
    """Revoke a key (kept, for the audit trail); None if there is no such key."""
    key = session.get(ApiKey, key_id)
    if key is not None and key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key


def list_api_keys(session: Session) -> Sequence[ApiKey]:
    return session.scalars(select(ApiKey).order_by(ApiKey.created_at)).all()


_TABLES = Screening.metadata.tables
_INSERT_SCREENING = insert(_TABLES["screenings"])
_INSERT_ITEM = insert(_TABLES["screening_items"])
_INSERT_REASON = insert(_TABLES["screening_reasons"])


@dataclass(frozen=True)
class NewScreening:
    """The rows of one screening about to be inserted."""

    screening: dict[str, Any]
    items: list[dict[str, Any]]
    reasons: list[dict[str, Any]]

    @property
    def id(self) -> str:
        return str(self.screening["id"])


def screening_rows(
    *,
    reference: str,
    declaration: Declaration,
    request_body: dict[str, Any],
    content_hash: str,
    result: ScreeningResult,
    consignor: dict[str, Any] | None,
    consignee: dict[str, Any] | None,
    api_key_id: str | None,
    user_id: str | None = None,
    amends_id: str | None = None,
    screened_at: datetime | None = None,
    vehicle_plate: str | None = None,
    container_number: str | None = None,
) -> NewScreening:
    screening_id = new_id()
    screening: dict[str, Any] = {
        "id": screening_id,
        "reference": reference,
        "screened_at": screened_at or utcnow(),
        "risk_level": result.risk_level.name,
        "language_hint": declaration.language,
        "direction": declaration.direction,
        "crossing": declaration.crossing,
        "vehicle_plate": plate_key(vehicle_plate)[:20] or None if vehicle_plate else None,
        "container_number": container_key(container_number)[:20] or None if container_number else None,
        "origin_country": declaration.origin_country,
        "destination_country": declaration.destination_country,
        "transit_countries": list(declaration.transit_countries),
        "consignor": consignor,
        "consignee": consignee,
        "lexicon_version": result.lexicon_version,
        "rules_version": result.rules_version,
        "request_body": request_body,
        "body_purged_at": None,
        "content_hash": content_hash,
        "api_key_id": api_key_id,
        "user_id": user_id,
        "amends_id": amends_id,
    }
    return NewScreening(
        screening, _item_rows(screening_id, declaration, result), _reason_rows(screening_id, result)
    )


def _item_rows(screening_id: str, declaration: Declaration, result: ScreeningResult) -> list[dict[str, Any]]:
    """One row per item: the item as declared (its columns are named as Item's fields) and its analysis."""
    return [
        {
            "screening_id": screening_id,
            "item_index": i,
            **asdict(item),
            "language": analysis.language,
            "normalized": analysis.normalised.text,
            "tokens": [t.text for t in analysis.tokens],
            "facts": analysis_facts_json(analysis),
        }
        for i, (item, analysis) in enumerate(zip(declaration.items, result.items, strict=True))
    ]


def _reason_rows(screening_id: str, result: ScreeningResult) -> list[dict[str, Any]]:
    """One row per reason, in the result's order."""
    return [
        {
            "screening_id": screening_id,
            "position": position,
            "code": reason.code,
            "severity": reason.severity.name,
            "item_index": reason.item_index,
            "substance_id": reason.substance_id,
            "messages": reason.messages,
            "evidence_text": reason.evidence.text if reason.evidence else None,
            "evidence_start": reason.evidence.start if reason.evidence else None,
            "evidence_end": reason.evidence.end if reason.evidence else None,
            "details": reason.details,
        }
        for position, reason in enumerate(result.reasons)
    ]


def insert_screenings(session: Session, new: Sequence[NewScreening]) -> list[Screening]:
    """Insert screenings with their items and reasons: three Core INSERTs for all of them, however many
    (the ORM's object-by-object flush was most of a request's time). Core statements bypass the session's
    write hooks: the caller claims the writer first. Returns the same values as plain objects outside the
    session, for the caller to answer with."""
    if not new:
        return []
    connection = session.connection()
    connection.execute(_INSERT_SCREENING, [n.screening for n in new])
    items = [i for n in new for i in n.items]
    if items:
        connection.execute(_INSERT_ITEM, items)
    reasons = [r for n in new for r in n.reasons]
    if reasons:
        connection.execute(_INSERT_REASON, reasons)
    rows = []
    for n in new:
        row = _unattached(Screening, n.screening)
        row.__dict__["items"] = [_unattached(ScreeningItem, i) for i in n.items]
        row.__dict__["reasons"] = [_unattached(ScreeningReason, r) for r in n.reasons]
        rows.append(row)
    return rows


def _unattached(cls: type[T], values: dict[str, Any]) -> T:
    """An instance filled the way the ORM's loader fills one, straight into its __dict__: no change events
    (a tenth of a request's time with the constructor). For reading only: never added to a session."""
    instance: T = class_mapper(cls).class_manager.new_instance()
    instance.__dict__.update(values)
    return instance


def facts_json(facts: Any) -> dict[str, Any] | None:
    """The figures an item's rules read, as stored and returned."""
    if facts is None:
        return None
    return {
        "litres": facts.litres,
        "net_kg": facts.net_kg,
        "packages": facts.packages,
        "density_kg_l": facts.density,
        "packing_class": facts.packing_class,
        "packaging": list(facts.packaging),
        "categories": list(facts.categories),
        "hs_heading": facts.hs_heading,
    }


def analysis_facts_json(analysis: Any) -> dict[str, Any] | None:
    """An item's facts, with each goods line's own when the description holds several."""
    out = facts_json(analysis.facts)
    if out is not None and analysis.lines:
        out["lines"] = [
            {"start": g.start, "end": g.end, **(facts_json(g.facts) or {})} for g in analysis.lines
        ]
    return out


def get_screening(session: Session, screening_id: str) -> Screening | None:
    stmt = (
        select(Screening)
        .where(Screening.id == screening_id)
        .options(
            selectinload(Screening.items),
            selectinload(Screening.reasons),
            selectinload(Screening.reviews),
            selectinload(Screening.user),
        )
    )
    return session.scalars(stmt).one_or_none()


@dataclass(frozen=True)
class ScreeningFilter:
    reference: str | None = None
    risk_level: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    vehicle_plate: str | None = None  # as typed: compared by its key (app/core/vehicles.py)
    container_number: str | None = None
    user_id: str | None = None  # screenings made on the pages by this user


def list_screenings(
    session: Session, flt: ScreeningFilter, *, limit: int, offset: int
) -> tuple[int, Sequence[Screening]]:
    conditions = []
    if flt.reference is not None:
        conditions.append(Screening.reference == flt.reference)
    if flt.risk_level is not None:
        conditions.append(Screening.risk_level == flt.risk_level)
    if flt.since is not None:
        conditions.append(Screening.screened_at >= flt.since)
    if flt.until is not None:
        conditions.append(Screening.screened_at < flt.until)
    if flt.vehicle_plate:
        conditions.append(Screening.vehicle_plate == plate_key(flt.vehicle_plate)[:20])
    if flt.container_number:
        conditions.append(Screening.container_number == container_key(flt.container_number)[:20])
    if flt.user_id is not None:
        conditions.append(Screening.user_id == flt.user_id)
    total = session.scalar(select(func.count()).select_from(Screening).where(*conditions)) or 0
    stmt = (
        select(Screening)
        .where(*conditions)
        .order_by(Screening.screened_at.desc(), Screening.id)
        .limit(limit)
        .offset(offset)
        .options(selectinload(Screening.items), selectinload(Screening.reasons))
    )
    return total, session.scalars(stmt).all()


def any_reference_starts_with(session: Session, prefix: str) -> bool:
    """Whether any screening's reference begins with `prefix` (taken literally only if it has no % or _)."""
    stmt = select(Screening.id).where(Screening.reference.like(f"{prefix}%")).limit(1)
    return session.scalar(stmt) is not None


def remove_request_bodies(session: Session, *, screened_before: datetime, now: datetime) -> int:
    """Remove the raw bodies of screenings made before `screened_before` (their results stay), marking them
    removed at `now`. Returns how many."""
    result = session.execute(
        update(Screening)
        .where(Screening.screened_at < screened_before, Screening.body_purged_at.is_(None))
        .values(request_body=null(), body_purged_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


# Built once: the hot path should not rebuild and re-key its statements on every request.
_VERSIONS = (
    select(Screening.reference, Screening.id, Screening.content_hash)
    .where(Screening.reference.in_(bindparam("references", expanding=True)))
    .order_by(Screening.screened_at.desc(), Screening.id)
)


def reference_versions(session: Session, references: Collection[str]) -> dict[str, list[tuple[str, str]]]:
    """(id, content hash) of every screening of each reference, latest first: whether a declaration was
    stored before, and which screening a new version amends. One indexed query for all (most are new)."""
    found: dict[str, list[tuple[str, str]]] = {r: [] for r in references}
    if not found:
        return found
    for r in session.connection().execute(_VERSIONS, {"references": list(found)}):
        found[r.reference].append((r.id, r.content_hash))
    return found


@dataclass(frozen=True)
class Author:
    """Who did something: a web user or an API key."""

    kind: str  # "user" or "api_key"
    id: str
    name: str


def add_review(
    session: Session,
    screening: Screening,
    *,
    outcome: str,
    note: str,
    author: Author,
    substance_id: str | None = None,
    quantity: float | None = None,
    quantity_unit: str | None = None,
    created_at: datetime | None = None,
) -> Review:
    review = Review(
        screening_id=screening.id,
        outcome=outcome,
        note=note,
        substance_id=substance_id,
        quantity=quantity,
        quantity_unit=quantity_unit,
        author_kind=author.kind,
        author_id=author.id,
        author_name=author.name,
        created_at=created_at or utcnow(),
    )
    session.add(review)  # by itself: `screening` may be the plain copy store_screening returned
    session.flush()
    return review


def recent_screenings_by_user(session: Session, user_id: str, limit: int = 10) -> Sequence[Screening]:
    stmt = (
        select(Screening)
        .where(Screening.user_id == user_id)
        .order_by(Screening.screened_at.desc(), Screening.id)
        .limit(limit)
    )
    return session.scalars(stmt).all()
