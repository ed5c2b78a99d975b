"""round journey: how a correction was closed, follow-up of offline input, zone phone

Revision ID: 06d7dc1fa569
Revises: 7108da431d2d
Create Date: 2026-12-04 19:40:00

"""
from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db


# revision identifiers, used by Alembic.
revision = '06d7dc1fa569'
down_revision = '7108da431d2d'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('review_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('changed', sa.Boolean(), nullable=True))

    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('followed_up_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('followed_up_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_contributions_followed_up_by_id_users'), 'users', ['followed_up_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('zones', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('zones', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')

    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contributions_followed_up_by_id_users'), type_='foreignkey')
        batch_op.drop_column('followed_up_by_id')
        batch_op.drop_column('followed_up_at')

    with op.batch_alter_table('review_responses', schema=None) as batch_op:
        batch_op.drop_column('changed')
