"""Notifications' part of "download my data": what we told the person, and when."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.core import signals
from burgerplatform.extensions import db
from burgerplatform.notifications.kinds import text_for
from burgerplatform.notifications.models import Notification


@signals.collect_personal_data.connect
def export_notifications(user, **_extra) -> dict:
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
    )
    return {
        "notifications": [
            {
                "text": text_for(n.kind, n.params),
                "link": n.url,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "emailed_at": n.emailed_at.isoformat() if n.emailed_at else None,
            }
            for n in notes
        ]
    }
