"""My meetings: every meeting a person is invited to, across the spaces they belong to
(the zorgraad of their zones, the klankbordgroepen they sit in, their proeftuinen) and
the meetings where they present an agenda item, with their own answer.

The same few queries whatever the number of spaces and meetings: one per kind of space
(planning.SpaceKind.spaces_of), one for a page of meetings and one for the person's answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select

from burgerplatform.accounts.models import User
from burgerplatform.core.db import utcnow
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
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


def _meetings(spaces: dict[str, tuple[str, str]], user: User) -> Select[tuple[Meeting]]:
    presenting = select(AgendaItem.meeting_id).where(AgendaItem.presenter_id == user.id)
    return select(Meeting).where(or_(Meeting.space.in_(list(spaces)), Meeting.id.in_(presenting)))


# Upcoming meetings the first first; past ones the latest first.
SOONEST_FIRST = Keyset(
    (Meeting.starts_at, Meeting.id), (datetime, int), lambda m: (m.starts_at, m.id), False
)
LATEST_FIRST = Keyset(
    (Meeting.starts_at, Meeting.id), (datetime, int), lambda m: (m.starts_at, m.id), True
)


def meetings_of(
    user: User, past: bool = False, at: Cursors = FIRST_PAGE, per_page: int = PER_PAGE
) -> Page[MyMeeting]:
    """Upcoming meetings (not yet ended, the first first) or past ones (the latest
    first), a page at a time by cursor; cancelled meetings stay in the list, marked."""
    spaces = my_spaces(user)
    now = utcnow()
    query = _meetings(spaces, user)
    query = query.where(Meeting.ends_at < now) if past else query.where(Meeting.ends_at >= now)
    page = keyset_page(query, LATEST_FIRST if past else SOONEST_FIRST, at, per_page=per_page)
    # The person's answers to this page's meetings, in one query.
    rows = db.session.execute(
        select(Attendance.meeting_id, Attendance.answer).where(
            Attendance.user_id == user.id,
            Attendance.meeting_id.in_([m.id for m in page.items]),
        )
    )
    answers = {row[0]: row[1] for row in rows}
    return Page(
        [MyMeeting(m, answers.get(m.id), *spaces.get(m.space, ("", None))) for m in page.items],
        page.per_page,
        next_cursor=page.next_cursor,
        prev_cursor=page.prev_cursor,
    )


def calendar_of(user: User) -> list[Meeting]:
    """The personal calendar: upcoming meetings and those of the last weeks."""
    spaces = my_spaces(user)
    since = utcnow() - timedelta(days=CALENDAR_PAST_DAYS)
    query = (
        _meetings(spaces, user)
        .where(Meeting.ends_at >= since)
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(CALENDAR_MAX)
    )
    return list(db.session.scalars(query))
