"""pool consent versions: who was asked to agree again, and who a draw left out for it

Revision ID: 7108da431d2d
Revises: ac6dff5d4099
Create Date: 2026-12-04 19:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7108da431d2d'
down_revision = 'ac6dff5d4099'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pool_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('consent_asked_version', sa.String(length=16), nullable=True))

    with op.batch_alter_table('draw_records', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('left_out_consent', sa.Integer(), nullable=False, server_default='0')
        )


def downgrade():
    with op.batch_alter_table('draw_records', schema=None) as batch_op:
        batch_op.drop_column('left_out_consent')

    with op.batch_alter_table('pool_members', schema=None) as batch_op:
        batch_op.drop_column('consent_asked_version')
