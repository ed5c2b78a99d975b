"""a draw keeps its time zone and the public record's facts as published (format /5)

Revision ID: c6e1f4a9b205
Revises: b6e2f0c4d813
Create Date: 2026-12-06 16:00:00

"""

import sqlalchemy as sa
from alembic import op
from flask import current_app

revision = "c6e1f4a9b205"
down_revision = "b6e2f0c4d813"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draw_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_zone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("published_facts", sa.JSON(), nullable=True))
    # Lists published so far were fingerprinted (format /4) with the setting as it is
    # now: keep it with them, so that a later change of the setting breaks none.
    zone = str(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Brussels"))
    draws = sa.table(
        "draw_records",
        sa.column("time_zone", sa.String),
        sa.column("published_at", sa.DateTime),
    )
    op.execute(draws.update().where(draws.c.published_at.isnot(None)).values(time_zone=zone))


def downgrade():
    with op.batch_alter_table("draw_records", schema=None) as batch_op:
        batch_op.drop_column("published_facts")
        batch_op.drop_column("time_zone")
