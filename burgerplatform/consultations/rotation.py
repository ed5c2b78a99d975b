"""Rotation: who sat recently, and who waits for an answer elsewhere.

A round's rule leaves out people seated (who accepted a seat) in the zone's last N rounds,
or in the last M months. Rounds are counted in the order their groups were drawn (the
draw's time), not in the order they were made: a round made early and drawn late is
recent. People invited to another round who have not answered yet are never in the pool
of a draw: they might take both seats.

With the round's fallback on, the draw brings back the fewest recently seated people the
quotas need, those who sat longest ago first (see sortition.bring_back).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from burgerplatform.consultations import pool
from burgerplatform.consultations.models import DrawRecord, DrawStatus, Round, Seat, SeatStatus
from burgerplatform.consultations.pool_models import PoolMember
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the month's last day
    when that month is shorter)."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    days = [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, days[month]))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def draw_times(zone_id: int, except_round: int | None = None) -> dict[int, datetime]:
    """When each round of the zone had its group drawn: its first finished draw, or, for a
    group seated without a draw record, its first invitation."""
    of_zone = [Round.zone_id == zone_id, Round.id != (except_round or 0)]
    invited = db.session.execute(
        select(Seat.round_id, func.min(Seat.created_at))
        .join(Round, Round.id == Seat.round_id)
        .where(*of_zone)
        .group_by(Seat.round_id)
    ).tuples()
    drawn = db.session.execute(
        select(DrawRecord.round_id, func.min(DrawRecord.created_at))
        .join(Round, Round.id == DrawRecord.round_id)
        .where(*of_zone, DrawRecord.status == DrawStatus.DONE)
        .group_by(DrawRecord.round_id)
    ).tuples()
    return {**dict(invited.all()), **dict(drawn.all())}


def recently_seated(
    round_: Round, members: list[PoolMember], now: datetime | None = None
) -> dict[str, str]:
    """The members the round's rule leaves out, each with when they last sat (an ISO
    time: who sat longest ago comes back first when the quotas need them)."""
    now = now or utcnow()
    times = {r: t for r, t in draw_times(round_.zone_id, round_.id).items() if t <= now}
    latest = sorted(times, key=lambda r: (times[r], r), reverse=True)
    counted = set(latest[: round_.rotation_rounds])
    cutoff = months_before(now, round_.rotation_months) if round_.rotation_months else None
    if cutoff:
        counted |= {r for r, t in times.items() if t >= cutoff}
    last: dict[int, datetime] = {}
    if counted:
        for member_id, round_id in db.session.execute(
            select(Seat.member_id, Seat.round_id).where(
                Seat.round_id.in_(counted), Seat.status == SeatStatus.ACCEPTED
            )
        ).tuples():
            last[member_id] = max(last.get(member_id, times[round_id]), times[round_id])
    for m in members:
        # A seat taken within the months counts even if its round is not known here.
        if cutoff and m.last_seated_at and m.last_seated_at >= cutoff:
            last[m.id] = max(last.get(m.id, m.last_seated_at), m.last_seated_at)
    return {m.pseudonym: last[m.id].isoformat() for m in members if m.id in last}


def waiting_elsewhere(round_: Round, now: datetime | None = None) -> set[int]:
    """Members (ids) invited to another round of the zone whose time to answer runs."""
    return set(
        db.session.scalars(
            select(Seat.member_id)
            .join(Round, Round.id == Seat.round_id)
            .where(
                Round.zone_id == round_.zone_id,
                Seat.round_id != round_.id,
                Seat.status == SeatStatus.INVITED,
                Seat.reply_by >= (now or utcnow()),
            )
        )
    )


def pool_for_draw(
    round_: Round, members: list[PoolMember], now: datetime | None = None
) -> tuple[list[PoolMember], dict[str, str], int]:
    """The members a draw of the round may use (not waiting for an answer elsewhere), the
    recently seated among them (see `recently_seated`), and how many wait elsewhere."""
    waiting = waiting_elsewhere(round_, now)
    free = [m for m in members if m.id not in waiting]
    return free, recently_seated(round_, free, now), len(members) - len(free)


def drawable_members(round_: Round) -> list[PoolMember]:
    """The people a draw of the round can pick today, the one count behind the quota
    table, the check on saving the rules and the check before the draw: in the pool and
    agreed to the current consent text, not waiting to answer an invitation to another
    round, and not seated recently under the round's rotation rule (unless its fallback
    may bring them back when the quotas need them)."""
    return _drawable(round_, recent_too=round_.rotation_fallback)


def drawn_first(round_: Round) -> list[PoolMember]:
    """The people a draw of the round picks from before its fallback brings back anyone
    recently seated: whether it must, hangs on the quotas, sensitive ones included, so
    the check that enough people are left beside a sensitive quota counts only these
    (`sortition.check_room`)."""
    return _drawable(round_, recent_too=False)


def _drawable(round_: Round, recent_too: bool) -> list[PoolMember]:
    members, _older_consent = pool.eligible_members_of(round_.zone_id)
    members, recent, _waiting = pool_for_draw(round_, members)
    if not recent_too:
        members = [m for m in members if m.pseudonym not in recent]
    return members
