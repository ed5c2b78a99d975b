"""moderation of round contributions and comments on recommendations

Revision ID: f54486b0542c
Revises: 7d41c9e0b2a5
Create Date: 2026-11-27 20:19:33.824336

"""
from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db


# revision identifiers, used by Alembic.
revision = 'f54486b0542c'
down_revision = '7d41c9e0b2a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.Enum('offensive', 'personal_data', 'spam', 'off_topic', 'other', name='hide_reason', native_enum=False, length=32), nullable=True))
        batch_op.add_column(sa.Column('hidden_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('redacted_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('redacted_original', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hidden_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_contributions_hidden_by_id_users'), 'users', ['hidden_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('recommendation_comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.Enum('offensive', 'personal_data', 'spam', 'off_topic', 'other', name='hide_reason', native_enum=False, length=32), nullable=True))
        batch_op.add_column(sa.Column('hidden_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('redacted_at', burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('redacted_original', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('hidden_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_recommendation_comments_hidden_by_id_users'), 'users', ['hidden_by_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('recommendation_comments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recommendation_comments_hidden_by_id_users'), type_='foreignkey')
        batch_op.drop_column('hidden_by_id')
        batch_op.drop_column('redacted_original')
        batch_op.drop_column('redacted_at')
        batch_op.drop_column('hidden_note')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('contributions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_contributions_hidden_by_id_users'), type_='foreignkey')
        batch_op.drop_column('hidden_by_id')
        batch_op.drop_column('redacted_original')
        batch_op.drop_column('redacted_at')
        batch_op.drop_column('hidden_note')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')

