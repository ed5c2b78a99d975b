"""Documents on meetings, rounds and proeftuinen; citizens' seats in the zone's bodies.

The files themselves are on disk under UPLOAD_PATH; downgrading drops the table that
names them, not the files (the README says how to back both up).

Revision ID: c3f9a1e7d245
Revises: 8f3b6d2a1c47
Create Date: 2026-12-05 03:23:11.260102

"""

from alembic import op
import sqlalchemy as sa

import burgerplatform.core.db


# revision identifiers, used by Alembic.
revision = "c3f9a1e7d245"
down_revision = "8f3b6d2a1c47"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "agenda",
                "background",
                "minutes",
                "photo",
                "other",
                name="document_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("filename", sa.String(length=160), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("stored_as", sa.String(length=80), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_documents_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name=op.f("fk_documents_zone_id_zones"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("stored_as", name=op.f("uq_documents_stored_as")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index("ix_documents_owner_created", ["owner", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_documents_zone_id"), ["zone_id"], unique=False)

    op.create_table(
        "citizen_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "body",
            sa.Enum(
                "zorgraad",
                "steering_group",
                "klankbordgroep",
                "other",
                name="seat_body",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("body_name", sa.String(length=200), nullable=False),
        sa.Column(
            "chosen_by",
            sa.Enum(
                "lot", "elected", "invited", name="seat_chosen_by", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("round_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("public_consent", sa.Boolean(), nullable=False),
        sa.Column(
            "consent_changed_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("created_at", burgerplatform.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_citizen_seats_round_id_rounds"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_citizen_seats_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"],
            ["zones.id"],
            name=op.f("fk_citizen_seats_zone_id_zones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_citizen_seats")),
    )
    with op.batch_alter_table("citizen_seats", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_citizen_seats_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_citizen_seats_zone_id"), ["zone_id"], unique=False)


def downgrade():
    with op.batch_alter_table("citizen_seats", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_citizen_seats_zone_id"))
        batch_op.drop_index(batch_op.f("ix_citizen_seats_user_id"))

    op.drop_table("citizen_seats")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_zone_id"))
        batch_op.drop_index("ix_documents_owner_created")

    op.drop_table("documents")
