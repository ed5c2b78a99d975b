"""page cache version: one row whose number changes with every committed write (core/page_cache.py)

Revision ID: 56a6f885c9fe
Revises: f54486b0542c
Create Date: 2026-11-27 21:31:20.898740

"""
from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db


# revision identifiers, used by Alembic.
revision = '56a6f885c9fe'
down_revision = 'f54486b0542c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cache_versions',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cache_versions'))
    )


def downgrade():
    op.drop_table('cache_versions')
