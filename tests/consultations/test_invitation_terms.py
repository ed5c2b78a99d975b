"""The invitation says what a seat asks and gives before the person answers: the
meetings planned and when the advice is due, the volunteer allowance the zone set, the
support the person asked for in the pool, and whom to ask about the rest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from tests.conftest import Client


@pytest.fixture
def invited(app, pool_zone, make_round):
    """A pool member invited to a round's klankbordgroep (the seat made directly)."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import PoolMember, Round, Seat

    setup = pool_zone(4)
    round_id = make_round(setup, size=2)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == setup.members[0]))
        member = db.session.scalar(select(PoolMember).where(PoolMember.user_id == user.id))
        round_ = db.session.get(Round, round_id)
        round_.deadline = (utcnow() + timedelta(days=90)).date()
        db.session.add(Seat(round=round_, member=member, reply_by=utcnow() + timedelta(days=7)))
        db.session.commit()
    return setup, round_id


def _page(app, setup, round_id, lang="nl") -> str:
    from sqlalchemy import update

    from burgerplatform.accounts.models import User

    with app.app_context():  # the language the person chose for their account
        db.session.execute(update(User).where(User.email == setup.members[0]).values(locale=lang))
        db.session.commit()
    visitor = Client(app, language=lang)
    visitor.login(setup.members[0])
    response = visitor.get(f"/{setup.slug}/rounds/{round_id}/invitation")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _section(page: str, element_id: str) -> str:
    return page.split(f'id="{element_id}"', 1)[1].split("</p>", 1)[0]


def _set_up_everything(app, setup, round_id):
    """Contact, this year's allowance, a planned meeting (and a cancelled and a past
    one), and the member's answer "Transport" to the pool's question on support."""
    from burgerplatform.accounts.models import User
    from burgerplatform.allowances import services as allowances
    from burgerplatform.consultations import pool
    from burgerplatform.core.i18n import platform_time_zone
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting
    from burgerplatform.zones.models import Zone

    with app.test_request_context():
        zone = db.session.get(Zone, setup.zone_id)
        zone.contact_name = "Sara Peeters"
        zone.contact_phone = "09 123 45 67"
        year = utcnow().astimezone(platform_time_zone()).year
        allowances.set_ceiling(zone.id, year, 4067, 162677, None)
        soon = utcnow() + timedelta(days=20)
        for title, starts, cancelled in (
            ("Eerste samenkomst", soon, False),
            ("Afgelast", soon + timedelta(days=1), True),
            ("Voorbij", utcnow() - timedelta(days=3), False),
        ):
            meeting = create_meeting(
                kind=MeetingKind.ROUND,
                space=f"round:{round_id}",
                zone_id=zone.id,
                title=title,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                created_by=None,
                location="Keukentafel bij Sara thuis",
            )
            if cancelled:
                meeting.cancelled_at = utcnow()
        user = db.session.scalar(select(User).where(User.email == setup.members[0]))
        cats = {c.key: c for c in pool.categories(zone)}
        member = pool.membership(zone, user)
        answers = {a.value_id for a in member.answers} | {cats["support"].values[1].id}
        pool.join_or_update(zone, user, answers, consent=True)
        db.session.commit()
        return year


def test_the_invitation_says_the_meetings_the_allowance_and_the_support_asked_for(app, invited):
    setup, round_id = invited
    year = _set_up_everything(app, setup, round_id)
    page = _page(app, setup, round_id)
    agree = page.split('id="what-you-agree-to"', 1)[1].split("</section>", 1)[0]
    assert "Waar je ja op zegt" in agree
    assert "Het advies moet klaar zijn op" in agree
    # Only the meeting still to come, not the cancelled or past one; no place yet.
    assert "Er is tot nu toe 1 vergadering gepland" in agree
    assert agree.count("<li>") == 1
    assert "Keukentafel" not in page
    assert "Vraag aan Sara Peeters hoeveel vergaderingen er in totaal zijn." in agree
    allowance = _section(page, "allowance")
    assert f"In {year} is dat maximaal" in allowance
    assert "40,67" in allowance and "1.626,77" in allowance
    assert "reiskosten terugbetalen als je een bewijs toont" in allowance
    consent = _section(page, "allowance-consent")
    assert "alleen geld als je zegt dat je betaald wilt worden" in consent
    assert "/meetings/mine/allowances" in consent
    support = _section(page, "support")
    assert "In de pool zei je dat dit je helpt om mee te doen: Vervoer." in support
    assert "Zeg dus aan Sara Peeters wat je nodig hebt" in support
    assert "09 123 45 67" in _section(page, "seat-contact")


def test_what_the_platform_does_not_know_the_invitation_sends_to_the_zone(app, invited):
    setup, round_id = invited
    page = _page(app, setup, round_id)
    assert "Er zijn nog geen vergaderingen gepland." in _section(page, "no-meetings-yet")
    allowance = _section(page, "allowance")
    assert "heeft op het platform geen vrijwilligersvergoeding ingesteld voor" in allowance
    assert "Vraag aan de medewerkers van" in allowance
    support = _section(page, "support")
    assert "Heb je hulp nodig om mee te doen" in support
    # Answers that count for the mix are not repeated here (a carer's answer is sensitive).
    assert "mantelzorger" not in page.lower()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ("Ce que vous acceptez", "1 réunion est prévue", "Demandez à Sara Peeters")),
        ("en", ("What you say yes to", "1 meeting is planned so far", "Ask Sara Peeters")),
    ],
)
def test_the_invitation_says_it_in_french_and_english_too(app, invited, lang, words):
    setup, round_id = invited
    _set_up_everything(app, setup, round_id)
    page = _page(app, setup, round_id, lang=lang)
    for word in words:
        assert word in page, word


def test_seat_terms_counts_only_meetings_to_come_and_support_answers_only(app, invited):
    from burgerplatform.consultations import seat_terms
    from burgerplatform.consultations.models import Seat

    setup, round_id = invited
    _set_up_everything(app, setup, round_id)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        seat = db.session.scalar(select(Seat).where(Seat.round_id == round_id))
        terms = seat_terms.seat_terms(seat)
        assert [m.title for m in terms.meetings] == ["Eerste samenkomst"]
        assert terms.support_asked == ["Transport"]
        assert terms.allowance is not None and not terms.may_be_paid
