"""Watched parties and targeting profiles

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "watch_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("crossing_id", sa.String(length=60), nullable=True),
        sa.Column("origin", sa.String(length=2), nullable=True),
        sa.Column("destination", sa.String(length=2), nullable=True),
        sa.Column("transit", sa.String(length=2), nullable=True),
        sa.Column("hs_prefix", sa.String(length=10), nullable=True),
        sa.Column("category", sa.String(length=60), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_watch_entries_kind", "watch_entries", ["kind"])


def downgrade() -> None:
    op.drop_index("ix_watch_entries_kind", table_name="watch_entries")
    op.drop_table("watch_entries")
