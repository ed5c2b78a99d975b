"""supporters follow: every supporter gets a follow row, so stopping the messages keeps the support

Revision ID: df4f0b666c95
Revises: 06d7dc1fa569
Create Date: 2026-12-04 21:25:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'df4f0b666c95'
down_revision = '06d7dc1fa569'
branch_labels = None
depends_on = None


def upgrade():
    # Messages now go to followers only, and supporting makes one a follower: supporters
    # from before keep getting their messages.
    op.execute(
        "INSERT INTO initiative_follows (initiative_id, user_id, created_at) "
        "SELECT s.initiative_id, s.user_id, s.created_at FROM initiative_supports s "
        "WHERE NOT EXISTS (SELECT 1 FROM initiative_follows f "
        "WHERE f.initiative_id = s.initiative_id AND f.user_id = s.user_id)"
    )


def downgrade():
    # Supporters got messages without a follow row before; the rows do no harm there.
    pass
