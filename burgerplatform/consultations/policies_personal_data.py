"""The citizen pool's part of "download my data" and "delete my account".

Pool answers are health-related (GDPR art. 9): they leave with the account, and the
person can see exactly what they gave.
"""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.consultations import pool
from burgerplatform.consultations.pool_models import PoolMember
from burgerplatform.core import signals
from burgerplatform.extensions import db


def _memberships(user) -> list[PoolMember]:
    return list(db.session.scalars(select(PoolMember).where(PoolMember.user_id == user.id)))


@signals.collect_personal_data.connect
def export_pool(user, **_extra) -> dict:
    return {
        "citizen_pool": [
            {
                "zone_id": m.zone_id,
                "consent_version": m.consent_version,
                "consent_given_at": m.consent_given_at.isoformat(),
                "left_at": m.left_at.isoformat() if m.left_at else None,
                "answers": sorted(f"{a.value.category.label}: {a.value.label}" for a in m.answers),
            }
            for m in _memberships(user)
        ]
    }


@signals.account_deleting.connect
def erase_pool_answers(user, **_extra) -> None:
    for member in _memberships(user):
        if member.answers or member.left_at is None:
            pool.leave(member)
