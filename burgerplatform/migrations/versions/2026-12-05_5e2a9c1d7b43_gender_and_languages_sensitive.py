"""Gender and languages are sensitive pool questions.

An outside review (5 December) saw a public count go from 0 to 1 when one person
accepted a seat: "gender: in another way" and "Flemish Sign Language" (a disability)
were then known for that person. A language can also tell someone's origin.

Revision ID: 5e2a9c1d7b43
Revises: b7c41e2d9a10
Create Date: 2026-12-05 01:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "5e2a9c1d7b43"
down_revision = "b7c41e2d9a10"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        sa.text(
            "UPDATE pool_categories SET sensitive = :yes WHERE key IN ('gender', 'languages')"
        ).bindparams(yes=True)
    )


def downgrade():
    op.execute(
        sa.text(
            "UPDATE pool_categories SET sensitive = :no WHERE key IN ('gender', 'languages')"
        ).bindparams(no=False)
    )
