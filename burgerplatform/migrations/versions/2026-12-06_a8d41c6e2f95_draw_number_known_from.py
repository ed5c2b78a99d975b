"""a draw's list says from when the source's number is known; no number is entered before

Revision ID: a8d41c6e2f95
Revises: f3b7d2a9c514
Create Date: 2026-12-06 13:15:00

"""

import sqlalchemy as sa
from alembic import op

import burgerplatform.core.db

revision = "a8d41c6e2f95"
down_revision = "f3b7d2a9c514"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draw_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "number_known_from",
                burgerplatform.core.db.UTCDateTime(timezone=True),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("draw_records", schema=None) as batch_op:
        batch_op.drop_column("number_known_from")
