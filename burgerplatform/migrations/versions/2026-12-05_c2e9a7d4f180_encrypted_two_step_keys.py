"""Two-step login keys encrypted at rest (DATA_ENCRYPTION_KEY, outside the database).

The column grows to hold a Fernet token and every existing key is encrypted; downgrade
decrypts them again. Run with the same DATA_ENCRYPTION_KEY (or its instance/ file) as the
app, or the keys cannot be read afterwards.

Revision ID: c2e9a7d4f180
Revises: 8d4b2f6a1c37
Create Date: 2026-12-05 03:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c2e9a7d4f180"
down_revision = "8d4b2f6a1c37"
branch_labels = None
depends_on = None


def _rewrite(change):
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL")
    ).all()
    for user_id, secret in rows:
        connection.execute(
            sa.text("UPDATE users SET totp_secret = :s WHERE id = :i"),
            {"s": change(secret), "i": user_id},
        )


def upgrade():
    from burgerplatform.core.crypto import TOKEN_PREFIX, encrypt

    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255)
        )
    _rewrite(lambda s: s if s.startswith(TOKEN_PREFIX) else encrypt(s))


def downgrade():
    from burgerplatform.core.crypto import decrypt

    _rewrite(decrypt)
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column(
            "totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64)
        )
