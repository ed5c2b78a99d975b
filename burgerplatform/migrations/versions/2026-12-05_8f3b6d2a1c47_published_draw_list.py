"""published draw list: equally likely groups, their hash, and the public number

Revision ID: 8f3b6d2a1c47
Revises: 4d8f2a6c1e93
Create Date: 2026-12-05 03:40:00

"""

import sqlalchemy as sa
from alembic import op

from burgerplatform.core.db import UTCDateTime

# revision identifiers, used by Alembic.
revision = "8f3b6d2a1c47"
down_revision = "4d8f2a6c1e93"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draw_records") as batch:
        batch.add_column(sa.Column("panels", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("list_hash", sa.String(length=64), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("max_deviation", sa.Float(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("published_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("number_source", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("public_number", sa.String(length=100), nullable=True))
        batch.add_column(
            sa.Column("number_entered_at", UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("pick_index", sa.Integer(), nullable=True))


def downgrade():
    # A draw waiting for its number cannot be finished without these columns.
    op.execute("UPDATE draw_records SET status = 'failed' WHERE status = 'published'")
    with op.batch_alter_table("draw_records") as batch:
        for column in (
            "pick_index",
            "number_entered_at",
            "public_number",
            "number_source",
            "published_at",
            "max_deviation",
            "list_hash",
            "panels",
        ):
            batch.drop_column(column)
