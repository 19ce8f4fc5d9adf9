"""The deployment's data versions (archives of the lexicon and rules files) and the one active version

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("version", sa.String(length=80), primary_key=True),
        sa.Column("lexicon_version", sa.String(length=40), nullable=False),
        sa.Column("rules_version", sa.String(length=40), nullable=False),
        sa.Column("archive", sa.LargeBinary(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
    )
    op.create_table(
        "active_data",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.String(length=80), sa.ForeignKey("data_versions.version"), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("effective_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("previous", sa.String(length=80), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("activated_by", sa.String(length=200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("active_data")
    op.drop_table("data_versions")
