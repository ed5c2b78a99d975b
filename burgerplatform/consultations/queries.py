"""Reading rounds, their group and their work: eager-loaded, one query per list."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from burgerplatform.accounts.models import User
from burgerplatform.consultations.models import (
    Contribution,
    DrawRecord,
    PoolMember,
    Recommendation,
    ReviewResponse,
    Round,
    Seat,
    SeatStatus,
    Suggestion,
)
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone


def seat_for(round_: Round, user: User) -> Seat | None:
    return db.session.scalar(
        select(Seat)
        .join(PoolMember)
        .where(Seat.round_id == round_.id, PoolMember.user_id == user.id)
    )


def latest_draw(round_: Round) -> DrawRecord | None:
    return db.session.scalar(
        select(DrawRecord).where(DrawRecord.round_id == round_.id).order_by(DrawRecord.id.desc())
    )


def accepted_seats(round_: Round) -> list[Seat]:
    """The klankbordgroep as it stands: seats whose invitation was accepted."""
    return [s for s in round_.seats if s.status is SeatStatus.ACCEPTED]


def members_of(round_: Round) -> list[User]:
    return [s.member.user for s in accepted_seats(round_)]


def is_member(round_: Round, user: User) -> bool:
    return user.is_authenticated and any(
        s.member.user_id == user.id for s in accepted_seats(round_)
    )


def composition(round_: Round) -> list[dict]:
    """Accepted seats per quota value, against the quota: aggregate, never per person.

    For sensitive categories (lived experience) only "met or not" is shown, never the
    count: next to the named list of members, a count that changes as each one accepts
    would tell who has which health answer.
    """
    accepted = [s.member for s in accepted_seats(round_)]
    answered = [{a.value_id for a in m.answers} for m in accepted]
    rows = []
    for q in round_.quotas:
        count = sum(1 for values in answered if q.value_id in values)
        sensitive = bool(q.value.category.sensitive)
        rows.append(
            {
                "label": f"{q.value.category.display_label}: {q.value.display_label}",
                "count": None if sensitive else count,
                "sensitive": sensitive,
                "min": q.min,
                "max": q.max,
                "met": q.min <= count <= q.max,
            }
        )
    return rows


def load_round_for_group(round_id: int) -> Round:
    return db.session.scalar(
        select(Round)
        .where(Round.id == round_id)
        .options(
            selectinload(Round.seats).selectinload(Seat.member).selectinload(PoolMember.answers),
            selectinload(Round.quotas),
        )
    )


def rounds_of(zone: Zone, page: int = 1, per_page: int = 20) -> tuple[list[Round], int]:
    total = db.session.scalar(select(func.count(Round.id)).where(Round.zone_id == zone.id)) or 0
    items = list(
        db.session.scalars(
            select(Round)
            .where(Round.zone_id == zone.id)
            .order_by(Round.id.desc())
            .options(selectinload(Round.quotas), selectinload(Round.seats))
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
    )
    return items, total


def contributions(round_: Round) -> list[Contribution]:
    return list(
        db.session.scalars(
            select(Contribution)
            .where(Contribution.round_id == round_.id)
            .options(selectinload(Contribution.author), selectinload(Contribution.recommendations))
            .order_by(Contribution.id)
        )
    )


def recommendations(round_: Round) -> list[Recommendation]:
    return list(
        db.session.scalars(
            select(Recommendation)
            .where(Recommendation.round_id == round_.id)
            .options(
                selectinload(Recommendation.sources),
                selectinload(Recommendation.updates),
                selectinload(Recommendation.versions),
                selectinload(Recommendation.comments),
            )
            .order_by(Recommendation.id)
        )
    )


def suggestions(round_: Round) -> list[Suggestion]:
    return list(
        db.session.scalars(
            select(Suggestion)
            .where(Suggestion.round_id == round_.id)
            .options(selectinload(Suggestion.author))
            .order_by(Suggestion.id)
        )
    )


def reviews(round_: Round) -> list[ReviewResponse]:
    return list(
        db.session.scalars(
            select(ReviewResponse)
            .where(ReviewResponse.round_id == round_.id)
            .options(selectinload(ReviewResponse.user))
            .order_by(ReviewResponse.id)
        )
    )
