"""counters, indexes and full-text search (fast pages at the size of Flanders)

Revision ID: db587158b969
Revises: a3e3cb347f88
Create Date: 2026-11-27 18:12:25.785705

"""
from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db  # noqa: F401


# revision identifiers, used by Alembic.
revision = 'db587158b969'
down_revision = 'a3e3cb347f88'
branch_labels = None
depends_on = None

SEARCH_DOCUMENT = (
    "to_tsvector('dutch', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
    "|| coalesce(body, ''))"
)


def upgrade():
    # A zone's public figures as counters; a zone without rows is counted on first use.
    op.create_table('initiative_figures',
    sa.Column('zone_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['zone_id'], ['zones.id'], name=op.f('fk_initiative_figures_zone_id_zones'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('zone_id', 'key', name=op.f('pk_initiative_figures'))
    )
    with op.batch_alter_table('initiative_comments', schema=None) as batch_op:
        batch_op.create_index('ix_initiative_comments_author', ['author_id'], unique=False)

    with op.batch_alter_table('initiative_municipality_links', schema=None) as batch_op:
        batch_op.create_index('ix_initiative_municipality_links_municipality', ['municipality_id', 'initiative_id'], unique=False)

    with op.batch_alter_table('initiative_theme_links', schema=None) as batch_op:
        batch_op.create_index('ix_initiative_theme_links_theme', ['theme_id', 'initiative_id'], unique=False)

    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comments_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_index(batch_op.f('ix_initiatives_zone_status'))
        batch_op.create_index('ix_initiatives_zone_published', ['zone_id', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_initiatives_zone_status_due', ['zone_id', 'status', 'answer_due_at'], unique=False)
        batch_op.create_index('ix_initiatives_zone_status_published', ['zone_id', 'status', 'published_at', 'id'], unique=False)
        batch_op.create_index('ix_initiatives_zone_supports', ['zone_id', 'supports_count', 'id'], unique=False)
    op.create_index(
        'ix_initiatives_zone_waiting',
        'initiatives',
        ['zone_id', sa.text('coalesce(agenda_at, published_at, created_at)'), 'id'],
        unique=False,
    )
    if op.get_bind().dialect.name == 'postgresql':
        op.create_index(
            'ix_initiatives_search',
            'initiatives',
            [sa.text(SEARCH_DOCUMENT)],
            unique=False,
            postgresql_using='gin',
        )
    # Existing comments: the counter starts at what is visible now.
    op.execute(
        "UPDATE initiatives SET comments_count = (SELECT count(*) FROM initiative_comments c "
        "WHERE c.initiative_id = initiatives.id AND c.hidden_at IS NULL)"
    )

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_id', ['user_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_id')

    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_initiatives_search', table_name='initiatives')
    op.drop_index('ix_initiatives_zone_waiting', table_name='initiatives')
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.drop_index('ix_initiatives_zone_supports')
        batch_op.drop_index('ix_initiatives_zone_status_published')
        batch_op.drop_index('ix_initiatives_zone_status_due')
        batch_op.drop_index('ix_initiatives_zone_published')
        batch_op.create_index(batch_op.f('ix_initiatives_zone_status'), ['zone_id', 'status'], unique=False)
        batch_op.drop_column('comments_count')

    with op.batch_alter_table('initiative_theme_links', schema=None) as batch_op:
        batch_op.drop_index('ix_initiative_theme_links_theme')

    with op.batch_alter_table('initiative_municipality_links', schema=None) as batch_op:
        batch_op.drop_index('ix_initiative_municipality_links_municipality')

    with op.batch_alter_table('initiative_comments', schema=None) as batch_op:
        batch_op.drop_index('ix_initiative_comments_author')

    op.drop_table('initiative_figures')
