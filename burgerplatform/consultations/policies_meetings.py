"""A round as a meetings space ("round:<id>"): the klankbordgroep's meetings. Staff of the
round's zone plan them; the seated members see them, take part and are told; the iCal
feed and the meeting pages are those of the meetings module."""

from __future__ import annotations

from flask import url_for

from burgerplatform.consultations.models import Round, SeatStatus
from burgerplatform.extensions import db
from burgerplatform.meetings import planning, spaces
from burgerplatform.meetings.models import MeetingKind
from burgerplatform.zones.models import Role


def _round(round_id: int) -> Round | None:
    return db.session.get(Round, round_id)


def _staff(user, round_id: int) -> bool:
    round_ = _round(round_id)
    return (
        round_ is not None and user.is_authenticated and user.has_role(round_.zone_id, Role.STAFF)
    )


def _member(user, round_id: int) -> bool:
    round_ = _round(round_id)
    return (
        round_ is not None
        and user.is_authenticated
        and any(
            s.status is SeatStatus.ACCEPTED and s.member.user_id == user.id for s in round_.seats
        )
    )


def _members(round_id: int) -> list:
    round_ = _round(round_id)
    if round_ is None:
        return []
    return [s.member.user for s in round_.seats if s.status is SeatStatus.ACCEPTED]


def _url(round_id: int) -> str:
    round_ = _round(round_id)
    if round_ is None:
        return "/"
    from burgerplatform.zones.models import Zone

    zone = db.session.get_one(Zone, round_.zone_id)
    return url_for("consultations.show", zone_slug=zone.slug, round_id=round_id)


spaces.register(
    "round",
    spaces.SpacePolicy(
        can_manage=_staff,
        # Where and when the group meets is for the group and the staff.
        can_view=lambda user, rid: _staff(user, rid) or _member(user, rid),
        can_take_part=_member,
        label=lambda rid: r.title if (r := _round(rid)) is not None else "",
        url=_url,
    ),
)

planning.register_space_kind(
    "round",
    planning.SpaceKind(
        MeetingKind.ROUND,
        zone_id=lambda rid: r.zone_id if (r := _round(rid)) is not None else None,
        audience=_members,
    ),
)
