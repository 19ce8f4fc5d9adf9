"""SQLAlchemy 2 models. The schema itself is owned by the Alembic migrations in migrations/.

Every model is importable from here: the declarations, their screenings, reviews, audit and users here; the
register's and intelligence's in app/db/models_register.py; the base and column types in app/db/base.py."""

from datetime import datetime
from typing import Any, Literal, get_args

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.base import Base, UtcDateTime, new_id, utcnow
from app.db.models_register import (
    Authorisation,
    AuthorisationDraw,
    Notification,
    ShipmentQuantity,
    WatchEntry,
)

__all__ = [
    "OUTCOMES",
    "ActiveData",
    "ApiKey",
    "AuditEvent",
    "Authorisation",
    "AuthorisationDraw",
    "Base",
    "DataStamp",
    "DataVersion",
    "Notification",
    "Outcome",
    "RescreenJob",
    "Rescreening",
    "Review",
    "Screening",
    "ScreeningItem",
    "ScreeningReason",
    "ShipmentQuantity",
    "User",
    "UtcDateTime",
    "WatchEntry",
    "WebSession",
    "new_id",
    "utcnow",
]

# What an inspection found (reviews.outcome): the services record it, the reports count it.
Outcome = Literal["confirmed_precursor", "other_violation", "false_alarm", "not_inspected"]
OUTCOMES: tuple[str, ...] = get_args(Outcome)


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
