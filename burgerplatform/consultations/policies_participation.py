"""Rounds' part of "My participation": the input the person gave and their seats.

One query per list, whatever its length; the newest LIMIT rows.
"""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.consultations.models import Contribution, Round, Seat
from burgerplatform.consultations.pool_models import PoolMember
from burgerplatform.core import signals
from burgerplatform.core.markdown import stored_excerpt
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone

LIMIT = 100


def round_input(user) -> list:
    return list(
        db.session.execute(
            select(Contribution, Round.title, Zone.slug)
            .join(Round, Round.id == Contribution.round_id)
            .join(Zone, Zone.id == Round.zone_id)
            .where(Contribution.author_id == user.id)
            .order_by(Contribution.created_at.desc(), Contribution.id.desc())
            .limit(LIMIT)
        )
    )


def seats(user) -> list:
    return list(
        db.session.execute(
            select(Seat, Round.title, Zone.slug)
            .join(PoolMember, PoolMember.id == Seat.member_id)
            .join(Round, Round.id == Seat.round_id)
            .join(Zone, Zone.id == Round.zone_id)
            .where(PoolMember.user_id == user.id)
            .order_by(Seat.created_at.desc(), Seat.id.desc())
            .limit(LIMIT)
        )
    )


@signals.collect_participation.connect
def rounds_section(user, **_extra) -> tuple[int, str, dict]:
    contributions = round_input(user)
    # A plain-text excerpt of the stored HTML: the Markdown source showed its ** and -.
    excerpts = {c.id: stored_excerpt(c, "body") for c, _title, _slug in contributions}
    context = {"contributions": contributions, "excerpts": excerpts, "seats": seats(user)}
    return 20, "consultations/_mine.html", context
