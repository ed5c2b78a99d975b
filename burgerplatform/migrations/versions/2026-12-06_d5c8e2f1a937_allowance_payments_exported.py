"""a payment exported for the bookkeeping records when: it is no longer changed

Revision ID: d5c8e2f1a937
Revises: b3e1a7c40d52
Create Date: 2026-12-06 05:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db


# revision identifiers, used by Alembic.
revision = 'd5c8e2f1a937'
down_revision = 'b3e1a7c40d52'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('allowance_payments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exported_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('allowance_payments', schema=None) as batch_op:
        batch_op.drop_column('exported_at')
