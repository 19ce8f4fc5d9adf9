"""SQLAlchemy 2 models. The schema itself is owned by the Alembic migrations in migrations/."""

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Literal, get_args

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


# What an inspection found (reviews.outcome): the services record it, the reports count it.
Outcome = Literal["confirmed_precursor", "other_violation", "false_alarm", "not_inspected"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime,
        dict[str, Any]: JSON(none_as_null=True),  # None is SQL NULL, not the JSON value null
        list[Any]: JSON,
    }


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    prefix: Mapped[str] = mapped_column(String(16))  # shown in listings to tell keys apart
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class User(Base):
    """A person who logs in to the web pages (officers, supervisors, admins). Passwords: argon2id hashes."""

    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(default=None)
    # Failed logins since the last success, and the time before which no login is tried (throttling).
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(default=None)


class WebSession(Base):
    """A login on the web pages. The cookie carries the signed token; only its SHA-256 is stored."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)

    user: Mapped[User] = relationship()


class Screening(Base):
    __tablename__ = "screenings"
    __table_args__ = (
        UniqueConstraint("reference", "content_hash", name="uq_screenings_reference_content"),
        Index("ix_screenings_reference", "reference"),
        Index("ix_screenings_screened_at", "screened_at"),
        Index("ix_screenings_risk_level", "risk_level"),
        Index("ix_screenings_amends_id", "amends_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(100))
    screened_at: Mapped[datetime] = mapped_column(default=utcnow)
    risk_level: Mapped[str] = mapped_column(String(10))
    language_hint: Mapped[str | None] = mapped_column(String(2))
    direction: Mapped[str | None] = mapped_column(String(10))
    crossing: Mapped[str | None] = mapped_column(String(100))
    # search keys (app/core/vehicles.py): "А 123 ВС 01" is stored "A123BC01"
    vehicle_plate: Mapped[str | None] = mapped_column(String(20), index=True, default=None)
    container_number: Mapped[str | None] = mapped_column(String(20), index=True, default=None)
    origin_country: Mapped[str | None] = mapped_column(String(2))
    destination_country: Mapped[str | None] = mapped_column(String(2))
    transit_countries: Mapped[list[Any]] = mapped_column(default=list)
    consignor: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    consignee: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    lexicon_version: Mapped[str] = mapped_column(String(40))
    rules_version: Mapped[str] = mapped_column(String(40))
    # The request as received; removed after the retention period (0005), when body_purged_at is set.
    request_body: Mapped[dict[str, Any] | None] = mapped_column()
    body_purged_at: Mapped[datetime | None] = mapped_column(default=None)
    content_hash: Mapped[str] = mapped_column(String(64))
    api_key_id: Mapped[str | None] = mapped_column(ForeignKey("api_keys.id"))
    # The officer who screened it from the web form (0004); api_key_id is set for API callers instead.
    user_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("users.id", name="fk_screenings_user_id"), default=None
    )
    # The earlier screening of the same reference that this one amends (different content).
    amends_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("screenings.id", name="fk_screenings_amends_id"), default=None
    )

    items: Mapped[list["ScreeningItem"]] = relationship(
        back_populates="screening", order_by="ScreeningItem.item_index", cascade="all, delete-orphan"
    )
    reasons: Mapped[list["ScreeningReason"]] = relationship(
        back_populates="screening", order_by="ScreeningReason.position", cascade="all, delete-orphan"
    )
    reviews: Mapped[list["Review"]] = relationship(
        back_populates="screening", order_by="Review.id", cascade="all, delete-orphan"
    )
    user: Mapped[User | None] = relationship()


class ScreeningItem(Base):
    __tablename__ = "screening_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    screening_id: Mapped[str] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"), index=True)
    item_index: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    hs_code: Mapped[str | None] = mapped_column(String(20))
    quantity: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(50))
    gross_weight_kg: Mapped[float | None] = mapped_column(Float)
    net_weight_kg: Mapped[float | None] = mapped_column(Float)
    packaging: Mapped[str | None] = mapped_column(String(200))
    package_count: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    normalized: Mapped[str] = mapped_column(Text)
    tokens: Mapped[list[Any]] = mapped_column()
    facts: Mapped[dict[str, Any] | None] = mapped_column(default=None)  # figures the rules read (0002)

    screening: Mapped[Screening] = relationship(back_populates="items")


class ScreeningReason(Base):
    __tablename__ = "screening_reasons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    screening_id: Mapped[str] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(60), index=True)
    severity: Mapped[str] = mapped_column(String(10))
    item_index: Mapped[int | None] = mapped_column(Integer)
    substance_id: Mapped[str | None] = mapped_column(String(60), index=True)
    messages: Mapped[dict[str, Any]] = mapped_column()
    evidence_text: Mapped[str | None] = mapped_column(Text)
    evidence_start: Mapped[int | None] = mapped_column(Integer)
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)

    screening: Mapped[Screening] = relationship(back_populates="reasons")


class Review(Base):
    """What an inspection found. Never edited or deleted: a later review supersedes an earlier one."""

    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    screening_id: Mapped[str] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    substance_id: Mapped[str | None] = mapped_column(String(60), default=None)
    quantity: Mapped[float | None] = mapped_column(Float, default=None)
    quantity_unit: Mapped[str | None] = mapped_column(String(10), default=None)  # "kg" or "l"
    author_kind: Mapped[str] = mapped_column(String(10))  # "user" or "api_key"
    author_id: Mapped[str] = mapped_column(String(36))
    author_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    screening: Mapped[Screening] = relationship(back_populates="reviews")


class AuditEvent(Base):
    """One entry of the append-only audit log (0005): the database refuses updates and deletes."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_kind: Mapped[str] = mapped_column(String(10))  # "user", "api_key" or "cli"
    actor_id: Mapped[str | None] = mapped_column(String(36), default=None)
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40), index=True)
    target_kind: Mapped[str | None] = mapped_column(String(20), default=None)
    target_id: Mapped[str | None] = mapped_column(String(100), default=None)
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Rescreening(Base):
    """A stored declaration screened again under later lexicon and rules versions (0006). The original
    result stays as it was; this row holds the new one beside it."""

    __tablename__ = "rescreenings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    screening_id: Mapped[str] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"), index=True)
    rescreened_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    lexicon_version: Mapped[str] = mapped_column(String(40))
    rules_version: Mapped[str] = mapped_column(String(40))
    previous_risk_level: Mapped[str] = mapped_column(String(10))  # the latest level before this one
    risk_level: Mapped[str] = mapped_column(String(10))
    rose: Mapped[bool] = mapped_column(Boolean)
    reasons: Mapped[list[Any]] = mapped_column()  # code, severity, item_index, substance_id, messages
    job_id: Mapped[int | None] = mapped_column(Integer, index=True)  # the rescreen job that made it (0013)

    screening: Mapped[Screening] = relationship()


class RescreenJob(Base):
    """A rescreen of a period as one job of the deployment (0013): any worker claims it through the database,
    works through the period's declarations in chunks (each chunk's results and the job's progress committed
    together, `cursor` the last declaration done), and another worker takes it over where it stopped if its
    heartbeat goes quiet. `open_slot` is 1 while queued or running: one unfinished job at a time."""

    __tablename__ = "rescreen_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    since: Mapped[datetime] = mapped_column()
    until: Mapped[datetime] = mapped_column()
    state: Mapped[str] = mapped_column(String(10))  # queued, running, done, failed
    open_slot: Mapped[int | None] = mapped_column(Integer, unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    created_by_kind: Mapped[str] = mapped_column(String(20))
    created_by_id: Mapped[str] = mapped_column(String(64))
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime | None] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column()
    finished_at: Mapped[datetime | None] = mapped_column()
    cursor: Mapped[str | None] = mapped_column(String(36))
    total: Mapped[int | None] = mapped_column(Integer)
    examined: Mapped[int] = mapped_column(Integer, default=0)
    rescreened: Mapped[int] = mapped_column(Integer, default=0)
    current_already: Mapped[int] = mapped_column(Integer, default=0)
    rose: Mapped[int] = mapped_column(Integer, default=0)
    fell: Mapped[int] = mapped_column(Integer, default=0)
    lexicon_version: Mapped[str | None] = mapped_column(String(40))
    rules_version: Mapped[str | None] = mapped_column(String(40))
    claims: Mapped[int] = mapped_column(Integer, default=0)  # how many workers took it (1 + take-overs)
    error: Mapped[str | None] = mapped_column(Text)


class Authorisation(Base):
    """An import or export authorisation for a precursor (0007): who may move how much of what, when and
    where. Never deleted; revoked by setting revoked_at."""

    __tablename__ = "authorisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # "import" or "export"
    holder: Mapped[dict[str, Any]] = mapped_column()  # name, aliases, country, registration
    counterparty: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    substance_id: Mapped[str] = mapped_column(String(60), index=True)
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(2))  # "kg" or "l"
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    crossings: Mapped[list[Any]] = mapped_column(default=list)  # crossing ids; empty: any
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_by: Mapped[str | None] = mapped_column(String(200), default=None)
    revoke_reason: Mapped[str | None] = mapped_column(Text, default=None)


class Notification(Base):
    """A pre-export notification received from an exporting country (PEN Online) (0007)."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(100), unique=True)
    exporter: Mapped[dict[str, Any]] = mapped_column()
    importer: Mapped[dict[str, Any]] = mapped_column()
    substance_id: Mapped[str] = mapped_column(String(60), index=True)
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(2))
    valid_from: Mapped[date | None] = mapped_column(Date, default=None)
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_by: Mapped[str | None] = mapped_column(String(200), default=None)
    revoke_reason: Mapped[str | None] = mapped_column(Text, default=None)


class AuthorisationDraw(Base):
    """What one declaration (by reference) drew on an authorisation (0007): one row per pair, replaced when
    the declaration is amended, never written twice for a resubmission."""

    __tablename__ = "authorisation_draws"
    __table_args__ = (
        UniqueConstraint("authorisation_id", "reference", name="uq_draws_authorisation_reference"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    authorisation_id: Mapped[int] = mapped_column(ForeignKey("authorisations.id"), index=True)
    reference: Mapped[str] = mapped_column(String(100))
    screening_id: Mapped[str] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(2))
    drawn_at: Mapped[datetime] = mapped_column(default=utcnow)


class WatchEntry(Base):
    """A watched party or a targeting profile (0008): what to compare declarations with, the severity of a
    match, and the intelligence note behind it (shown to supervisors only). Never deleted; ended by setting
    ended_at."""

    __tablename__ = "watch_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10), index=True)  # "party" or "profile"
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    crossing_id: Mapped[str | None] = mapped_column(String(60), default=None)
    origin: Mapped[str | None] = mapped_column(String(2), default=None)
    destination: Mapped[str | None] = mapped_column(String(2), default=None)
    transit: Mapped[str | None] = mapped_column(String(2), default=None)
    hs_prefix: Mapped[str | None] = mapped_column(String(10), default=None)
    category: Mapped[str | None] = mapped_column(String(60), default=None)
    note: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(10))
    valid_to: Mapped[date | None] = mapped_column(Date, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    ended_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_by: Mapped[str | None] = mapped_column(String(200), default=None)


class ShipmentQuantity(Base):
    """A stored declaration's quantity of a Table I substance below the commercial quantity (0009), for split
    shipments: added up per party over a window. Replaced when the declaration is amended."""

    __tablename__ = "shipment_quantities"
    __table_args__ = (Index("ix_shipment_quantities_substance_at", "substance_id", "declared_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    screening_id: Mapped[str] = mapped_column(ForeignKey("screenings.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(100), index=True)
    party: Mapped[str] = mapped_column(String(200))
    substance_id: Mapped[str] = mapped_column(String(60))
    kg: Mapped[float] = mapped_column(Float)
    declared_at: Mapped[datetime] = mapped_column()


class DataStamp(Base):
    """A counter per kind of rarely changed data that every stored declaration reads (0011): "register"
    (authorisations and notifications) and "watchlist". Raised in the same transaction as any change to
    that data (app/db/stamps.py), so one primary-key read tells a process whether its copy is current."""

    __tablename__ = "data_stamps"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class DataVersion(Base):
    """A version of the lexicon and rules the deployment has screened with (0012): its files as one archive
    (app/rules/snapshot.py), so any worker on any machine can load exactly it. Never changed once written."""

    __tablename__ = "data_versions"

    version: Mapped[str] = mapped_column(String(80), primary_key=True)  # "<lexicon>-<rules>"
    lexicon_version: Mapped[str] = mapped_column(String(40))
    rules_version: Mapped[str] = mapped_column(String(40))
    archive: Mapped[bytes] = mapped_column(LargeBinary)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))


class ActiveData(Base):
    """The one data version every worker screens with (0012): a single row (id 1). `serial` rises with every
    activation, so a worker's check is one primary-key read (app/deployment_data.py). `version` is in force
    from `effective_at` (workers load it before then), `previous` until then."""

    __tablename__ = "active_data"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(ForeignKey("data_versions.version"))
    serial: Mapped[int] = mapped_column(Integer)
    effective_at: Mapped[datetime] = mapped_column()
    previous: Mapped[str | None] = mapped_column(String(80))
    activated_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_by: Mapped[str] = mapped_column(String(200))
