"""draws on answer profiles: the audit record keeps the people per profile; a failed
draw keeps its reason untranslated

Revision ID: 7d41c9e0b2a5
Revises: 5c1e7a2d9f40
Create Date: 2026-11-27 20:40:00.000000

Earlier records stored panels of people. Each is rewritten as compositions over
one-person profiles, which the new pick replays to the very same group (one seat in a
one-person profile is that person). Earlier reasons for a failed draw are already
translated text; they get no values and are shown as they are.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d41c9e0b2a5'
down_revision = '5c1e7a2d9f40'
branch_labels = None
depends_on = None

records = sa.table(
    'draw_records',
    sa.column('id', sa.Integer()),
    sa.column('profiles', sa.JSON()),
    sa.column('distribution', sa.JSON()),
    sa.column('error_params', sa.JSON()),
)


def as_profiles(panels):
    """(profiles, distribution) for a stored list of [panel of ids, probability]."""
    people = sorted({pid for panel, _p in panels or [] for pid in panel})
    index = {pid: t for t, pid in enumerate(people)}
    distribution = [[[[index[pid], 1] for pid in panel], p] for panel, p in panels or []]
    return [[pid] for pid in people], distribution


def upgrade():
    with op.batch_alter_table('draw_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('profiles', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('error_params', sa.JSON(), nullable=True))
    conn = op.get_bind()
    for id_, panels in conn.execute(sa.select(records.c.id, records.c.distribution)).all():
        profiles, distribution = as_profiles(panels)
        conn.execute(
            records.update()
            .where(records.c.id == id_)
            .values(profiles=profiles, distribution=distribution, error_params={})
        )
    with op.batch_alter_table('draw_records', schema=None) as batch_op:
        batch_op.alter_column('profiles', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('error_params', existing_type=sa.JSON(), nullable=False)


def downgrade():
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(records.c.id, records.c.profiles, records.c.distribution)
    ).all()
    for id_, profiles, distribution in rows:
        # Only one-person profiles map back to panels of people; others are dropped.
        if all(len(p) == 1 for p in profiles or []):
            panels = [
                [[profiles[t][0] for t, _seats in composition], p]
                for composition, p in distribution or []
            ]
        else:
            panels = []
        conn.execute(records.update().where(records.c.id == id_).values(distribution=panels))
    with op.batch_alter_table('draw_records', schema=None) as batch_op:
        batch_op.drop_column('error_params')
        batch_op.drop_column('profiles')
