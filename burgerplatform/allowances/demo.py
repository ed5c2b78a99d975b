"""Demo: a year of meetings of the finished round's klankbordgroep in Meetjesland, each
with its attendance register, the year's ceilings and allowances paid to the members who
agreed to be paid.

The ceilings are DEMO VALUES (the 2026 figures as announced for Belgian volunteers:
€40.67 a day, €1,626.77 a year); a zone fills in the official figures of each year.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.allowances import services
from burgerplatform.allowances.models import AllowancePayment, PayeeDetails, Presence
from burgerplatform.consultations import queries
from burgerplatform.consultations.models import Round
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.meetings.models import MeetingKind
from burgerplatform.meetings.services import create_meeting

ROUND_TITLE = "Wachten bij de huisartsenwachtpost"
DEMO_DAILY_CENTS = 4067  # demo value: €40.67 a day
DEMO_YEARLY_CENTS = 162677  # demo value: €1,626.77 a year
# Valid Belgian account numbers for the demo (checked like real ones).
DEMO_ACCOUNTS = ("BE71096123456769", "BE43068999999501", "BE48320070184927")


def seed(ctx) -> None:
    from burgerplatform.demo import BRUSSELS, TREASURER, local_time, meeting_title

    zone = ctx.zones["meetjesland"]
    staff = ctx.users["staff.meetjesland@example.org"]
    # The treasurer sets the ceilings and records the payments (Sofie plans the meetings).
    treasurer = ctx.users[TREASURER]
    round_ = db.session.scalar(
        select(Round).where(Round.zone_id == zone.id, Round.title == ROUND_TITLE)
    )
    if round_ is None:
        return
    members = queries.members_of(round_)
    rng = random.Random(17)
    space = f"round:{round_.id}"
    meetings = []
    # Once a month over the last year, on a weekday evening; and one to come.
    for months_ago in range(11, 0, -1):
        starts_at = local_time(-30 * months_ago - 2)
        meeting = create_meeting(
            kind=MeetingKind.ROUND,
            space=space,
            zone_id=zone.id,
            title=meeting_title(starts_at, "Klankbordgroep wachtpost"),
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            created_by=staff,
            location="Dienstencentrum De Kaai, Eeklo",
            agenda="1. Welkom\n2. Wat hoorden we sinds de vorige keer?\n3. Afspraken",
        )
        meetings.append(meeting)
    upcoming = local_time(16)
    create_meeting(
        kind=MeetingKind.ROUND,
        space=space,
        zone_id=zone.id,
        title=meeting_title(upcoming, "Klankbordgroep wachtpost"),
        starts_at=upcoming,
        ends_at=upcoming + timedelta(hours=2),
        created_by=staff,
        location="Dienstencentrum De Kaai, Eeklo",
    )
    years = {m.starts_at.astimezone(BRUSSELS).year for m in meetings}
    for year in sorted(years):
        services.set_ceiling(zone.id, year, DEMO_DAILY_CENTS, DEMO_YEARLY_CENTS, treasurer)
    for member, account in zip(members, DEMO_ACCOUNTS, strict=False):
        services.give_consent(member, account)
    for meeting in meetings:
        presences = {}
        for member in members:
            roll = rng.random()
            presences[member.id] = (
                Presence.PRESENT
                if roll < 0.75
                else Presence.EXCUSED
                if roll < 0.92
                else Presence.ABSENT
            )
        services.record_register(meeting, staff, presences)
        for member in members[: len(DEMO_ACCOUNTS)]:
            if presences[member.id] is not Presence.PRESENT:
                continue
            try:
                services.record_payment(meeting, member, 2500, rng.choice((0, 420, 860)), treasurer)
            except DomainError:  # a ceiling: the demo pays what the rules allow
                continue


def notes() -> list[str]:
    """What `seed-demo` prints: the group is drawn, so who was paid differs per database."""
    email = db.session.scalar(
        select(User.email)
        .join(PayeeDetails, PayeeDetails.user_id == User.id)
        .where(
            PayeeDetails.consent_at.is_not(None),
            select(AllowancePayment.id).where(AllowancePayment.user_id == User.id).exists(),
        )
        .order_by(User.email)
        .limit(1)
    )
    if email is None:
        return []
    return [f"A klankbordgroep member who agreed to be paid: {email} (see My attendance)."]
