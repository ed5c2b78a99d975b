"""one-time form keys; a changed zorgraad answer keeps its trace; a round can be cancelled

Revision ID: b7c41e2d9a10
Revises: 3c1e7d9a5b20
Create Date: 2026-12-05 00:00:00

"""
import sqlalchemy as sa
from alembic import op

import burgerplatform.core.db


# revision identifiers, used by Alembic.
revision = 'b7c41e2d9a10'
down_revision = '3c1e7d9a5b20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'used_form_keys',
        sa.Column('key', sa.String(length=90), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('created_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_used_form_keys_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_used_form_keys')),
    )
    with op.batch_alter_table('used_form_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_form_keys_user_id'), ['user_id'], unique=False)
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome_changed_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('outcome_previous', sa.Enum('adopted', 'adapted', 'referred', 'declined', name='recommendation_outcome_previous', native_enum=False, length=32), nullable=True))
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_column('cancel_reason')
        batch_op.drop_column('cancelled_at')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_column('outcome_previous')
        batch_op.drop_column('outcome_changed_at')
    with op.batch_alter_table('used_form_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_form_keys_user_id'))
    op.drop_table('used_form_keys')
