"""a failed draw with a quota on a sensitive answer keeps only the fixed sentence

Revision ID: b6e2f0c4d813
Revises: c3f7a2b91d04
Create Date: 2026-12-06 16:00:00

Until now a failed draw kept which quotas clashed on the real pool, with counts (blurred
for sensitive answers), shown to staff and in the audit record. Quotas tried at the draw
could be steered so that this hangs on one person's sensitive answer. Such records (and
their job's result) now keep only the fixed sentence the draw says today
(`sortition.SENSITIVE_CLASH`). A quota stored without the `sensitive` mark counts as
sensitive, as on the public record. The old message is not kept, so the downgrade
leaves the fixed sentence.
"""

import sqlalchemy as sa
from alembic import op

revision = "b6e2f0c4d813"
down_revision = "c3f7a2b91d04"
branch_labels = None
depends_on = None

# sortition.SENSITIVE_CLASH, as stored (a test checks that they agree).
FIXED = (
    "The pool cannot meet these quotas together. We do not say which quotas on sensitive "
    "answers (health, care, gender, languages) are too strict, or how many people have "
    "those answers: that could give away one person's answer. Make those quotas wider or "
    "invite more people to the pool. The table of the quotas shows their numbers rounded."
)

records = sa.table(
    "draw_records",
    sa.column("id", sa.Integer()),
    sa.column("job_id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("quotas", sa.JSON()),
    sa.column("error", sa.Text()),
    sa.column("error_params", sa.JSON()),
)
jobs = sa.table("jobs", sa.column("id", sa.Integer()), sa.column("result", sa.JSON()))


def names_a_sensitive_quota(quotas) -> bool:
    return any(q.get("sensitive", True) for q in quotas or [])


def upgrade():
    conn = op.get_bind()
    failed = conn.execute(
        sa.select(records.c.id, records.c.job_id, records.c.quotas).where(
            records.c.status == "failed"
        )
    ).all()
    for id_, job_id, quotas in failed:
        if not names_a_sensitive_quota(quotas):
            continue
        conn.execute(
            records.update().where(records.c.id == id_).values(error=FIXED, error_params={})
        )
        if job_id is not None:
            conn.execute(jobs.update().where(jobs.c.id == job_id).values(result={"failed": FIXED}))


def downgrade():
    # The messages it replaced are gone on purpose: nothing to restore.
    pass
