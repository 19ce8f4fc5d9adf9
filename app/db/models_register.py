"""The models of the register and of intelligence (migrations 0007-0009): authorisations, pre-export
notifications, what declarations drew on them, the watch list, and the small quantities of split shipments.
Imported by app/db/models.py, so every table is on one metadata."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base, utcnow


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
