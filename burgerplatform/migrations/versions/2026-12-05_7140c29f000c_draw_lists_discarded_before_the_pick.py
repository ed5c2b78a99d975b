"""draw lists discarded before the pick: when and why (the status is a plain string)

Revision ID: 7140c29f000c
Revises: b2dcc7a5da66
Create Date: 2026-12-05 22:01:43

"""

import sqlalchemy as sa
from alembic import op

import burgerplatform.core.db

revision = "7140c29f000c"
down_revision = "b2dcc7a5da66"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draw_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "discarded_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("discard_reason", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("draw_records", schema=None) as batch_op:
        batch_op.drop_column("discard_reason")
        batch_op.drop_column("discarded_at")
