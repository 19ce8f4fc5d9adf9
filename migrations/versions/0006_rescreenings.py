"""Results of stored declarations screened again under later lexicon and rules versions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rescreenings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("screening_id", sa.String(length=36), nullable=False),
        sa.Column("rescreened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lexicon_version", sa.String(length=40), nullable=False),
        sa.Column("rules_version", sa.String(length=40), nullable=False),
        sa.Column("previous_risk_level", sa.String(length=10), nullable=False),
        sa.Column("risk_level", sa.String(length=10), nullable=False),
        sa.Column("rose", sa.Boolean(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["screening_id"], ["screenings.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rescreenings_screening_id", "rescreenings", ["screening_id"])
    op.create_index("ix_rescreenings_rescreened_at", "rescreenings", ["rescreened_at"])


def downgrade() -> None:
    op.drop_index("ix_rescreenings_rescreened_at", table_name="rescreenings")
    op.drop_index("ix_rescreenings_screening_id", table_name="rescreenings")
    op.drop_table("rescreenings")
