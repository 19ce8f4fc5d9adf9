"""A change counter per kind of rarely changed data (the register, the watch list)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    stamps = op.create_table(
        "data_stamps",
        sa.Column("name", sa.String(length=32), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.bulk_insert(stamps, [{"name": "register", "version": 0}, {"name": "watchlist", "version": 0}])


def downgrade() -> None:
    op.drop_table("data_stamps")
