"""The attendance register and volunteer allowances: the rules.

- The register is written once a meeting has begun (never for a future or cancelled
  meeting), by whoever may manage the meeting's space, for the members it invited.
- A payment is for a member recorded present, who consented to be paid and gave a bank
  account, in a meeting of a zone whose staff set that year's ceilings.
- The ceilings bind the flat-rate volunteer allowance (Belgian volunteer law, art. 10 of
  the law of 3 July 2005): per day (all meetings of that day together) and per calendar
  year, within one zone (the organisation that pays). Travel costs paid on proof are
  outside the flat rate and its ceilings. A payment that would pass a ceiling is never
  recorded: the refusal says how much is still possible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import format_currency
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import InstrumentedAttribute
from stdnum import iban as iban_number
from stdnum.exceptions import ValidationError as NumberError

from burgerplatform.accounts.models import User
from burgerplatform.allowances.models import (
    AllowanceCeiling,
    AllowancePayment,
    PayeeDetails,
    Presence,
    PresenceRecord,
)
from burgerplatform.allowances.money import euros
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.meetings import planning
from burgerplatform.meetings.models import Meeting

BRUSSELS = ZoneInfo("Europe/Brussels")
# Belgian accounting law (art. III.88 WER): books and their supporting documents are
# kept 7 years from the first of January after the year they concern.
KEEP_YEARS = 7


def money(cents: int) -> str:
    return str(format_currency(euros(cents), "EUR"))


def meeting_day(meeting: Meeting) -> date:
    """The day of the meeting in Belgium (a meeting at 23:30 UTC is the next day here)."""
    return meeting.starts_at.astimezone(BRUSSELS).date()


def has_begun(meeting: Meeting) -> bool:
    return meeting.starts_at <= utcnow()


def _check_held(meeting: Meeting) -> None:
    if meeting.cancelled_at is not None:
        raise DomainError(_l("This meeting was cancelled: there is nothing to record."))
    if not has_begun(meeting):
        raise DomainError(
            _l("This meeting has not taken place yet. Record who was there after it began.")
        )


# --- The attendance register -----------------------------------------------------------


def invited(meeting: Meeting) -> list[User]:
    """The members the meeting was for (its space's audience), by name."""
    info, space_id = planning.space_kind(meeting.space)
    people = {u.id: u for u in info.audience(space_id) if u.deleted_at is None}
    # Someone recorded earlier stays on the register even if they left the group since.
    recorded = register_of(meeting)
    for user_id in recorded.keys() - people.keys():
        person = db.session.get(User, user_id)
        if person is not None:
            people[user_id] = person
    return sorted(people.values(), key=lambda u: (u.public_name.lower(), u.id))


def register_of(meeting: Meeting) -> dict[int, Presence]:
    rows = db.session.execute(
        select(PresenceRecord.user_id, PresenceRecord.presence).where(
            PresenceRecord.meeting_id == meeting.id
        )
    )
    return {user_id: presence for user_id, presence in rows}


def record_register(
    meeting: Meeting, recorder: User, presences: Mapping[int, Presence | None]
) -> int:
    """Write the register: {user id: presence} for invited members (None: not said).
    All or nothing. Returns how many lines were written."""
    _check_held(meeting)
    members = {u.id for u in invited(meeting)}
    if set(presences) - members:
        raise DomainError(_l("Only the members invited to this meeting can be on the register."))
    paid = payments_of_meeting(meeting)
    existing = {
        r.user_id: r
        for r in db.session.scalars(
            select(PresenceRecord).where(PresenceRecord.meeting_id == meeting.id)
        )
    }
    for user_id, presence in presences.items():
        if user_id in paid and presence is not Presence.PRESENT:
            person = db.session.get_one(User, user_id)
            exported_at = paid[user_id].exported_at
            if exported_at is not None:
                # In the books: it cannot be removed here, so do not send staff to remove it.
                from burgerplatform.core.i18n import format_day

                raise DomainError(
                    _l(
                        "%(name)s has an allowance for this meeting that was exported for "
                        "the bookkeeping on %(date)s: it can no longer be removed here, so "
                        "the register keeps this person as present. Was this person not "
                        "there? Ask the bookkeeping to book a correction.",
                        name=person.public_name,
                        date=format_day(exported_at),
                    )
                )
            raise DomainError(
                _l(
                    "%(name)s has an allowance for this meeting: remove it before you "
                    "record them as not present.",
                    name=person.public_name,
                )
            )
    written = 0
    for user_id, presence in presences.items():
        record = existing.get(user_id)
        if presence is None:
            if record is not None:
                db.session.delete(record)
            continue
        if record is None:
            db.session.add(
                PresenceRecord(
                    meeting_id=meeting.id,
                    user_id=user_id,
                    presence=presence,
                    recorded_by_id=recorder.id,
                )
            )
        elif record.presence is not presence:
            record.presence = presence
            record.recorded_by_id = recorder.id
        written += 1
    db.session.flush()
    return written


def presence_counts(meeting: Meeting) -> dict[Presence, int]:
    """What the public may know: how many were present, excused, absent (no names)."""
    counts = dict.fromkeys(Presence, 0)
    for presence, n in db.session.execute(
        select(PresenceRecord.presence, func.count())
        .where(PresenceRecord.meeting_id == meeting.id)
        .group_by(PresenceRecord.presence)
    ):
        counts[presence] = n
    return counts


def presence_of(meeting: Meeting, user: User) -> Presence | None:
    return db.session.scalar(
        select(PresenceRecord.presence).where(
            PresenceRecord.meeting_id == meeting.id, PresenceRecord.user_id == user.id
        )
    )


# --- Ceilings ---------------------------------------------------------------------------


def ceiling_for(zone_id: int, year: int) -> AllowanceCeiling | None:
    return db.session.scalar(
        select(AllowanceCeiling).where(
            AllowanceCeiling.zone_id == zone_id, AllowanceCeiling.year == year
        )
    )


def ceilings_of(zone_id: int) -> list[AllowanceCeiling]:
    return list(
        db.session.scalars(
            select(AllowanceCeiling)
            .where(AllowanceCeiling.zone_id == zone_id)
            .order_by(AllowanceCeiling.year.desc())
        )
    )


def set_ceiling(
    zone_id: int, year: int, daily_cents: int, yearly_cents: int, by: User | None
) -> AllowanceCeiling:
    if not 2000 <= year <= 2100:
        raise DomainError(_l("Fill in a year such as 2026."), field="year")
    if daily_cents <= 0:
        raise DomainError(_l("Fill in an amount above zero."), field="daily")
    if yearly_cents <= 0:
        raise DomainError(_l("Fill in an amount above zero."), field="yearly")
    if daily_cents > yearly_cents:
        raise DomainError(
            _l("The daily ceiling cannot be higher than the yearly one."), field="daily"
        )
    # A ceiling below what is already paid would leave payments above it on the books.
    day_paid, year_paid = highest_paid(zone_id, year)
    if daily_cents < day_paid:
        raise DomainError(
            _l(
                "In %(year)d a member was already paid %(amount)s of flat-rate allowance on "
                "one day: the daily ceiling cannot be lower than that. Check the figure; if "
                "that payment was too high, correct it first.",
                year=year,
                amount=money(day_paid),
            ),
            field="daily",
        )
    if yearly_cents < year_paid:
        raise DomainError(
            _l(
                "In %(year)d a member was already paid %(amount)s of flat-rate allowance: "
                "the yearly ceiling cannot be lower than that. Check the figure; if a "
                "payment was too high, correct it first.",
                year=year,
                amount=money(year_paid),
            ),
            field="yearly",
        )
    ceiling = ceiling_for(zone_id, year)
    if ceiling is None:
        ceiling = AllowanceCeiling(zone_id=zone_id, year=year)
        db.session.add(ceiling)
    ceiling.daily_cents = daily_cents
    ceiling.yearly_cents = yearly_cents
    ceiling.set_by_id = by.id if by else None
    db.session.flush()
    return ceiling


def highest_paid(zone_id: int, year: int) -> tuple[int, int]:
    """The most flat-rate allowance recorded for one member in the zone on one day of
    `year` (all meetings of that day together), and in the whole year: the lowest
    ceilings the payments already recorded allow."""

    def highest(*per: InstrumentedAttribute[Any]) -> int:
        totals = (
            select(func.sum(AllowancePayment.flat_cents).label("paid"))
            .where(AllowancePayment.zone_id == zone_id, AllowancePayment.year == year)
            .group_by(*per)
            .subquery()
        )
        return int(db.session.scalar(select(func.max(totals.c.paid))) or 0)

    return (
        highest(AllowancePayment.user_id, AllowancePayment.day),
        highest(AllowancePayment.user_id),
    )


@dataclass(frozen=True)
class Room:
    """How much flat-rate allowance a member may still receive on a day and in its year."""

    ceiling: AllowanceCeiling | None
    day_used: int
    year_used: int

    @property
    def day_left(self) -> int:
        return max(0, self.ceiling.daily_cents - self.day_used) if self.ceiling else 0

    @property
    def year_left(self) -> int:
        return max(0, self.ceiling.yearly_cents - self.year_used) if self.ceiling else 0

    @property
    def left(self) -> int:
        return min(self.day_left, self.year_left)


def room_for(zone_id: int, user_id: int, day: date, leaving_out: int | None = None) -> Room:
    """The room left on `day` and in its year, not counting the payment for meeting
    `leaving_out` (the one being changed)."""

    def used(*conditions: ColumnElement[bool]) -> int:
        query = select(func.coalesce(func.sum(AllowancePayment.flat_cents), 0)).where(
            AllowancePayment.zone_id == zone_id, AllowancePayment.user_id == user_id, *conditions
        )
        if leaving_out is not None:
            query = query.where(
                (AllowancePayment.meeting_id != leaving_out) | AllowancePayment.meeting_id.is_(None)
            )
        return int(db.session.scalar(query) or 0)

    return Room(
        ceiling_for(zone_id, day.year),
        used(AllowancePayment.day == day),
        used(AllowancePayment.year == day.year),
    )


def room_left(meeting: Meeting, user_id: int) -> Room | None:
    """What a meeting's allowances page shows for a member: the flat rate still possible
    on the meeting's day and in its year after everything recorded, this meeting's own
    payment included (once the daily ceiling is paid for this meeting, 0 is left that
    day). None for a meeting outside a zone."""
    if meeting.zone_id is None:
        return None
    return room_for(meeting.zone_id, user_id, meeting_day(meeting))


# --- Consent and bank account ---------------------------------------------------------------


def payee_of(user: User, lock: bool = False) -> PayeeDetails | None:
    query = select(PayeeDetails).where(PayeeDetails.user_id == user.id)
    if lock:
        # Payments to one person wait for each other (PostgreSQL): two staff recording at
        # the same moment cannot pass the ceiling together.
        query = query.with_for_update()
    return db.session.scalar(query)


def normalised_iban(text: str) -> str:
    """The IBAN without spaces, in capitals, checked (checksum and, for a Belgian account,
    the bank code) with python-stdnum; raises DomainError on the `iban` field."""
    if not text.strip():
        raise DomainError(_l("Fill in your bank account number (IBAN)."), field="iban")
    try:
        return str(iban_number.validate(text))
    except NumberError as error:
        raise DomainError(
            _l(
                "This is not a valid bank account number (IBAN). Check it, for example "
                "BE71 0961 2345 6769."
            ),
            field="iban",
        ) from error


def give_consent(user: User, iban_text: str) -> PayeeDetails:
    number = normalised_iban(iban_text)
    details = payee_of(user)
    if details is None:
        details = PayeeDetails(user_id=user.id)
        db.session.add(details)
    details.iban = number
    if details.consent_at is None:
        details.consent_at = utcnow()
    db.session.flush()
    return details


def withdraw_consent(user: User) -> None:
    """No more payments; the bank account is forgotten. Payments made stay in the books."""
    db.session.execute(delete(PayeeDetails).where(PayeeDetails.user_id == user.id))


def may_be_paid(details: PayeeDetails | None) -> bool:
    return details is not None and details.consent_at is not None and bool(details.iban)


def pretty_iban(number: str) -> str:
    return str(iban_number.format(number)) if number else ""


# --- Payments -------------------------------------------------------------------------------


def payment_for(meeting: Meeting, user_id: int) -> AllowancePayment | None:
    return db.session.scalar(
        select(AllowancePayment).where(
            AllowancePayment.meeting_id == meeting.id, AllowancePayment.user_id == user_id
        )
    )


def payments_of_meeting(meeting: Meeting) -> dict[int, AllowancePayment]:
    return {
        p.user_id: p
        for p in db.session.scalars(
            select(AllowancePayment).where(AllowancePayment.meeting_id == meeting.id)
        )
    }


def record_payment(
    meeting: Meeting, member: User, flat_cents: int, travel_cents: int, by: User
) -> AllowancePayment | None:
    """Record (or change) what `member` is paid for `meeting`; both amounts 0 removes it.
    Refused, with the room left, when the flat rate would pass a ceiling."""
    if meeting.zone_id is None:
        raise DomainError(_l("Allowances are paid for meetings of a zone only."))
    _check_held(meeting)
    if flat_cents < 0 or travel_cents < 0:
        raise DomainError(_l("An amount cannot be negative."))
    if presence_of(meeting, member) is not Presence.PRESENT:
        raise DomainError(
            _l("Record %(name)s as present first.", name=member.public_name), field="member"
        )
    details = payee_of(member, lock=True)
    existing = payment_for(meeting, member.id)
    if existing is not None and existing.exported_at is not None:
        raise_exported(existing)
    if flat_cents == 0 and travel_cents == 0:
        if existing is not None:
            db.session.delete(existing)
            db.session.flush()
        return None
    if not may_be_paid(details):
        raise DomainError(
            _l(
                "%(name)s has not agreed to be paid or gave no bank account yet.",
                name=member.public_name,
            ),
            field="member",
        )
    assert details is not None
    day = meeting_day(meeting)
    room = room_for(meeting.zone_id, member.id, day, leaving_out=meeting.id)
    if room.ceiling is None:
        raise DomainError(
            _l(
                "The ceilings for %(year)d are not set yet. Set them on the zone's "
                "allowances page first.",
                year=day.year,
            )
        )
    if flat_cents > room.day_left:
        raise DomainError(
            _l(
                "This passes the daily ceiling of %(ceiling)s. Still possible for "
                "%(name)s on this day: %(left)s.",
                ceiling=money(room.ceiling.daily_cents),
                name=member.public_name,
                left=money(room.day_left),
            ),
            field="flat",
        )
    if flat_cents > room.year_left:
        raise DomainError(
            _l(
                "This passes the yearly ceiling of %(ceiling)s. Still possible for "
                "%(name)s in %(year)d: %(left)s.",
                ceiling=money(room.ceiling.yearly_cents),
                name=member.public_name,
                year=day.year,
                left=money(room.year_left),
            ),
            field="flat",
        )
    if existing is None:
        existing = AllowancePayment(
            zone_id=meeting.zone_id, meeting_id=meeting.id, user_id=member.id
        )
        db.session.add(existing)
    existing.meeting_title = meeting.title[:200]
    existing.day = day
    existing.year = day.year
    existing.flat_cents = flat_cents
    existing.travel_cents = travel_cents
    existing.iban = details.iban
    existing.recorded_by_id = by.id
    db.session.flush()
    return existing


def raise_exported(payment: AllowancePayment) -> None:
    """An exported payment is in the books: the bookkeeping corrects it there (a
    correcting entry), never this page silently."""
    from burgerplatform.core.i18n import format_day

    raise DomainError(
        _l(
            "This allowance was exported for the bookkeeping on %(date)s, so it can no "
            "longer be changed or removed here. Is it wrong? Ask the bookkeeping to book "
            "a correction.",
            date=format_day(payment.exported_at),
        ),
        field="flat",
    )


def mark_exported(payments: list[tuple[AllowancePayment, User]]) -> None:
    """The payments of an export for the bookkeeping: each records when it was first
    exported (a later export of the same period changes nothing)."""
    now = utcnow()
    for payment, _user in payments:
        if payment.exported_at is None:
            payment.exported_at = now
    db.session.flush()


def payments_in(zone_id: int, first: date, last: date) -> list[tuple[AllowancePayment, User]]:
    """A zone's payments for meetings from `first` to `last` (days included), by day."""
    if last < first:
        raise DomainError(_l("The end of the period must be after its start."), field="last")
    return [
        (p, u)
        for p, u in db.session.execute(
            select(AllowancePayment, User)
            .join(User, User.id == AllowancePayment.user_id)
            .where(
                AllowancePayment.zone_id == zone_id,
                AllowancePayment.day >= first,
                AllowancePayment.day <= last,
            )
            .order_by(AllowancePayment.day, AllowancePayment.id)
        )
    ]


def payments_of(user: User, year: int | None = None) -> list[AllowancePayment]:
    query = select(AllowancePayment).where(AllowancePayment.user_id == user.id)
    if year is not None:
        query = query.where(AllowancePayment.year == year)
    return list(db.session.scalars(query.order_by(AllowancePayment.day, AllowancePayment.id)))


def years_paid(user: User) -> list[int]:
    return list(
        db.session.scalars(
            select(AllowancePayment.year)
            .where(AllowancePayment.user_id == user.id)
            .distinct()
            .order_by(AllowancePayment.year.desc())
        )
    )


# --- Account deletion and the legal keeping period ---------------------------------------------


def forget_bank_details(user: User) -> None:
    """On account deletion: consent and bank account go; the payments the books must keep
    stay, without the account they were paid into."""
    withdraw_consent(user)
    db.session.execute(
        update(AllowancePayment).where(AllowancePayment.user_id == user.id).values(iban="")
    )


def drop_expired_payments(today: date | None = None) -> int:
    """Payments whose keeping period is over (KEEP_YEARS after the end of their year)."""
    today = today or utcnow().astimezone(BRUSSELS).date()
    last_kept_year = today.year - KEEP_YEARS - 1
    result = db.session.execute(
        delete(AllowancePayment).where(AllowancePayment.year <= last_kept_year)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def period_default(today: date | None = None) -> tuple[date, date]:
    """The current quarter so far: what bookkeeping asks for most."""
    today = today or utcnow().astimezone(BRUSSELS).date()
    first = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return first, today


def money_input(cents: int) -> str:
    """An amount as put back into a form field: 12,50 in the reader's language."""
    from flask_babel import format_decimal

    return str(format_decimal(euros(cents), format="0.00"))


def zone_names(zone_ids: set[int]) -> dict[int, str]:
    from burgerplatform.zones.models import Zone

    rows = db.session.execute(
        select(Zone.id, Zone.name).where(Zone.id.in_(zone_ids)).order_by(Zone.name)
    )
    return {zone_id: name for zone_id, name in rows}


def register_lines_of(user: User, limit: int = 100) -> list[tuple[Meeting, Presence]]:
    """The person's own lines in the registers, the latest meeting first."""
    return [
        (meeting, presence)
        for meeting, presence in db.session.execute(
            select(Meeting, PresenceRecord.presence)
            .join(PresenceRecord, PresenceRecord.meeting_id == Meeting.id)
            .where(PresenceRecord.user_id == user.id)
            .order_by(Meeting.starts_at.desc())
            .limit(limit)
        )
    ]
