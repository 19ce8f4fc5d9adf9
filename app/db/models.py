"""SQLAlchemy 2 models. The schema itself is owned by the Alembic migrations in migrations/."""

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


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
        dict[str, Any]: JSON,
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


class Screening(Base):
    __tablename__ = "screenings"
    __table_args__ = (
        UniqueConstraint("reference", "content_hash", name="uq_screenings_reference_content"),
        Index("ix_screenings_reference", "reference"),
        Index("ix_screenings_screened_at", "screened_at"),
        Index("ix_screenings_risk_level", "risk_level"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(100))
    screened_at: Mapped[datetime] = mapped_column(default=utcnow)
    risk_level: Mapped[str] = mapped_column(String(10))
    language_hint: Mapped[str | None] = mapped_column(String(2))
    direction: Mapped[str | None] = mapped_column(String(10))
    crossing: Mapped[str | None] = mapped_column(String(100))
    origin_country: Mapped[str | None] = mapped_column(String(2))
    destination_country: Mapped[str | None] = mapped_column(String(2))
    transit_countries: Mapped[list[Any]] = mapped_column(default=list)
    consignor: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    consignee: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    lexicon_version: Mapped[str] = mapped_column(String(40))
    rules_version: Mapped[str] = mapped_column(String(40))
    request_body: Mapped[dict[str, Any]] = mapped_column()
    content_hash: Mapped[str] = mapped_column(String(64))
    api_key_id: Mapped[str | None] = mapped_column(ForeignKey("api_keys.id"))
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
