"""A klankbordgroep of three (An, Bert, Carla) in one zone, its staff, the staff of a
second zone, and meetings of the group in the past and the future."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role

IBAN = "BE71 0961 2345 6769"
OTHER_IBAN = "BE43068999999501"


@dataclass
class Group:
    zone_id: int
    zone_slug: str
    other_slug: str
    round_id: int
    staff: str
    other_staff: str
    members: dict[str, int]  # name -> user id
    emails: dict[str, str]
    outsider: str  # a citizen of the zone, not in the group
    meetings: dict[str, str] = field(default_factory=dict)  # name -> uid

    @property
    def space(self) -> str:
        return f"round:{self.round_id}"


def add_meeting(app, group: Group, name: str, starts_at: datetime, hours: int = 2) -> str:
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting

    with app.app_context():
        meeting = create_meeting(
            kind=MeetingKind.ROUND,
            space=group.space,
            zone_id=group.zone_id,
            title=f"Klankbordgroep {name}",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            created_by=None,
            location="Buurthuis, Eeklo",
        )
        db.session.commit()
        group.meetings[name] = meeting.uid
        return meeting.uid


@pytest.fixture
def group(app, make_zone, make_user) -> Group:
    from burgerplatform.consultations.models import PoolMember, Round
    from tests.consultations.conftest import accepted_seat

    zone, other = make_zone(), make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)], locale="en")
    other_staff = make_user(roles=[(other.id, Role.STAFF)], locale="en")
    outsider = make_user(locale="en")
    people = {name: make_user(display_name=name, locale="en") for name in ("An", "Bert", "Carla")}
    with app.app_context():
        round_ = Round(zone_id=zone.id, title="Vervoer", question_draft="Hoe?")
        db.session.add(round_)
        db.session.flush()
        for person in people.values():
            member = PoolMember(
                zone_id=zone.id,
                user_id=person.id,
                pseudonym=secrets.token_hex(8),
                consent_version="1",
            )
            db.session.add(member)
            accepted_seat(member, round_=round_)
        db.session.commit()
        round_id = round_.id
    g = Group(
        zone_id=zone.id,
        zone_slug=zone.slug,
        other_slug=other.slug,
        round_id=round_id,
        staff=staff.email,
        other_staff=other_staff.email,
        members={n: p.id for n, p in people.items()},
        emails={n: p.email for n, p in people.items()},
        outsider=outsider.email,
    )
    # Two meetings on the same day (morning and evening, two days ago) and one to come.
    day = (utcnow() - timedelta(days=2)).replace(hour=8, minute=0, second=0, microsecond=0)
    add_meeting(app, g, "morning", day)
    add_meeting(app, g, "evening", day + timedelta(hours=9))
    add_meeting(app, g, "future", utcnow() + timedelta(days=10))
    return g


def ceilings(app, group: Group, daily: int = 4067, yearly: int = 162677, year: int | None = None):
    from burgerplatform.allowances import services

    with app.app_context():
        services.set_ceiling(group.zone_id, year or days_year(group), daily, yearly, None)
        db.session.commit()


def days_year(group: Group) -> int:
    return (utcnow() - timedelta(days=2)).year


def consent(app, group: Group, *names: str) -> None:
    from burgerplatform.accounts.models import User
    from burgerplatform.allowances import services

    with app.app_context():
        for name in names:
            services.give_consent(db.session.get_one(User, group.members[name]), IBAN)
        db.session.commit()


def present(app, group: Group, meeting: str, *names: str) -> None:
    from burgerplatform.accounts.models import User
    from burgerplatform.allowances import services
    from burgerplatform.allowances.models import Presence
    from burgerplatform.meetings.models import Meeting

    with app.test_request_context():
        m = db.session.scalar(db.select(Meeting).where(Meeting.uid == group.meetings[meeting]))
        staff = db.session.scalar(db.select(User).where(User.email == group.staff))
        services.record_register(m, staff, {group.members[n]: Presence.PRESENT for n in names})
        db.session.commit()
