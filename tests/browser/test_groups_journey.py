"""A group in a real browser, by keyboard, with axe on every page: its contact puts it on
the zone's list (refused first without consent), a round invites it and its input is
marked as the group's, and its request for support becomes a proeftuin.

Texts are located by address or by patterns that match Dutch and English.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import (
    follow,
    goto,
    log_in,
    new_page,
    tab_to,
    type_into,
)

pytestmark = pytest.mark.browser


def submit(page, form_selector: str) -> None:
    follow(page, page.locator(f'{form_selector} button[type="submit"]'))


def test_a_group_is_listed_takes_part_in_a_round_and_gets_a_proeftuin(
    page, browser, app, base_url, make_zone, make_user, deliver
):
    from burgerplatform.consultations.models import Phase, Round
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Role

    zone = make_zone(name="ELZ Meetjesland", slug="meetjesland")
    staff = make_user(roles=[(zone.id, Role.STAFF)], display_name="Sofie")
    coach = make_user(roles=[(zone.id, Role.COACH)], display_name="Ilse")
    an = make_user(display_name="An", email="an@example.org")
    with app.app_context():
        round_ = Round(
            zone_id=zone.id, title="Wandelpaden", question_draft="Wat mist er langs de paden?"
        )
        round_.phase = Phase.GATHER
        db.session.add(round_)
        db.session.commit()
        round_id = round_.id
        db.session.remove()

    # An finds the list of groups on the zone's page and puts her group on it.
    log_in(page, an.email)
    goto(page, "/meetjesland/")
    follow(page, page.locator('main a[href="/meetjesland/groups/"]'))
    follow(page, page.locator('main a[href="/meetjesland/groups/new"]'))
    type_into(page, page.locator("#name"), "Wandelclub De Stappers")
    type_into(page, page.locator("#purpose"), "We wandelen elke week samen.")
    tab_to(page, page.locator("#languages-0"))
    page.keyboard.press("Space")
    type_into(page, page.locator("#reach_phone"), "0470 12 34 56")
    # Without her consent the group is refused, and what she typed stays.
    submit(page, "main form")
    expect(page.locator(".error-summary")).to_contain_text(re.compile("akkoord|agrees"))
    expect(page.locator("#name")).to_have_value("Wandelclub De Stappers")
    tab_to(page, page.locator("#consent"))
    page.keyboard.press("Space")
    submit(page, "main form")
    expect(page.locator("h1")).to_have_text("Wandelclub De Stappers")
    group_url = page.url
    expect(page.locator("main")).to_contain_text("0470 12 34 56")
    expect(page.locator("main")).not_to_contain_text("an@example.org")

    # The staff invite the group to the round.
    staff_page = new_page(browser, base_url, page)
    log_in(staff_page, staff.email)
    goto(staff_page, f"/meetjesland/rounds/{round_id}")
    follow(staff_page, staff_page.locator("#invite-group-link"))
    tab_to(staff_page, staff_page.locator("#group"))
    staff_page.keyboard.press("ArrowDown")
    # What the group is invited to do is chosen, never ticked beforehand: "Give input".
    tab_to(staff_page, staff_page.locator("#part-0"))
    staff_page.keyboard.press("ArrowDown")
    expect(staff_page.locator("#part-1")).to_be_checked()
    submit(staff_page, "main form")
    expect(staff_page.locator(".flash-success")).to_be_visible()
    expect(staff_page.locator("main")).to_contain_text("Wandelclub De Stappers")

    # An gives input for the group; the round's page says it came from the group.
    goto(page, f"/meetjesland/rounds/{round_id}")
    follow(page, page.locator("#group-invitations a"))
    type_into(page, page.locator("#body"), "Meer bankjes langs de paden, graag.")
    submit(page, "main form")
    expect(page.locator(".from-group")).to_contain_text("Wandelclub De Stappers")
    expect(page.locator("#groups-took-part")).to_contain_text("Wandelclub De Stappers")

    # An asks a coach for support.
    goto(page, group_url)
    follow(page, page.locator('main a[href$="/support"]'))
    type_into(page, page.locator("#goal"), "Meer mensen laten wandelen.")
    type_into(page, page.locator("#help"), "Hulp bij een plan.")
    type_into(page, page.locator("#invite_emails"), "jef@example.org")
    submit(page, "main form")
    expect(page.locator(".flash-success")).to_be_visible()
    request_url = page.url

    # The coach starts a proeftuin from it: An is a member, Jef is invited by mail.
    coach_page = new_page(browser, base_url, page)
    log_in(coach_page, coach.email)
    goto(coach_page, "/meetjesland/groups/")
    follow(coach_page, coach_page.locator('main a[href="/meetjesland/groups/support/"]'))
    follow(coach_page, coach_page.locator(f'main a[href="{request_url.split(base_url)[-1]}"]'))
    type_into(coach_page, coach_page.locator("#answer"), "Ik help graag. We starten samen.")
    submit(coach_page, 'form[action$="/answer"]')
    type_into(coach_page, coach_page.locator("#name"), "Stappers samen", replace=True)
    submit(coach_page, 'form[action$="/proeftuin"]')
    expect(coach_page.locator("h1")).to_have_text("Stappers samen")
    assert any(m["To"] == "jef@example.org" for m in deliver())

    goto(page, request_url)
    expect(page.locator("main")).to_contain_text("Ik help graag.")
    follow(page, page.locator('main a[href^="/proeftuinen/"]'))
    expect(page.locator("h1")).to_have_text("Stappers samen")
    staff_page.context.close()
    coach_page.context.close()
