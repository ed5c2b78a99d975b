"""at most one draw per round is being made or waits for its number

Revision ID: f3b7d2a9c514
Revises: e9a4c1d7b382
Create Date: 2026-12-06 10:40:00

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import burgerplatform.core.db

revision = "f3b7d2a9c514"
down_revision = "e9a4c1d7b382"
branch_labels = None
depends_on = None

PENDING = "status IN ('queued', 'running', 'published')"
# Shown on the public page with the list it sets aside (staff write these in Dutch too).
REASON = (
    "Er werden tegelijk twee lijsten gemaakt; deze werd automatisch weggelegd, "
    "de nieuwste blijft."
)


def upgrade():
    # Two lists made at the same moment before this index existed: the newest stays
    # pending, the others are set aside like any discarded list (public, with a reason).
    draws = sa.table(
        "draw_records",
        sa.column("id", sa.Integer),
        sa.column("round_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("discard_reason", sa.Text),
        sa.column("discarded_at", burgerplatform.core.db.UTCDateTime(timezone=True)),
    )
    rows = op.get_bind().execute(
        sa.select(draws.c.id, draws.c.round_id)
        .where(sa.text(PENDING))
        .order_by(draws.c.round_id, draws.c.id.desc())
    )
    seen, older = set(), []
    for draw_id, round_id in rows:
        if round_id in seen:
            older.append(draw_id)
        seen.add(round_id)
    if older:
        op.execute(
            draws.update()
            .where(draws.c.id.in_(older))
            .values(status="discarded", discard_reason=REASON, discarded_at=datetime.now(UTC))
        )
    op.create_index(
        "uq_draw_records_one_pending_per_round",
        "draw_records",
        ["round_id"],
        unique=True,
        sqlite_where=sa.text(PENDING),
        postgresql_where=sa.text(PENDING),
    )


def downgrade():
    op.drop_index("uq_draw_records_one_pending_per_round", table_name="draw_records")
