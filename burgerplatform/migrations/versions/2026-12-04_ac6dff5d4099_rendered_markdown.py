"""Markdown rendered when saved: a *_html column beside every Markdown text

Every text a page shows through the |markdown filter is now rendered once when it is
saved (core.markdown.keep_rendered) and read from its *_html column, so a page read never
parses Markdown (issue 12, defect 2). The data step renders every existing row with the
current renderer.

Revision ID: ac6dff5d4099
Revises: 56a6f885c9fe
Create Date: 2026-12-04 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ac6dff5d4099'
down_revision = '56a6f885c9fe'
branch_labels = None
depends_on = None

# table -> its Markdown columns (each gets <column>_html)
TEXTS = {
    'agenda_items': ['notes'],
    'contributions': ['body'],
    'initiative_comments': ['body'],
    'initiative_events': ['text'],
    'initiatives': ['body', 'affected', 'request', 'answer_reason', 'final_word'],
    'meetings': ['agenda'],
    'minutes': ['body'],
    'proeftuin_coach_notes': ['body'],
    'proeftuin_posts': ['body'],
    'proeftuin_topics': ['outcome'],
    'proeftuinen': ['description'],
    'recommendation_comments': ['body'],
    'recommendation_updates': ['body'],
    'recommendations': ['body', 'outcome_reason'],
    'round_suggestions': ['reason'],
    'rounds': ['background'],
}
BATCH = 500


def upgrade():
    for table, columns in TEXTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(sa.Column(f'{column}_html', sa.Text(), nullable=True))
    render_existing_rows()


def render_existing_rows():
    from burgerplatform.core.markdown import render

    bind = op.get_bind()
    for name, columns in TEXTS.items():
        table = sa.table(
            name,
            sa.column('id', sa.Integer),
            *(sa.column(c, sa.Text) for c in columns),
            *(sa.column(f'{c}_html', sa.Text) for c in columns),
        )
        last = 0
        while True:
            rows = bind.execute(
                sa.select(table.c.id, *(table.c[c] for c in columns))
                .where(table.c.id > last)
                .order_by(table.c.id)
                .limit(BATCH)
            ).all()
            if not rows:
                break
            for row in rows:
                bind.execute(
                    table.update()
                    .where(table.c.id == row.id)
                    .values({f'{c}_html': render(getattr(row, c)) for c in columns})
                )
            last = rows[-1].id


def downgrade():
    for table, columns in TEXTS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_column(f'{column}_html')
