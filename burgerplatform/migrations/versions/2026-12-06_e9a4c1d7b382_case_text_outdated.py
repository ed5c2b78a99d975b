"""a case's French or English text is marked out of date when its Dutch text changes,
until that version is edited too

Revision ID: e9a4c1d7b382
Revises: 26b8e61a5f37
Create Date: 2026-12-06 09:10:00

"""

import sqlalchemy as sa
from alembic import op

import burgerplatform.core.db

revision = "e9a4c1d7b382"
down_revision = "26b8e61a5f37"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("case_texts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "outdated_since",
                burgerplatform.core.db.UTCDateTime(timezone=True),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("case_texts", schema=None) as batch_op:
        batch_op.drop_column("outdated_since")
