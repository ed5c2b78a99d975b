"""round journey: how a correction was closed

Revision ID: 06d7dc1fa569
Revises: 56a6f885c9fe
Create Date: 2026-12-04 19:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '06d7dc1fa569'
down_revision = '56a6f885c9fe'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed', sa.Boolean(), nullable=True))


def downgrade():
    with op.batch_alter_table('review_responses', schema=None) as batch_op:
        batch_op.drop_column('changed')
