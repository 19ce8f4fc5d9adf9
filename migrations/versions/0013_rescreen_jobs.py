"""Rescreens as jobs of the deployment: claimed by one worker through the database, progress kept, resumable

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rescreen_jobs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        # 1 while queued or running, NULL after: unique, so the deployment has one unfinished job at most
        sa.Column("open_slot", sa.Integer(), nullable=True, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_by_kind", sa.String(length=20), nullable=False),
        sa.Column("created_by_id", sa.String(length=64), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cursor", sa.String(length=36), nullable=True),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("examined", sa.Integer(), nullable=False),
        sa.Column("rescreened", sa.Integer(), nullable=False),
        sa.Column("current_already", sa.Integer(), nullable=False),
        sa.Column("rose", sa.Integer(), nullable=False),
        sa.Column("fell", sa.Integer(), nullable=False),
        sa.Column("lexicon_version", sa.String(length=40), nullable=True),
        sa.Column("rules_version", sa.String(length=40), nullable=True),
        sa.Column("claims", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
    )
    with op.batch_alter_table("rescreenings") as batch:
        batch.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch.create_index("ix_rescreenings_job_id", ["job_id"])


def downgrade() -> None:
    with op.batch_alter_table("rescreenings") as batch:
        batch.drop_index("ix_rescreenings_job_id")
        batch.drop_column("job_id")
    op.drop_table("rescreen_jobs")
