"""What a seat in the klankbordgroep asks and gives, as the invitation tells it before
the person says yes or no: the group's meetings planned so far and when its advice is
due, the volunteer allowance the zone can pay, and the support the person said in the
pool would help them take part. Only what the platform stores: for everything else the
invitation sends them to the zone's contact (nothing is promised that nobody decided).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from burgerplatform.allowances import services as allowances
from burgerplatform.consultations.models import Seat
from burgerplatform.consultations.pool_models import PoolAnswer, PoolCategory, PoolValue
from burgerplatform.core.db import utcnow
from burgerplatform.core.i18n import platform_time_zone
from burgerplatform.extensions import db
from burgerplatform.meetings.models import Meeting


@dataclass(frozen=True)
class Allowance:
    """The ceilings the zone's staff set for a calendar year: without them, no
    allowance can be recorded for a meeting of that year (allowances.services)."""

    year: int
    daily: str  # formatted in the reader's way, "€ 40,67"
    yearly: str


@dataclass(frozen=True)
class SeatTerms:
    meetings: list[Meeting]  # planned, not cancelled, not over yet; soonest first
    advice_by: date | None  # the round's deadline
    allowance: Allowance | None  # None: the zone set no allowance for this year
    allowance_year: int
    may_be_paid: bool  # they already agreed to be paid and gave a bank account
    support_asked: list[str]  # their answers to the pool's questions not used for the mix


def upcoming_meetings(round_id: int, now: datetime | None = None) -> list[Meeting]:
    """The klankbordgroep's meetings still to come (space "round:<id>")."""
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.space == f"round:{round_id}",
                Meeting.cancelled_at.is_(None),
                Meeting.ends_at >= (now or utcnow()),
            )
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


def support_asked(member_id: int) -> list[str]:
    """What the person said helps them take part (transport, an interpreter, …): their
    answers to the questions that arrange participation and never count for the mix.
    Staff see these only as totals, so the invitation tells the person to say it."""
    rows = db.session.scalars(
        select(PoolValue)
        .join(PoolAnswer, PoolAnswer.value_id == PoolValue.id)
        .join(PoolCategory, PoolCategory.id == PoolValue.category_id)
        .where(PoolAnswer.member_id == member_id, PoolCategory.for_quotas.is_(False))
        .order_by(PoolCategory.position, PoolValue.position, PoolValue.id)
    )
    return [value.display_label for value in rows]


def seat_terms(seat: Seat, now: datetime | None = None) -> SeatTerms:
    """What the invitation of `seat` tells about the seat (see the module)."""
    now = now or utcnow()
    round_ = seat.round
    year = now.astimezone(platform_time_zone()).year
    ceiling = allowances.ceiling_for(round_.zone_id, year)
    return SeatTerms(
        meetings=upcoming_meetings(round_.id, now),
        advice_by=round_.deadline,
        allowance=(
            Allowance(
                year, allowances.money(ceiling.daily_cents), allowances.money(ceiling.yearly_cents)
            )
            if ceiling is not None
            else None
        ),
        allowance_year=year,
        may_be_paid=allowances.may_be_paid(allowances.payee_of(seat.member.user)),
        support_asked=support_asked(seat.member_id),
    )
