"""Quantities below the commercial threshold, per declaration, for split shipments

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shipment_quantities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("screening_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("party", sa.String(length=200), nullable=False),
        sa.Column("substance_id", sa.String(length=60), nullable=False),
        sa.Column("kg", sa.Float(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["screening_id"], ["screenings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_shipment_quantities_screening_id", "shipment_quantities", ["screening_id"])
    op.create_index("ix_shipment_quantities_reference", "shipment_quantities", ["reference"])
    op.create_index(
        "ix_shipment_quantities_substance_at", "shipment_quantities", ["substance_id", "declared_at"]
    )


def downgrade() -> None:
    op.drop_table("shipment_quantities")
