"""Worker heartbeats, for /healthz: a worker that stopped must show.

Revision ID: 8d4b2f6a1c37
Revises: 5e2a9c1d7b43
Create Date: 2026-12-05 03:40:00
"""

import sqlalchemy as sa

import burgerplatform.core.db
from alembic import op

revision = "8d4b2f6a1c37"
down_revision = "5e2a9c1d7b43"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "worker_beats",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("started_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("seen_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_worker_beats")),
    )


def downgrade():
    op.drop_table("worker_beats")
