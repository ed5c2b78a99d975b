"""A round as a meetings space ("round:<id>"): the klankbordgroep's meetings. Staff of the
round's zone plan them; the seated members see them, take part and are told; the iCal
feed and the meeting pages are those of the meetings module."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select, false, or_, select

from burgerplatform.accounts.models import ZoneRole
from burgerplatform.consultations.models import PoolMember, Round, Seat, SeatStatus
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.extensions import db
from burgerplatform.meetings import planning, spaces
from burgerplatform.meetings.models import MeetingKind
from burgerplatform.zones.models import Role


def _round(round_id: int) -> Round | None:
    return db.session.get(Round, round_id)


def _staff(user, round_id: int) -> bool:
    round_ = _round(round_id)
    # Platform admins pass too (meetings.spaces lets them manage every space).
    return round_ is not None and is_zone_staff(user, round_.zone_id)


def _member(user, round_id: int) -> bool:
    round_ = _round(round_id)
    return (
        round_ is not None
        and user.is_authenticated
        and any(
            s.status is SeatStatus.ACCEPTED and s.member.user_id == user.id for s in round_.seats
        )
    )


def _viewable(user) -> Select[tuple[int]]:
    """`_staff` or `_member` as SQL: the rounds of the zones where the user is staff, and
    the rounds where they hold an accepted seat (admins see every space anyway)."""
    if not user.is_authenticated:
        return select(Round.id).where(false())
    staff_zones = select(ZoneRole.zone_id).where(
        ZoneRole.user_id == user.id, ZoneRole.role == Role.STAFF
    )
    seated = (
        select(Seat.round_id)
        .join(PoolMember, PoolMember.id == Seat.member_id)
        .where(PoolMember.user_id == user.id, Seat.status == SeatStatus.ACCEPTED)
    )
    return select(Round.id).where(or_(Round.zone_id.in_(staff_zones), Round.id.in_(seated)))


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
        viewable=_viewable,
    ),
)


def _rounds_of(user) -> list[tuple[int, str, str]]:
    """The rounds whose klankbordgroep the person sits in (an accepted seat)."""
    from burgerplatform.zones.models import Zone

    rows = db.session.execute(
        select(Round.id, Round.title, Zone.slug)
        .join(Seat, Seat.round_id == Round.id)
        .join(PoolMember, PoolMember.id == Seat.member_id)
        .join(Zone, Zone.id == Round.zone_id)
        .where(PoolMember.user_id == user.id, Seat.status == SeatStatus.ACCEPTED)
    )
    return [
        (rid, title, url_for("consultations.show", zone_slug=slug, round_id=rid))
        for rid, title, slug in rows
    ]


planning.register_space_kind(
    "round",
    planning.SpaceKind(
        MeetingKind.ROUND,
        zone_id=lambda rid: r.zone_id if (r := _round(rid)) is not None else None,
        audience=_members,
        spaces_of=_rounds_of,
    ),
)
