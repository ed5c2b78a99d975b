"""Meetings, agendas, attendance, and minutes that participants may correct."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.meetings.models import (
    AgendaItem,
    Attendance,
    AttendanceAnswer,
    CorrectionStatus,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesCorrection,
    MinutesStatus,
)

# A meeting is planned at most this far ahead, and recorded at most this far back: a
# year such as 1990 or 2090 is a typing error, not a meeting.
YEARS_AHEAD = 5
DAYS_BACK = 366


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise DomainError(_l("The end must be after the start."), field="ends_at")


def _check_plausible(starts_at: datetime, ends_at: datetime) -> None:
    now = utcnow()
    for field, moment in (("starts_at", starts_at), ("ends_at", ends_at)):
        if moment < now - timedelta(days=DAYS_BACK):
            raise DomainError(_l("This date is more than a year ago. Check the year."), field=field)
        if moment > now + timedelta(days=365 * YEARS_AHEAD + 1):
            raise DomainError(
                _l(
                    "This date is more than %(years)d years ahead. Check the year.",
                    years=YEARS_AHEAD,
                ),
                field=field,
            )


def create_meeting(
    *,
    kind: MeetingKind,
    space: str,
    zone_id: int | None,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    created_by: User | None,
    location: str = "",
    online_url: str = "",
    agenda: str = "",
) -> Meeting:
    _check_times(starts_at, ends_at)
    _check_plausible(starts_at, ends_at)
    meeting = Meeting(
        kind=kind,
        space=space,
        zone_id=zone_id,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url.strip(),
        agenda=agenda,
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, **values: Any) -> None:
    starts_at = values.get("starts_at", meeting.starts_at)
    ends_at = values.get("ends_at", meeting.ends_at)
    _check_times(starts_at, ends_at)
    if (starts_at, ends_at) != (meeting.starts_at, meeting.ends_at):
        # A meeting held long ago keeps its date when only its agenda or place changes.
        _check_plausible(starts_at, ends_at)
    for key, value in values.items():
        setattr(meeting, key, value)


def cancel_meeting(meeting: Meeting) -> None:
    meeting.cancelled_at = utcnow()


def upcoming(space: str | list[str], limit: int = 20) -> list[Meeting]:
    spaces = [space] if isinstance(space, str) else space
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.space.in_(spaces),
                Meeting.ends_at >= utcnow(),
                Meeting.cancelled_at.is_(None),
            )
            .order_by(Meeting.starts_at)
            .limit(limit)
        )
    )


def add_agenda_item(
    meeting: Meeting,
    title: str,
    notes: str = "",
    subject_type: str | None = None,
    subject_id: int | None = None,
    presenter: User | None = None,
) -> AgendaItem:
    if meeting.cancelled_at is not None:
        raise DomainError(_l("This meeting is cancelled."))
    position = max((i.position for i in meeting.items), default=0) + 1
    item = AgendaItem(
        meeting=meeting,
        position=position,
        title=title.strip(),
        notes=notes,
        subject_type=subject_type,
        subject_id=subject_id,
        presenter_id=presenter.id if presenter else None,
    )
    db.session.add(item)
    db.session.flush()
    return item


def items_about(subject_type: str, subject_id: int) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .join(Meeting)
            .where(AgendaItem.subject_type == subject_type, AgendaItem.subject_id == subject_id)
            .order_by(Meeting.starts_at)
        )
    )


def takes_answers(meeting: Meeting) -> bool:
    """Who comes is asked until the meeting ends; a cancelled meeting asks nobody."""
    return meeting.cancelled_at is None and meeting.ends_at > utcnow()


def set_attendance(meeting: Meeting, user: User, answer: AttendanceAnswer) -> Attendance:
    if meeting.cancelled_at is not None:
        raise DomainError(_l("This meeting is cancelled."))
    if meeting.ends_at <= utcnow():
        # Who was there is the attendance register's, not a reply after the fact.
        raise DomainError(_l("This meeting is over: you can no longer say whether you come."))
    existing = db.session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.user_id == user.id)
    )
    if existing is None:
        existing = Attendance(meeting_id=meeting.id, user_id=user.id, answer=answer)
        db.session.add(existing)
    else:
        existing.answer = answer
    db.session.flush()
    return existing


def attendance_counts(meeting: Meeting) -> dict[AttendanceAnswer, int]:
    counts = dict.fromkeys(AttendanceAnswer, 0)
    for (answer,) in db.session.execute(
        select(Attendance.answer).where(Attendance.meeting_id == meeting.id)
    ):
        counts[answer] += 1
    return counts


# --- Minutes -------------------------------------------------------------------------


def save_minutes(meeting: Meeting, author: User, body: str) -> Minutes:
    minutes = meeting.minutes
    if minutes is None:
        minutes = Minutes(meeting=meeting, author_id=author.id, body=body)
        db.session.add(minutes)
    elif minutes.status is MinutesStatus.FINAL:
        raise DomainError(_l("These minutes are final and can no longer be changed."))
    else:
        minutes.body = body
    db.session.flush()
    return minutes


def open_review(minutes: Minutes, until: datetime) -> None:
    if minutes.status is not MinutesStatus.DRAFT:
        raise DomainError(_l("These minutes are not a draft any more."))
    if until <= utcnow():
        raise DomainError(_l("The review period must end in the future."), field="review_until")
    if not minutes.body.strip():
        raise DomainError(_l("Write the minutes first."), field="body")
    minutes.status = MinutesStatus.REVIEW
    minutes.review_until = until
    minutes.opened_for_review_at = utcnow()


def propose_correction(
    minutes: Minutes, proposer: User, suggestion: str, reason: str, passage: str = ""
) -> MinutesCorrection:
    if minutes.status is not MinutesStatus.REVIEW:
        raise DomainError(
            _l("Corrections can only be proposed while the minutes are open for corrections.")
        )
    if not suggestion.strip():
        raise DomainError(_l("Write what the minutes should say."), field="suggestion")
    correction = MinutesCorrection(
        minutes=minutes,
        proposer_id=proposer.id,
        passage=passage.strip(),
        suggestion=suggestion.strip(),
        reason=reason.strip(),
    )
    db.session.add(correction)
    db.session.flush()
    return correction


def accept_correction(correction: MinutesCorrection, writer: User, new_body: str | None) -> None:
    """Take a correction over; `new_body` is the minutes' text with it applied (if the
    writer did not give one and the passage is found, it is replaced in the text)."""
    _check_open(correction)
    minutes = correction.minutes
    if new_body is None or not new_body.strip():
        if correction.passage and correction.passage in minutes.body:
            new_body = minutes.body.replace(correction.passage, correction.suggestion, 1)
        else:
            new_body = minutes.body
    minutes.body = new_body
    correction.status = CorrectionStatus.ACCEPTED
    correction.handled_by_id = writer.id
    correction.handled_at = utcnow()


def answer_correction(correction: MinutesCorrection, writer: User, answer: str) -> None:
    _check_open(correction)
    if not answer.strip():
        raise DomainError(_l("Explain why the correction is not taken over."), field="answer")
    correction.status = CorrectionStatus.ANSWERED
    correction.answer = answer.strip()
    correction.handled_by_id = writer.id
    correction.handled_at = utcnow()


def _check_open(correction: MinutesCorrection) -> None:
    if correction.status is not CorrectionStatus.OPEN:
        raise DomainError(_l("This correction was already handled."))
    if correction.minutes.status is MinutesStatus.FINAL:
        raise DomainError(_l("These minutes are final and can no longer be changed."))


def finalise(minutes: Minutes) -> None:
    """Final once every correction has an answer; the accepted ones stay listed."""
    if minutes.status is not MinutesStatus.REVIEW:
        raise DomainError(_l("Open the minutes for corrections first."))
    if any(c.status is CorrectionStatus.OPEN for c in minutes.corrections):
        raise DomainError(_l("Answer every proposed correction first."))
    minutes.status = MinutesStatus.FINAL
    minutes.finalised_at = utcnow()


# --- iCal -----------------------------------------------------------------------------


def to_ical(
    meetings: list[Meeting], calendar_name: str, url_for_meeting: Callable[[Meeting], str]
) -> bytes:
    """An RFC 5545 calendar. `url_for_meeting(meeting)` gives each event's absolute URL."""
    from icalendar import Calendar, Event

    from burgerplatform.core.markdown import plain_text

    calendar = Calendar()
    calendar.add("prodid", "-//Burgerplatform//burgerplatform//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"{meeting.uid}@burgerplatform")
        event.add("summary", meeting.title)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("dtstamp", meeting.created_at)
        location = meeting.location or meeting.online_url
        if location:
            event.add("location", location)
        event.add("description", plain_text(meeting.agenda, 2000))
        event.add("url", url_for_meeting(meeting))
        if meeting.cancelled_at:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
