"""Planning meetings in a space and telling its members: new and cancelled meetings,
minutes open for corrections, proposed corrections, final minutes.

Each kind of space registers what meetings it holds, its zone and its members
(`register_space_kind`); the zone's zorgraad is registered here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.core.domain import DomainError
from burgerplatform.core.http import parse_id
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
from burgerplatform.extensions import db
from burgerplatform.meetings.models import (
    Attendance,
    Meeting,
    MeetingKind,
    Minutes,
    MinutesCorrection,
)
from burgerplatform.meetings.services import (
    cancel_meeting,
    create_meeting,
    finalise,
    open_review,
    propose_correction,
)
from burgerplatform.notifications import kinds
from burgerplatform.notifications.services import notify

# --- Spaces: what kind of meeting, which zone, who hears about it ------------------------


@dataclass(frozen=True)
class SpaceKind:
    """Per space prefix: the kind of meeting held there, its zone, and the people who are
    told about new meetings and minutes (the members of the space)."""

    kind: MeetingKind
    zone_id: Callable[[int], int | None]
    audience: Callable[[int], list[User]]
    # The spaces of this kind a person is a member of (the audience they are in), for
    # "My meetings": [(space id, the space's name, its page)], read in one query.
    spaces_of: Callable[[User], list[tuple[int, str, str]]] = lambda user: []


_SPACE_KINDS: dict[str, SpaceKind] = {}


def register_space_kind(prefix: str, info: SpaceKind) -> None:
    _SPACE_KINDS[prefix] = info


def space_kinds() -> dict[str, SpaceKind]:
    return dict(_SPACE_KINDS)


def space_kind(space: str) -> tuple[SpaceKind, int]:
    prefix, _, raw_id = space.partition(":")
    info = _SPACE_KINDS.get(prefix)
    space_id = parse_id(raw_id)
    if info is None or space_id is None:
        raise DomainError(_l("Meetings cannot be planned here."))
    return info, space_id


def _zone_audience(zone_id: int) -> list[User]:
    from burgerplatform.accounts.models import ZoneRole
    from burgerplatform.zones.models import Role

    return list(
        db.session.scalars(
            select(User)
            .join(ZoneRole, ZoneRole.user_id == User.id)
            .where(
                ZoneRole.zone_id == zone_id,
                ZoneRole.role.in_([Role.STAFF, Role.ZORGRAAD_MEMBER]),
            )
            .distinct()
        )
    )


def _zones_of(user: User) -> list[tuple[int, str, str]]:
    from flask import url_for

    from burgerplatform.accounts.models import ZoneRole
    from burgerplatform.zones.models import Role, Zone

    rows = db.session.execute(
        select(Zone.id, Zone.name, Zone.slug)
        .join(ZoneRole, ZoneRole.zone_id == Zone.id)
        .where(
            ZoneRole.user_id == user.id,
            ZoneRole.role.in_([Role.STAFF, Role.ZORGRAAD_MEMBER]),
        )
        .distinct()
    )
    return [(zid, name, url_for("zones.show", zone_slug=slug)) for zid, name, slug in rows]


# The zorgraad's meetings: the zone's staff and zorgraad members hear about them.
register_space_kind(
    "zone",
    SpaceKind(
        MeetingKind.ZORGRAAD,
        zone_id=lambda zid: zid,
        audience=_zone_audience,
        spaces_of=_zones_of,
    ),
)

kinds.register(
    "meeting.planned", _l("New meeting planned: “%(title)s” on %(date)s."), moments=("date",)
)
kinds.register("meeting.cancelled", _l("The meeting “%(title)s” is cancelled."))
kinds.register(
    "minutes.review",
    _l("The minutes of “%(title)s” are ready. You can propose corrections until %(date)s."),
    moments=("date",),
)
kinds.register("minutes.final", _l("The minutes of “%(title)s” are final."))
kinds.register(
    "minutes.correction", _l("%(author)s proposed a correction to the minutes of “%(title)s”.")
)


def _meeting_url(meeting: Meeting) -> str:
    from flask import url_for

    return url_for("meetings.show", uid=meeting.uid)


def _moment(value: datetime) -> str:
    """Stored as ISO; each reader sees it in their language and time zone (see
    notifications.kinds)."""
    return value.isoformat()


def plan_meeting(space: str, organiser: User, **values: Any) -> Meeting:
    """Create a meeting in a space and tell its members."""
    info, space_id = space_kind(space)
    meeting = create_meeting(
        kind=info.kind,
        space=space,
        zone_id=info.zone_id(space_id),
        created_by=organiser,
        **values,
    )
    notify(
        info.audience(space_id),
        "meeting.planned",
        {"title": meeting.title, "date": _moment(meeting.starts_at)},
        _meeting_url(meeting),
        zone_id=meeting.zone_id,
        actor=organiser,
    )
    return meeting


def cancel_and_tell(meeting: Meeting, organiser: User) -> None:
    if meeting.cancelled_at is not None:
        raise DomainError(_l("This meeting is cancelled already."))
    cancel_meeting(meeting)
    info, space_id = space_kind(meeting.space)
    notify(
        info.audience(space_id),
        "meeting.cancelled",
        {"title": meeting.title},
        _meeting_url(meeting),
        zone_id=meeting.zone_id,
        actor=organiser,
    )


def open_review_and_tell(minutes: Minutes, until: datetime, writer: User) -> None:
    open_review(minutes, until)
    meeting = minutes.meeting
    info, space_id = space_kind(meeting.space)
    notify(
        info.audience(space_id),
        "minutes.review",
        {"title": meeting.title, "date": _moment(until)},
        _meeting_url(meeting),
        zone_id=meeting.zone_id,
        actor=writer,
    )


def propose_and_tell(
    minutes: Minutes, proposer: User, suggestion: str, reason: str, passage: str = ""
) -> MinutesCorrection:
    correction = propose_correction(minutes, proposer, suggestion, reason, passage)
    writer = db.session.get(User, minutes.author_id) if minutes.author_id else None
    notify(
        [writer] if writer else [],
        "minutes.correction",
        {"author": proposer.public_name, "title": minutes.meeting.title},
        _meeting_url(minutes.meeting),
        zone_id=minutes.meeting.zone_id,
        actor=proposer,
    )
    return correction


def finalise_and_tell(minutes: Minutes, writer: User) -> None:
    finalise(minutes)
    meeting = minutes.meeting
    info, space_id = space_kind(meeting.space)
    notify(
        info.audience(space_id),
        "minutes.final",
        {"title": meeting.title},
        _meeting_url(meeting),
        zone_id=meeting.zone_id,
        actor=writer,
    )


BY_START = Keyset((Meeting.starts_at, Meeting.id), (datetime, int), lambda m: (m.starts_at, m.id))


def in_space(space: str, at: Cursors = FIRST_PAGE, per_page: int = 20) -> Page[Meeting]:
    """The meetings of a space, the latest first, one page by cursor."""
    return keyset_page(
        select(Meeting).where(Meeting.space == space),
        BY_START,
        at,
        per_page=per_page,
    )


def attendance_of(meeting: Meeting, user: User) -> Attendance | None:
    return db.session.scalar(
        select(Attendance).where(Attendance.meeting_id == meeting.id, Attendance.user_id == user.id)
    )


def minutes_readable(minutes: Minutes | None, may_manage: bool, may_take_part: bool) -> bool:
    """Draft minutes are the writer's; participants read them from the review on, and
    everyone who may see the meeting reads them once final."""
    from burgerplatform.meetings.models import MinutesStatus

    return minutes is not None and (
        may_manage
        or minutes.status is MinutesStatus.FINAL
        or (minutes.status is MinutesStatus.REVIEW and may_take_part)
    )
