"""My meetings: every meeting a person is invited to, across the spaces they belong to
(the zorgraad of their zones, the klankbordgroepen they sit in, their proeftuinen) and
the meetings where they present an agenda item, with their own answer.

The same few queries whatever the number of spaces and meetings: one per kind of space
(planning.SpaceKind.spaces_of) and one for the meetings with the person's answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, or_, select

from burgerplatform.accounts.models import User
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.meetings import planning
from burgerplatform.meetings.models import AgendaItem, Attendance, AttendanceAnswer, Meeting

PER_PAGE = 20
# The personal calendar: what is coming, and what was in the last weeks.
CALENDAR_PAST_DAYS = 90
CALENDAR_MAX = 500


@dataclass
class MyMeeting:
    meeting: Meeting
    answer: AttendanceAnswer | None
    space_label: str  # the space's name ("" when only presenting there)
    space_url: str | None


def my_spaces(user: User) -> dict[str, tuple[str, str]]:
    """{space: (name, page)} for every space the person is a member of."""
    found: dict[str, tuple[str, str]] = {}
    for prefix, info in planning.space_kinds().items():
        for space_id, label, url in info.spaces_of(user):
            found[f"{prefix}:{space_id}"] = (label, url)
    return found


def _meetings(user: User, spaces: dict[str, tuple[str, str]]):
    presenting = select(AgendaItem.meeting_id).where(AgendaItem.presenter_id == user.id)
    return (
        select(Meeting, Attendance.answer)
        .outerjoin(
            Attendance, and_(Attendance.meeting_id == Meeting.id, Attendance.user_id == user.id)
        )
        .where(or_(Meeting.space.in_(list(spaces)), Meeting.id.in_(presenting)))
    )


def _rows(rows, spaces) -> list[MyMeeting]:
    out = []
    for meeting, answer in rows:
        label, url = spaces.get(meeting.space, ("", None))
        out.append(MyMeeting(meeting, answer, label, url))
    return out


def meetings_of(
    user: User, past: bool = False, page: int = 1, per_page: int = PER_PAGE
) -> tuple[list[MyMeeting], bool]:
    """Upcoming meetings (not yet ended, the first first) or past ones (the latest
    first), a page at a time; cancelled meetings stay in the list, marked."""
    spaces = my_spaces(user)
    now = utcnow()
    query = _meetings(user, spaces)
    if past:
        query = query.where(Meeting.ends_at < now).order_by(
            Meeting.starts_at.desc(), Meeting.id.desc()
        )
    else:
        query = query.where(Meeting.ends_at >= now).order_by(Meeting.starts_at, Meeting.id)
    rows = db.session.execute(query.offset((page - 1) * per_page).limit(per_page + 1)).all()
    return _rows(rows[:per_page], spaces), len(rows) > per_page


def calendar_of(user: User) -> list[Meeting]:
    """The personal calendar: upcoming meetings and those of the last weeks."""
    spaces = my_spaces(user)
    since = utcnow() - timedelta(days=CALENDAR_PAST_DAYS)
    query = (
        _meetings(user, spaces)
        .where(Meeting.ends_at >= since)
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(CALENDAR_MAX)
    )
    return [meeting for meeting, _answer in db.session.execute(query)]
