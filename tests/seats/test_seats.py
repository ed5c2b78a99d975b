"""Citizens' seats: staff record them, the public zone page names a holder only with
their own yes, and shows when each seat is up for rotation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from burgerplatform.audit.models import AuditEvent
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.seats import services
from burgerplatform.seats.models import Body, ChosenBy, CitizenSeat
from burgerplatform.zones.models import Role

TODAY = utcnow().date()


def _details(email=None, **overrides):
    values = dict(
        email=email,
        body=Body.ZORGRAAD,
        body_name="",
        chosen_by=ChosenBy.ELECTED,
        round_id=None,
        starts_on=TODAY - timedelta(days=30),
        ends_on=TODAY + timedelta(days=300),
    )
    values.update(overrides)
    return services.SeatDetails(**values)


def _seat_form(**overrides):
    data = {
        "email": "",
        "body": "steering_group",
        "body_name": "Stuurgroep Zorgzame buurt Eeklo",
        "chosen_by": "invited",
        "round_id": "",
        "starts_on": (TODAY - timedelta(days=10)).isoformat(),
        "ends_on": (TODAY + timedelta(days=365)).isoformat(),
    }
    data.update(overrides)
    return data


def test_the_rules_of_a_seat(app, ctx, make_zone, make_user):
    zone, other = make_zone(), make_zone()
    holder = make_user(zone_id=zone.id)
    elsewhere = make_user(zone_id=other.id)
    bad = [
        (dict(ends_on=TODAY - timedelta(days=31)), "ends_on"),
        # Outside review: a seat from 0001-01-01 to 9999-12-31, and another zone's citizen.
        (dict(starts_on=date(1, 1, 1)), "starts_on"),
        (dict(ends_on=date(9999, 12, 31)), "ends_on"),
        (dict(email=elsewhere.email), "email"),
        (dict(body=Body.OTHER), "body_name"),
        (dict(chosen_by=ChosenBy.LOT), "round_id"),
        (dict(email="nobody@example.org"), "email"),
    ]
    for overrides, field in bad:
        with pytest.raises(DomainError) as refused:
            services.add_seat(zone.id, _details(**{"email": holder.email, **overrides}))
        assert refused.value.field == field
    # A round of another zone cannot have given a seat here.
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import services as rounds
    from burgerplatform.zones.models import Zone

    staff = make_user(roles=[(other.id, Role.STAFF)])
    round_ = rounds.create_round(
        db.session.get(Zone, other.id),
        db.session.get(User, staff.id),
        "Vervoer",
        "Hoe?",
        "",
        "PZON",
        None,
        False,
    )
    with pytest.raises(DomainError) as refused:
        services.add_seat(
            zone.id, _details(holder.email, chosen_by=ChosenBy.LOT, round_id=round_.id)
        )
    assert refused.value.field == "round_id"
    seat = services.add_seat(zone.id, _details(holder.email.upper(), ends_on=None))
    assert seat.user_id == holder.id and not seat.public_consent


def test_the_public_sees_names_only_with_consent_and_past_seats_not_at_all(
    app, ctx, make_zone, make_user
):
    zone = make_zone()
    an, jef, mia = (make_user(display_name=n) for n in ("An", "Jef", "Mia"))
    named = services.add_seat(zone.id, _details(an.email))
    services.add_seat(zone.id, _details(jef.email, body=Body.STEERING_GROUP))
    services.add_seat(
        zone.id,
        _details(mia.email, starts_on=date(2024, 1, 1), ends_on=TODAY - timedelta(days=1)),
    )
    shown = services.public_seats(zone.id)
    assert shown.named == [] and shown.unnamed == 2
    from burgerplatform.accounts.models import User

    with pytest.raises(DomainError):
        services.set_consent(named, db.session.get(User, jef.id), True)
    services.set_consent(named, db.session.get(User, an.id), True)
    shown = services.public_seats(zone.id)
    assert [s.holder.display_name for s in shown.named] == ["An"] and shown.unnamed == 1


def test_staff_record_a_seat_and_it_shows_on_the_zone_page_once_the_holder_says_yes(
    app, make_client, make_user, staged_round
):
    staged = staged_round("gather")
    holder_email = staged.members[0]
    staff = make_client()
    staff.login(staged.setup.staff_email)
    base = f"/{staged.setup.slug}/seats"
    assert staff.get(f"{base}/new").status_code == 200
    ends = TODAY + timedelta(days=200)
    sent = staff.post(
        f"{base}/new",
        _seat_form(
            email=holder_email,
            chosen_by="lot",
            body="klankbordgroep",
            round_id=str(staged.round_id),
            ends_on=ends.isoformat(),
        ),
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)[:3000]
    listing = staff.get(f"{base}/").get_data(as_text=True)
    assert "Stuurgroep Zorgzame buurt Eeklo" in listing

    public = make_client()
    page = public.get(f"/{staged.setup.slug}/").get_data(as_text=True)
    assert "Citizens at the table" in page
    assert "1 more seat is held by a citizen who prefers not to be named." in page
    with app.app_context():
        from burgerplatform.accounts.models import User

        holder = db.session.scalar(select(User).where(User.email == holder_email))
        name = holder.display_name
        seat_id = db.session.scalar(select(CitizenSeat.id))
    assert name not in page

    # The holder says yes in their account ("My participation").
    me = make_client()
    me.login(holder_email)
    mine = me.get("/my-participation").get_data(as_text=True)
    assert "Your seats" in mine and "Your name is not shown." in mine
    # Nobody else can choose for them.
    other = make_client()
    other.login(staged.members[1])
    assert other.post(f"/my-seats/{seat_id}/show-my-name").status_code == 404
    assert me.post(f"/my-seats/{seat_id}/show-my-name").status_code == 302
    page = make_client().get(f"/{staged.setup.slug}/").get_data(as_text=True)
    assert name in page and ends.isoformat() in page
    assert f"/rounds/{staged.round_id}" in page  # drawn by lot from this round
    assert me.post(f"/my-seats/{seat_id}/hide-my-name").status_code == 302
    assert name not in make_client().get(f"/{staged.setup.slug}/").get_data(as_text=True)


def test_an_end_before_the_start_is_refused_with_what_was_typed_kept(
    app, make_client, staged_round
):
    staged = staged_round("gather")
    staff = make_client()
    staff.login(staged.setup.staff_email)
    refused = staff.post(
        f"/{staged.setup.slug}/seats/new",
        _seat_form(email=staged.members[0], starts_on="2026-06-01", ends_on="2026-05-01"),
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "The end date is before the start date." in page
    assert 'value="2026-05-01"' in page and 'value="Stuurgroep Zorgzame buurt Eeklo"' in page
    assert staged.members[0] in page
    with app.app_context():
        assert db.session.scalar(select(CitizenSeat.id)) is None


def test_only_the_zones_staff_manage_its_seats_and_removal_is_audited(
    app, make_client, make_user, make_zone, staged_round
):
    staged = staged_round("gather")
    with app.test_request_context():
        seat = services.add_seat(staged.setup.zone_id, _details(staged.members[0]))
        db.session.commit()
        seat_id = seat.id
    base = f"/{staged.setup.slug}/seats"
    other_zone = make_zone()
    other_staff = make_client()
    other_staff.login(make_user(roles=[(other_zone.id, Role.STAFF)]).email)
    citizen = make_client()
    citizen.login(staged.members[1])
    for person in (other_staff, citizen):
        assert person.get(f"{base}/").status_code == 403
        assert person.get(f"{base}/{seat_id}/edit").status_code == 403
        assert person.post(f"{base}/{seat_id}/remove").status_code == 403
    # Their own zone's URL does not reach this zone's seat either.
    assert other_staff.get(f"/{other_zone.slug}/seats/{seat_id}/edit").status_code == 404
    assert make_client().get(f"{base}/").status_code == 302  # log in first
    staff = make_client()
    staff.login(staged.setup.staff_email)
    assert staff.post(f"{base}/{seat_id}/remove").status_code == 302
    with app.app_context():
        assert db.session.get(CitizenSeat, seat_id) is None
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "seat.removed"))
        assert event is not None and event.zone_id == staged.setup.zone_id


def test_a_holder_finds_their_seats_in_their_data_download(app, ctx, make_zone, make_user):
    from burgerplatform.accounts.models import User
    from burgerplatform.core import signals

    zone = make_zone()
    holder = make_user()
    services.add_seat(zone.id, _details(holder.email))
    parts = [r for _f, r in signals.collect_personal_data.send(db.session.get(User, holder.id))]
    seats = next(p["citizen_seats"] for p in parts if "citizen_seats" in p)
    assert seats[0]["body"] == "zorgraad" and seats[0]["name_shown_publicly"] is False
