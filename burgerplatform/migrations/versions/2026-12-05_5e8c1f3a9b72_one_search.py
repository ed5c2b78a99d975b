"""one search: full-text GIN indexes (Dutch and French) on rounds, recommendations,
proeftuin topics and posts, meetings; the initiatives' index gains French

Revision ID: 5e8c1f3a9b72
Revises: 06acb2529f14
Create Date: 2026-12-05 22:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5e8c1f3a9b72"
down_revision = "06acb2529f14"
branch_labels = None
depends_on = None


def _document(titles, texts):
    """core.fulltext.document as it was when this migration was written (frozen here)."""
    columns = " || ' ' || ".join(f"coalesce({c}, '')" for c in (*titles, *texts))
    return "(" + " || ".join(f"to_tsvector('{lang}', {columns})" for lang in LANGUAGES) + ")"


LANGUAGES = ("dutch", "french")
OLD_INITIATIVES = (
    "to_tsvector('dutch', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
    "|| coalesce(body, ''))"
)
INDEXES = (
    ("ix_initiatives_search", "initiatives", _document(("title",), ("summary", "body"))),
    (
        "ix_rounds_search",
        "rounds",
        _document(("title",), ("question_final", "question_draft", "question_easy", "background")),
    ),
    ("ix_recommendations_search", "recommendations", _document(("title",), ("body", "body_easy"))),
    (
        "ix_proeftuin_topics_search",
        "proeftuin_topics",
        _document(("title",), ("outcome", "outcome_easy")),
    ),
    ("ix_proeftuin_posts_search", "proeftuin_posts", _document((), ("body",))),
    ("ix_meetings_search", "meetings", _document(("title",), ("agenda", "location"))),
)


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no to_tsvector: the search reads the columns (core.fulltext)
    op.drop_index("ix_initiatives_search", table_name="initiatives")
    for name, table, document in INDEXES:
        op.create_index(name, table, [sa.text(document)], unique=False, postgresql_using="gin")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, table, _document_sql in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    op.create_index(
        "ix_initiatives_search",
        "initiatives",
        [sa.text(OLD_INITIATIVES)],
        unique=False,
        postgresql_using="gin",
    )
