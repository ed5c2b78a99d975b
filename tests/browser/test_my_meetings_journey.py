"""Issue 13 in a real browser, by keyboard, with axe on every page: a member finds all
their meetings from "My participation"; staff close a round's question while invitations
are still open, see what is open and confirm it.

Texts are matched in Dutch or English (the catalogues may or may not be compiled).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.support import follow, goto, log_in, tab_to
from tests.consultations.conftest import make_round, pool_zone  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def test_a_member_finds_every_meeting_from_my_participation(page, app, make_zone, make_user):
    from burgerplatform.core.db import utcnow
    from burgerplatform.extensions import db
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting
    from burgerplatform.zones.models import Role

    zone = make_zone()
    member = make_user(roles=[(zone.id, Role.ZORGRAAD_MEMBER)])
    with app.app_context():
        for title, days in (("Zorgraad van januari", 20), ("Zorgraad van november", -20)):
            start = utcnow() + timedelta(days=days)
            create_meeting(
                kind=MeetingKind.ZORGRAAD,
                space=f"zone:{zone.id}",
                zone_id=zone.id,
                title=title,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                created_by=None,
            )
        db.session.commit()

    log_in(page, member.email)
    follow(page, page.locator('header a[href="/my-participation"]'))
    follow(page, page.locator("#my-meetings-link"))
    expect(page.locator("h1")).to_have_text(re.compile("Mijn vergaderingen|My meetings"))
    items = page.locator(".meeting-list li")
    expect(items).to_have_count(1)
    expect(items).to_contain_text("Zorgraad van januari")
    expect(items.locator(".my-answer")).to_have_text(
        re.compile("nog niet geantwoord|not answered yet")
    )
    expect(page.locator("#my-calendar")).to_have_attribute("href", "/meetings/mine/calendar.ics")
    follow(page, page.locator("#past-link"))
    expect(page.locator(".meeting-list li")).to_contain_text("Zorgraad van november")
    follow(page, page.locator("#upcoming-link"))
    follow(page, page.locator(".meeting-list li a").first)
    expect(page.locator("h1")).to_contain_text("Zorgraad van januari")


def test_staff_see_open_invitations_and_confirm_before_the_group_goes_ahead(
    page,
    app,
    pool_zone,  # noqa: F811 - fixtures imported above
    make_round,  # noqa: F811
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import PoolMember, Round, Seat, SeatStatus
    from burgerplatform.extensions import db

    setup = pool_zone(6)
    round_id = make_round(setup, size=3)
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        members = list(
            db.session.scalars(
                select(PoolMember)
                .where(PoolMember.zone_id == setup.zone_id)
                .order_by(PoolMember.id)
            )
        )
        seats = [draws.invite(round_, m) for m in members[:3]]
        draws.answer(seats[0], accept=True)
        db.session.commit()
        staff = db.session.scalar(select(User).where(User.email == setup.staff_email))
        staff_email = staff.email

    log_in(page, staff_email)
    base = f"/{setup.slug}/rounds/{round_id}"
    goto(page, base)
    expect(page.locator("#open-invitations")).to_contain_text("2")
    tab_to(page, page.locator("#confirm"))
    page.keyboard.press("Space")
    follow(page, page.locator('#open-ends button[type="submit"]'))
    expect(page.locator(".phase-steps li").nth(1)).to_have_attribute("aria-current", "step")
    with app.app_context():
        statuses = sorted(s.status.value for s in db.session.scalars(select(Seat)))
    assert statuses == sorted([SeatStatus.ACCEPTED.value] + [SeatStatus.WITHDRAWN.value] * 2)
