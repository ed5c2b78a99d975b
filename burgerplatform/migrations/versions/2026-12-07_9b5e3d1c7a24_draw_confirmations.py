"""what staff asked to confirm on a draw's page, kept on the server

Revision ID: 9b5e3d1c7a24
Revises: c6e1f4a9b205
Create Date: 2026-12-07 10:00:00

The number typed, or the reason to set a list aside (up to 2,000 characters), waits here
for the page that asks to confirm it, per staff member: it used to travel in the session
cookie, and a reason too long for it was asked on the answer to the form itself (Back
after confirming then showed the browser's "Confirm form resubmission").
"""

import sqlalchemy as sa
from alembic import op

import burgerplatform.core.db

revision = "9b5e3d1c7a24"
down_revision = "c6e1f4a9b205"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "draw_confirmations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("draw_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("typed", sa.Text(), nullable=False),
        sa.Column("shown_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["draw_id"],
            ["draw_records.id"],
            name=op.f("fk_draw_confirmations_draw_id_draw_records"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_draw_confirmations_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draw_confirmations")),
    )
    with op.batch_alter_table("draw_confirmations", schema=None) as batch_op:
        batch_op.create_index("ix_draw_confirmations_draw_user", ["draw_id", "user_id"])
        batch_op.create_index(batch_op.f("ix_draw_confirmations_user_id"), ["user_id"])


def downgrade():
    with op.batch_alter_table("draw_confirmations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draw_confirmations_user_id"))
        batch_op.drop_index("ix_draw_confirmations_draw_user")
    op.drop_table("draw_confirmations")
