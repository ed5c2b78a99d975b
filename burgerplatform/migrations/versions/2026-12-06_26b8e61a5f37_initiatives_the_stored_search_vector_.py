"""initiatives: the stored search vector kept in the row (STORAGE MAIN), not in TOAST

Rows are wider than TOAST's 2 KB with the vector, and PostgreSQL moved the vector out:
scanning for a search's candidates then read two or three TOAST pages per row, a cost
the planner does not count (a word in one proposal in twenty: 4,300 rows read, 47 to
116 ms at 100,000 proposals; 4 ms with the vector in the row). Existing rows are written
again so that their vector moves in (PostgreSQL only; SQLite has no stored vector).

Revision ID: 26b8e61a5f37
Revises: 7c2d9e4f1a36
Create Date: 2026-12-06 09:00:00

"""

from alembic import op

revision = "26b8e61a5f37"
down_revision = "7c2d9e4f1a36"
branch_labels = None
depends_on = None


def _storage(kind: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE initiatives ALTER COLUMN search_vector SET STORAGE {kind}")
    # A storage setting applies to values written from now on: write each vector again.
    op.execute("UPDATE initiatives SET search_vector = DEFAULT")


def upgrade():
    _storage("MAIN")


def downgrade():
    _storage("EXTENDED")
