"""draw public record: per-draw alias key and each profile's quota answers

Revision ID: 3c1e7d9a5b20
Revises: df4f0b666c95
Create Date: 2026-12-05 00:00:00

"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3c1e7d9a5b20"
down_revision = "df4f0b666c95"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("draw_records") as batch:
        batch.add_column(
            sa.Column("alias_salt", sa.String(length=32), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("profile_answers", sa.JSON(), nullable=False, server_default="[]")
        )
    # Draws made before get their own alias key too: their records then never show the
    # pool's lasting pseudonyms. (Their profile answers stay unknown: no public record.)
    records = sa.table(
        "draw_records", sa.column("id", sa.Integer), sa.column("alias_salt", sa.String)
    )
    connection = op.get_bind()
    for (record_id,) in connection.execute(sa.select(records.c.id)).all():
        connection.execute(
            records.update()
            .where(records.c.id == record_id)
            .values(alias_salt=secrets.token_hex(16))
        )


def downgrade():
    with op.batch_alter_table("draw_records") as batch:
        batch.drop_column("profile_answers")
        batch.drop_column("alias_salt")
