"""Meetings as owners of documents (agenda, minutes, photos): seen by whoever sees the
meeting, added and removed by whoever manages its space."""

from __future__ import annotations

from flask import url_for

from burgerplatform.documents import owners
from burgerplatform.extensions import db
from burgerplatform.meetings import spaces
from burgerplatform.meetings.models import Meeting


def _meeting(meeting_id: int) -> Meeting | None:
    return db.session.get(Meeting, meeting_id)


def _can(check):
    return lambda user, mid: (m := _meeting(mid)) is not None and check(user, m.space)


owners.register(
    "meeting",
    owners.OwnerPolicy(
        can_view=_can(spaces.can_view),
        can_manage=_can(spaces.can_manage),
        zone_id=lambda mid: m.zone_id if (m := _meeting(mid)) is not None else None,
        label=lambda mid: m.title if (m := _meeting(mid)) is not None else "",
        url=lambda mid: url_for("meetings.show", uid=m.uid) if (m := _meeting(mid)) else "/",
        exists=lambda mid: _meeting(mid) is not None,
    ),
)
