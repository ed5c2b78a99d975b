""""What helps me take part" is a sensitive pool question.

An outside review saw its count go from 6 to 7 when one citizen joined: an interpreter
or an accessible venue can point to sign language or a disability. Marked sensitive,
its counts read "fewer than 5" or a band of five, as the other sensitive questions.

Revision ID: c3f7a2b91d04
Revises: a8d41c6e2f95
Create Date: 2026-12-06 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c3f7a2b91d04"
down_revision = "a8d41c6e2f95"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        sa.text("UPDATE pool_categories SET sensitive = :yes WHERE key = 'support'").bindparams(
            yes=True
        )
    )


def downgrade():
    op.execute(
        sa.text("UPDATE pool_categories SET sensitive = :no WHERE key = 'support'").bindparams(
            no=False
        )
    )
