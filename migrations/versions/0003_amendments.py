"""screenings.amends_id (an amended declaration points at the screening it replaces) and one screening per
(reference, content): concurrent identical submissions resolve to one row

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("screenings") as batch_op:
        batch_op.add_column(sa.Column("amends_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key("fk_screenings_amends_id", "screenings", ["amends_id"], ["id"])
        batch_op.create_unique_constraint("uq_screenings_reference_content", ["reference", "content_hash"])


def downgrade() -> None:
    with op.batch_alter_table("screenings") as batch_op:
        batch_op.drop_constraint("uq_screenings_reference_content", type_="unique")
        batch_op.drop_constraint("fk_screenings_amends_id", type_="foreignkey")
        batch_op.drop_column("amends_id")
