"""zone help: a real person to reach (name, address, opening hours); accessibility reports

Revision ID: 9d4b2e7a1c63
Revises: c3f9a1e7d245
Create Date: 2026-12-05 03:40:00

"""

import sqlalchemy as sa
from alembic import op

import burgerplatform.core.db

revision = "9d4b2e7a1c63"
down_revision = "c3f9a1e7d245"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("zones", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_name", sa.String(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("contact_address", sa.String(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("opening_hours", sa.String(length=500), nullable=False, server_default="")
        )
    op.create_table(
        "accessibility_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.String(length=500), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.String(length=254), nullable=False),
        sa.Column(
            "created_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_accessibility_reports_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zones.id"],
            name=op.f("fk_accessibility_reports_zone_id_zones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accessibility_reports")),
    )
    with op.batch_alter_table("accessibility_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_accessibility_reports_zone_id_id", ["zone_id", "id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_accessibility_reports_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("accessibility_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accessibility_reports_user_id"))
        batch_op.drop_index("ix_accessibility_reports_zone_id_id")
    op.drop_table("accessibility_reports")
    with op.batch_alter_table("zones", schema=None) as batch_op:
        batch_op.drop_column("opening_hours")
        batch_op.drop_column("contact_address")
        batch_op.drop_column("contact_name")
