"""Zones' part of "download my data" and of deleting an account: the accessibility
problems the person reported."""

from __future__ import annotations

from sqlalchemy import select, update

from burgerplatform.core import signals
from burgerplatform.extensions import db
from burgerplatform.zones.models import AccessibilityReport


@signals.collect_personal_data.connect
def export_accessibility_reports(user, **_extra) -> dict:
    reports = db.session.scalars(
        select(AccessibilityReport)
        .where(AccessibilityReport.user_id == user.id)
        .order_by(AccessibilityReport.id)
    )
    return {
        "accessibility_reports": [
            {
                "page": r.page,
                "problem": r.problem,
                "reply_to": r.reply_to,
                "created_at": r.created_at.isoformat(),
            }
            for r in reports
        ]
    }


@signals.account_deleting.connect
def forget_reply_address(user, **_extra) -> None:
    """The problem stays for the staff to fix; how to reach its reporter goes."""
    db.session.execute(
        update(AccessibilityReport)
        .where(AccessibilityReport.user_id == user.id)
        .values(reply_to="", user_id=None)
    )
