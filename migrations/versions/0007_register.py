"""The register of authorisations and pre-export notifications, and what declarations drew on them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _document_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("substance_id", sa.String(length=60), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=2), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.String(length=200), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "authorisations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("holder", sa.JSON(), nullable=False),
        sa.Column("counterparty", sa.JSON(), nullable=True),
        *_document_columns(),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("crossings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index("ix_authorisations_substance_id", "authorisations", ["substance_id"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("exporter", sa.JSON(), nullable=False),
        sa.Column("importer", sa.JSON(), nullable=False),
        *_document_columns(),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    op.create_index("ix_notifications_substance_id", "notifications", ["substance_id"])
    op.create_table(
        "authorisation_draws",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("authorisation_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("screening_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=2), nullable=False),
        sa.Column("drawn_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["authorisation_id"], ["authorisations.id"]),
        sa.ForeignKeyConstraint(["screening_id"], ["screenings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("authorisation_id", "reference", name="uq_draws_authorisation_reference"),
    )
    op.create_index("ix_authorisation_draws_authorisation_id", "authorisation_draws", ["authorisation_id"])
    op.create_index("ix_authorisation_draws_screening_id", "authorisation_draws", ["screening_id"])


def downgrade() -> None:
    op.drop_table("authorisation_draws")
    op.drop_table("notifications")
    op.drop_table("authorisations")
