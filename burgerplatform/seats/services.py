"""The rules of citizens' seats: who holds one where, until when, and who may be named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from burgerplatform.accounts.models import User
from burgerplatform.audit import services as audit
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.seats.models import Body, ChosenBy, CitizenSeat


@dataclass(frozen=True)
class SeatDetails:
    """What staff type for a seat (the holder by the e-mail address of their account)."""

    email: str
    body: Body
    body_name: str
    chosen_by: ChosenBy
    round_id: int | None
    starts_on: date
    ends_on: date | None


# A seat's dates: from the first zorgraden (2021) to well past any term a zone gives.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


def _checked(zone_id: int, details: SeatDetails) -> User:
    for name, day in (("starts_on", details.starts_on), ("ends_on", details.ends_on)):
        if day is not None and not EARLIEST <= day <= LATEST:
            raise DomainError(_l("Choose a date between 2000 and 2100."), field=name)
    if details.ends_on is not None and details.ends_on < details.starts_on:
        raise DomainError(
            _l("The end date is before the start date. Check both dates."), field="ends_on"
        )
    if details.body is Body.OTHER and not details.body_name.strip():
        raise DomainError(_l("Write the name of the body."), field="body_name")
    if details.chosen_by is ChosenBy.LOT and details.round_id is None:
        raise DomainError(
            _l("A seat drawn by lot comes from a round: choose the round."), field="round_id"
        )
    if details.round_id is not None:
        from burgerplatform.consultations.models import Round

        round_ = db.session.get(Round, details.round_id)
        if round_ is None or round_.zone_id != zone_id:
            raise DomainError(_l("Choose a round of this zone."), field="round_id")
    holder = db.session.scalar(
        select(User).where(func.lower(User.email) == details.email.strip().lower())
    )
    if holder is None:
        raise DomainError(
            _l(
                "No account has this e-mail address. Ask the citizen to make an account "
                "first, or check the address."
            ),
            field="email",
        )
    if holder.zone_id is not None and holder.zone_id != zone_id:
        # A seat in this zone's bodies is for one of its citizens (a typo in the address
        # would otherwise seat someone of another zone).
        raise DomainError(
            _l("This person lives in another zone. Check the e-mail address."), field="email"
        )
    return holder


def _fill(seat: CitizenSeat, holder: User, details: SeatDetails) -> None:
    seat.user_id = holder.id
    seat.holder = holder
    seat.body = details.body
    seat.body_name = details.body_name.strip()
    seat.chosen_by = details.chosen_by
    seat.round_id = details.round_id
    seat.starts_on = details.starts_on
    seat.ends_on = details.ends_on


def add_seat(zone_id: int, details: SeatDetails) -> CitizenSeat:
    holder = _checked(zone_id, details)
    seat = CitizenSeat(zone_id=zone_id)
    _fill(seat, holder, details)
    db.session.add(seat)
    db.session.flush()
    return seat


def update_seat(seat: CitizenSeat, details: SeatDetails) -> CitizenSeat:
    holder = _checked(seat.zone_id, details)
    if holder.id != seat.user_id:
        # Another person: their own choice to be named is still to be asked.
        seat.public_consent = False
        seat.consent_changed_at = None
    _fill(seat, holder, details)
    db.session.flush()
    return seat


def remove_seat(seat: CitizenSeat, actor: Any) -> None:
    audit.record(
        "seat.removed",
        target_type="citizen_seat",
        target_id=seat.id,
        zone_id=seat.zone_id,
        actor=actor,
        detail={"body": seat.body.value, "body_name": seat.body_name},
    )
    db.session.delete(seat)
    db.session.flush()


def details_of(seat: CitizenSeat) -> SeatDetails:
    return SeatDetails(
        seat.holder.email,
        seat.body,
        seat.body_name,
        seat.chosen_by,
        seat.round_id,
        seat.starts_on,
        seat.ends_on,
    )


def seats_of_zone(zone_id: int) -> list[CitizenSeat]:
    """Every seat of the zone, current first by when it ends (for staff)."""
    return list(
        db.session.scalars(
            select(CitizenSeat)
            .where(CitizenSeat.zone_id == zone_id)
            .order_by(CitizenSeat.ends_on.is_(None), CitizenSeat.ends_on, CitizenSeat.id)
        )
    )


@dataclass(frozen=True)
class PublicSeats:
    named: list[CitizenSeat]  # current seats whose holder agreed to be named
    unnamed: int  # current seats whose holder did not (only counted)


def public_seats(zone_id: int, today: date | None = None) -> PublicSeats:
    """The seats held now, as the public zone page shows them: by name only with the
    holder's consent, the others only as a number."""
    today = today or utcnow().date()
    current = list(
        db.session.scalars(
            select(CitizenSeat)
            .where(
                CitizenSeat.zone_id == zone_id,
                CitizenSeat.starts_on <= today,
                or_(CitizenSeat.ends_on.is_(None), CitizenSeat.ends_on >= today),
            )
            .order_by(CitizenSeat.body, CitizenSeat.ends_on, CitizenSeat.id)
        )
    )
    named = [s for s in current if s.public_consent]
    return PublicSeats(named, len(current) - len(named))


def seats_of(user: Any) -> list[CitizenSeat]:
    return list(
        db.session.scalars(
            select(CitizenSeat)
            .where(CitizenSeat.user_id == user.id)
            .order_by(CitizenSeat.starts_on.desc(), CitizenSeat.id)
        )
    )


def set_consent(seat: CitizenSeat, user: Any, named: bool) -> None:
    """The holder's own choice to be named on the public zone page."""
    if seat.user_id != user.id:
        raise DomainError(_l("Only the person who holds the seat can choose this."))
    seat.public_consent = named
    seat.consent_changed_at = utcnow()
    db.session.flush()
