"""a moderator can hide a group's listing with a visible reason

Revision ID: b3e1a7c40d52
Revises: 7140c29f000c
Create Date: 2026-12-06 01:55:00.000000

"""
from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db


# revision identifiers, used by Alembic.
revision = 'b3e1a7c40d52'
down_revision = '7140c29f000c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.Enum('offensive', 'personal_data', 'spam', 'off_topic', 'other', name='hide_reason', native_enum=False, length=32), nullable=True))
        batch_op.add_column(sa.Column('hidden_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hidden_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_groups_hidden_by_id_users'), 'users', ['hidden_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('groups', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_groups_hidden_by_id_users'), type_='foreignkey')
        batch_op.drop_column('hidden_by_id')
        batch_op.drop_column('hidden_note')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')
