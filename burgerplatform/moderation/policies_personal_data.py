"""Moderation's part of "download my data": the reports the person made."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.core import signals
from burgerplatform.extensions import db
from burgerplatform.moderation.models import Report


@signals.collect_personal_data.connect
def export_reports(user, **_extra) -> dict:
    reports = db.session.scalars(
        select(Report).where(Report.reporter_id == user.id).order_by(Report.id)
    )
    return {
        "reports": [
            {
                "about": f"{r.target_type}:{r.target_id}",
                "reason": r.reason.value,
                "text": r.text,
                "created_at": r.created_at.isoformat(),
                "resolved_at": r.resolved_at.isoformat() if r.resolved_at else None,
            }
            for r in reports
        ]
    }
