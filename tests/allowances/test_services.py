"""The rules of the register and the allowances, at their edges: the ceilings (exactly
at a ceiling passes, one cent over is refused, per day across two meetings and per year),
the register only after a meeting began, amounts as people type them."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.allowances import services
from burgerplatform.allowances.models import AllowancePayment, PayeeDetails, Presence
from burgerplatform.allowances.money import parse_cents
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.meetings.models import Meeting
from tests.allowances.conftest import ceilings, consent, present


def meeting(group, name: str) -> Meeting:
    return db.session.scalar(select(Meeting).where(Meeting.uid == group.meetings[name]))


def person(group, name: str) -> User:
    return db.session.get_one(User, group.members[name])


def staff(group) -> User:
    return db.session.scalar(select(User).where(User.email == group.staff))


@contextmanager
def english(app):
    """A request in English: messages are read as an English reader sees them."""
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("en"):
        yield


@pytest.fixture
def paid_group(app, group):
    ceilings(app, group)  # 40.67 a day, 1,626.77 a year
    consent(app, group, "An", "Bert")
    present(app, group, "morning", "An", "Bert", "Carla")
    present(app, group, "evening", "An")
    return group


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("12,50", 1250),
        ("12.50", 1250),
        ("€ 40,67", 4067),
        ("1.626,77", 162677),
        ("7", 700),
        ("1,626.77", 162677),
        ("0,5", 50),
        ("", 0),
    ],
)
def test_amounts_are_read_as_dutch_and_english_readers_type_them(app, typed, cents):
    with english(app):
        assert parse_cents(typed) == cents


@pytest.mark.parametrize("typed", ["-5", "12,505", "1.626", "twaalf", "1,2,3"])
def test_a_negative_or_unclear_amount_is_refused(app, typed):
    with english(app), pytest.raises(DomainError):
        parse_cents(typed)


def test_exactly_the_daily_ceiling_passes_and_one_cent_more_is_refused(app, paid_group):
    g = paid_group
    with english(app):
        with pytest.raises(DomainError) as refused:
            services.record_payment(meeting(g, "morning"), person(g, "An"), 4068, 0, staff(g))
        assert "daily ceiling" in str(refused.value.message)
        assert "40.67" in str(refused.value.message)  # what is still possible
        payment = services.record_payment(
            meeting(g, "morning"), person(g, "An"), 4067, 500, staff(g)
        )
        assert payment is not None and payment.flat_cents == 4067


def test_the_daily_ceiling_counts_both_meetings_of_the_same_day(app, paid_group):
    g = paid_group
    with english(app):
        services.record_payment(meeting(g, "morning"), person(g, "An"), 2500, 0, staff(g))
        with pytest.raises(DomainError) as refused:
            services.record_payment(meeting(g, "evening"), person(g, "An"), 1568, 0, staff(g))
        # 40.67 - 25.00 = 15.67 left on that day
        assert "15.67" in str(refused.value.message)
        services.record_payment(meeting(g, "evening"), person(g, "An"), 1567, 0, staff(g))
        room = services.room_for(
            g.zone_id, g.members["An"], services.meeting_day(meeting(g, "evening"))
        )
        assert room.day_left == 0
        # Travel costs are outside the flat rate's ceilings.
        services.record_payment(meeting(g, "evening"), person(g, "An"), 1567, 1200, staff(g))


def test_changing_a_payment_counts_its_new_amount_not_both(app, paid_group):
    g = paid_group
    with english(app):
        services.record_payment(meeting(g, "morning"), person(g, "An"), 4067, 0, staff(g))
        services.record_payment(meeting(g, "morning"), person(g, "An"), 4000, 0, staff(g))
        assert db.session.scalar(select(AllowancePayment.flat_cents)) == 4000


def _earlier_payment(g, member: User, day: date, cents: int) -> None:
    """A payment of the same year on another day than `day`, outside any meeting."""
    other = date(day.year, 1, 1) if day != date(day.year, 1, 1) else date(day.year, 1, 2)
    db.session.add(
        AllowancePayment(
            zone_id=g.zone_id,
            meeting_id=None,
            meeting_title="Vroeger",
            user_id=member.id,
            day=other,
            year=day.year,
            flat_cents=cents,
            travel_cents=0,
            iban="",
        )
    )
    db.session.flush()


def test_the_yearly_ceiling_refuses_one_cent_over_and_says_what_is_left(app, paid_group):
    g = paid_group
    with english(app):
        an = person(g, "An")
        day = services.meeting_day(meeting(g, "morning"))
        # Earlier payments of the year (other days), up to 30.00 under the ceiling.
        _earlier_payment(g, an, day, 162677 - 3000)
        with pytest.raises(DomainError) as refused:
            services.record_payment(meeting(g, "morning"), an, 3001, 0, staff(g))
        assert "yearly ceiling" in str(refused.value.message)
        assert "30.00" in str(refused.value.message)
        services.record_payment(meeting(g, "morning"), an, 3000, 0, staff(g))
        assert services.room_for(g.zone_id, an.id, day).year_left == 0


def test_no_payment_without_presence_consent_or_ceilings(app, group):
    g = group
    consent(app, g, "An")
    with english(app):
        with pytest.raises(DomainError, match="present"):
            services.record_payment(meeting(g, "morning"), person(g, "An"), 100, 0, staff(g))
    present(app, g, "morning", "An", "Carla")
    with english(app):
        with pytest.raises(DomainError, match="ceilings"):
            services.record_payment(meeting(g, "morning"), person(g, "An"), 100, 0, staff(g))
    ceilings(app, g)
    with english(app):
        with pytest.raises(DomainError, match="agreed"):
            services.record_payment(meeting(g, "morning"), person(g, "Carla"), 100, 0, staff(g))
        with pytest.raises(DomainError, match="negative"):
            services.record_payment(meeting(g, "morning"), person(g, "An"), -1, 0, staff(g))
        assert db.session.scalar(select(AllowancePayment.id)) is None


def test_the_register_is_refused_for_a_meeting_that_has_not_taken_place(app, group):
    with english(app):
        with pytest.raises(DomainError, match="not taken place"):
            services.record_register(
                meeting(group, "future"), staff(group), {group.members["An"]: Presence.PRESENT}
            )


def test_the_register_holds_only_invited_members_and_is_all_or_nothing(app, group, make_user):
    stranger = make_user()
    with english(app):
        with pytest.raises(DomainError, match="invited"):
            services.record_register(
                meeting(group, "morning"),
                staff(group),
                {group.members["An"]: Presence.PRESENT, stranger.id: Presence.PRESENT},
            )
        assert services.register_of(meeting(group, "morning")) == {}


def test_an_iban_is_checked_and_stored_normalised(app, group):
    with english(app):
        an = person(group, "An")
        with pytest.raises(DomainError, match="not a valid"):
            services.give_consent(an, "BE71 0961 2345 6760")
        services.give_consent(an, "be71 0961 2345 6769")
        details = db.session.scalar(select(PayeeDetails))
        assert details.iban == "BE71096123456769" and details.consent_at is not None
        services.withdraw_consent(an)
        assert db.session.scalar(select(PayeeDetails)) is None


def test_a_ceiling_cannot_be_zero_or_a_daily_one_above_the_yearly(app, group):
    with english(app):
        with pytest.raises(DomainError):
            services.set_ceiling(group.zone_id, 2026, 0, 100, None)
        with pytest.raises(DomainError):
            services.set_ceiling(group.zone_id, 2026, 200, 100, None)


def test_payments_are_dropped_after_the_legal_keeping_period(app, group):
    with english(app):
        for year in (2019, 2020):
            db.session.add(
                AllowancePayment(
                    zone_id=group.zone_id,
                    user_id=group.members["An"],
                    day=date(year, 6, 1),
                    year=year,
                    flat_cents=100,
                    travel_cents=0,
                    iban="",
                )
            )
        db.session.flush()
        # Kept 7 years from 1 January after their year: 2019's until the end of 2026,
        # 2020's until the end of 2027.
        assert services.drop_expired_payments(date(2027, 1, 1)) == 1
        assert db.session.scalars(select(AllowancePayment.year)).all() == [2020]


def test_what_is_still_possible_counts_the_payment_already_recorded_for_the_meeting(
    app, paid_group
):
    g = paid_group
    with english(app):
        morning, an = meeting(g, "morning"), person(g, "An")
        room = services.room_left(morning, an.id)
        assert room is not None and (room.day_left, room.year_left) == (4067, 162677)
        services.record_payment(morning, an, 4067, 300, staff(g))
        room = services.room_left(morning, an.id)
        assert room is not None
        # The daily ceiling is paid for this meeting: nothing left that day; the year
        # keeps its ceiling minus that payment (travel costs do not count).
        assert (room.day_left, room.year_left, room.left) == (0, 162677 - 4067, 0)
        # Changing that payment may still go up to the daily ceiling, no further.
        services.record_payment(morning, an, 4067, 0, staff(g))
        with pytest.raises(DomainError, match="daily ceiling"):
            services.record_payment(morning, an, 4068, 0, staff(g))


@pytest.mark.parametrize("which", ["daily", "yearly"])
def test_a_ceiling_below_what_is_already_paid_is_refused_naming_the_highest_payment(
    app, paid_group, which
):
    """Lowering a ceiling under payments already recorded would leave them above it: the
    refusal names the highest (one member's day, both meetings together; or their year),
    and exactly that amount is still accepted."""
    g = paid_group
    with english(app):
        day = services.meeting_day(meeting(g, "morning"))
        an = person(g, "An")
        services.record_payment(meeting(g, "morning"), an, 2500, 0, staff(g))
        services.record_payment(meeting(g, "evening"), an, 1000, 900, staff(g))
        services.record_payment(meeting(g, "morning"), person(g, "Bert"), 3000, 0, staff(g))
        # An: 35.00 that day (travel costs do not count), and 10.00 on another day.
        _earlier_payment(g, an, day, 1000)
        highest, refused_at = (3500, (3499, 162677)) if which == "daily" else (4500, (3500, 4499))
        with pytest.raises(DomainError) as refused:
            services.set_ceiling(g.zone_id, day.year, *refused_at, staff(g))
        assert refused.value.field == which
        assert f"{highest / 100:.2f}" in str(refused.value.message)
        assert f"{which} ceiling cannot be lower" in str(refused.value.message)
        ceiling = services.ceiling_for(g.zone_id, day.year)
        assert (ceiling.daily_cents, ceiling.yearly_cents) == (4067, 162677)
        services.set_ceiling(g.zone_id, day.year, 3500, 4500, staff(g))
        # Another year's ceilings are not held by these payments.
        services.set_ceiling(g.zone_id, day.year + 1, 100, 100, staff(g))
