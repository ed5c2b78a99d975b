"""The attendance register and volunteer allowances.

Money is kept in whole cents (integers), never as floats.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.extensions import Model


class Presence(LabelledEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"
    __labels__ = {
        "present": _l("Present"),
        "excused": _l("Excused"),
        "absent": _l("Absent"),
    }


class PresenceRecord(Model):
    """One line of a meeting's attendance register: an invited member and whether they
    were there, written by the person who ran the meeting once it took place."""

    __tablename__ = "presence_records"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    presence: Mapped[Presence] = mapped_column(enum_column(Presence, "presence"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AllowanceCeiling(Model):
    """The legal ceilings of the flat-rate volunteer allowance for one calendar year, as
    the zone's staff set them (the figures change every year: none are in the code)."""

    __tablename__ = "allowance_ceilings"
    __table_args__ = (
        UniqueConstraint("zone_id", "year"),
        CheckConstraint("daily_cents > 0 AND yearly_cents > 0", name="positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"))
    year: Mapped[int]
    daily_cents: Mapped[int]
    yearly_cents: Mapped[int]
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PayeeDetails(Model):
    """A member's consent to be paid and their bank account (IBAN, normalised). Erased
    with the account; withdrawing consent erases the account too."""

    __tablename__ = "payee_details"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    iban: Mapped[str] = mapped_column(String(34), default="")
    consent_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AllowancePayment(Model):
    """What a member is paid for one meeting: the flat-rate volunteer allowance and/or
    travel costs. A bookkeeping record: kept for the legal period (see README), without
    the bank account once the member deletes their account."""

    __tablename__ = "allowance_payments"
    __table_args__ = (
        UniqueConstraint("meeting_id", "user_id"),
        CheckConstraint("flat_cents >= 0 AND travel_cents >= 0", name="not_negative"),
        Index("ix_allowance_payments_zone_day", "zone_id", "day"),
        Index("ix_allowance_payments_user_year", "user_id", "year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"))
    # SET NULL: a deleted meeting does not take a payment the books must keep along.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    meeting_title: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # The meeting's day in Belgium, and its year: the ceilings count per day and per year.
    day: Mapped[date]
    year: Mapped[int]
    flat_cents: Mapped[int] = mapped_column(default=0)
    travel_cents: Mapped[int] = mapped_column(default=0)
    # The account paid into, as it was then; "" once the member deleted their account.
    iban: Mapped[str] = mapped_column(String(34), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # When the payment was first in an export for the bookkeeping: from then on it is in
    # the books and no longer changed or removed here (see README).
    exported_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def total_cents(self) -> int:
        return self.flat_cents + self.travel_cents
