"""Demo seats in Meetjesland: two named with their consent, one only counted."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from burgerplatform.consultations.models import Round
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.seats import services
from burgerplatform.seats.models import Body, ChosenBy


def seed(ctx) -> None:
    zone = ctx.zones["meetjesland"]
    today = utcnow().date()
    finished = db.session.scalar(
        select(Round.id).where(
            Round.zone_id == zone.id, Round.title == "Wachten bij de huisartsenwachtpost"
        )
    )
    drawn = None
    if finished is not None:
        from burgerplatform.accounts.models import User
        from burgerplatform.consultations.models import PoolMember, Seat, SeatStatus

        drawn = db.session.scalar(
            select(User)
            .join(PoolMember, PoolMember.user_id == User.id)
            .join(Seat, Seat.member_id == PoolMember.id)
            .where(Seat.round_id == finished, Seat.status == SeatStatus.ACCEPTED)
            .order_by(Seat.id)
        )
    people = dict(ctx.users)
    if drawn is not None:
        people[drawn.email] = drawn
    seats = [
        ("an@example.org", Body.ZORGRAAD, "", ChosenBy.ELECTED, None, 400, True),
        (
            "jef@example.org",
            Body.STEERING_GROUP,
            "Stuurgroep Zorgzame buurt Eeklo",
            ChosenBy.INVITED,
            None,
            200,
            True,
        ),
        # Drawn by lot from the finished round; they did not say yes, so only counted.
        (
            drawn.email if drawn else "",
            Body.KLANKBORDGROEP,
            "Klankbordgroep wachtpost",
            ChosenBy.LOT,
            finished,
            90,
            False,
        ),
    ]
    for email, body, name, chosen_by, round_id, days_left, named in seats:
        if email not in people or (chosen_by is ChosenBy.LOT and round_id is None):
            continue
        seat = services.add_seat(
            zone.id,
            services.SeatDetails(
                email,
                body,
                name,
                chosen_by,
                round_id,
                date(today.year, 1, 1),
                today + timedelta(days=days_left),
            ),
        )
        if named:
            services.set_consent(seat, people[email], True)
