"""Easy-read versions (Klare Taal) beside the full text.

A round's question, the zorgraad's answer to an initiative, an initiative's timeline
event (its answer and progress updates), a recommendation, a round's progress update
and a proeftuin topic's outcome each get an optional easy-read text and its HTML.

Revision ID: e4a7b2c9d168
Revises: c2e9a7d4f180
Create Date: 2026-12-05 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e4a7b2c9d168"
down_revision = "c2e9a7d4f180"
branch_labels = None
depends_on = None

COLUMNS = {
    "rounds": "question_easy",
    "initiatives": "answer_easy",
    "initiative_events": "text_easy",
    "recommendations": "body_easy",
    "recommendation_updates": "body_easy",
    "proeftuin_topics": "outcome_easy",
}


def upgrade():
    for table, column in COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Text(), nullable=False, server_default=""))
            batch_op.add_column(sa.Column(f"{column}_html", sa.Text(), nullable=True))


def downgrade():
    for table, column in COLUMNS.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(f"{column}_html")
            batch_op.drop_column(column)
