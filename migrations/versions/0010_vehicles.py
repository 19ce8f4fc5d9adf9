"""A screening's truck plate and container number, as search keys

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("vehicle_plate", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("container_number", sa.String(length=20), nullable=True))
    op.create_index("ix_screenings_vehicle_plate", "screenings", ["vehicle_plate"])
    op.create_index("ix_screenings_container_number", "screenings", ["container_number"])


def downgrade() -> None:
    op.drop_index("ix_screenings_container_number", table_name="screenings")
    op.drop_index("ix_screenings_vehicle_plate", table_name="screenings")
    with op.batch_alter_table("screenings") as batch:
        batch.drop_column("container_number")
        batch.drop_column("vehicle_plate")
