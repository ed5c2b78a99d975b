"""Meetings' part of "download my data": whether the person said they would attend."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.core import signals
from burgerplatform.extensions import db
from burgerplatform.meetings.models import Attendance, Meeting


@signals.collect_personal_data.connect
def export_attendance(user, **_extra) -> dict:
    rows = db.session.execute(
        select(Attendance, Meeting)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Attendance.user_id == user.id)
        .order_by(Meeting.starts_at)
    ).all()
    return {
        "meeting_attendance": [
            {
                "meeting": m.title,
                "starts_at": m.starts_at.isoformat(),
                "answer": a.answer.value,
                "answered_at": a.updated_at.isoformat(),
            }
            for a, m in rows
        ]
    }
