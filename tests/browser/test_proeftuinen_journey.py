"""Journey 3 in a real browser, by keyboard, with axe on every page: a coach opens a
proeftuin, invites two people, they discuss, a post is reported, hidden with a reason
and restored, and a meeting's minutes are corrected by a member before they are final.

Texts are located by address or by patterns that match Dutch and English, so the test
passes whether or not the translations are compiled.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.support import (
    check_a11y,
    follow,
    goto,
    log_in,
    mail_to,
    new_page,
    on_live_server,
    press_and_wait,
    tab_to,
    type_into,
)
from tests.conftest import PASSWORD, link_in

pytestmark = pytest.mark.browser


def choose_second_option(page, group: str) -> None:
    """Radio buttons by keyboard: Tab into the group, arrow down to the second option."""
    tab_to(page, page.locator(f"#{group}-0"))
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#{group}-1")).to_be_checked()


def submit(page, form_selector: str) -> None:
    follow(page, page.locator(f'{form_selector} button[type="submit"]'))


def test_a_coached_proeftuin_from_invitation_to_final_minutes(
    page, browser, app, base_url, make_zone, make_user, deliver
):
    from burgerplatform.core.db import utcnow
    from burgerplatform.zones.models import Role

    zone = make_zone(name="ELZ Meetjesland", slug="meetjesland")
    coach = make_user(roles=[(zone.id, Role.COACH)], display_name="Ilse")
    make_user(display_name="An", email="an@example.org")

    # The coach opens a proeftuin from the header link.
    log_in(page, coach.email)
    follow(page, page.locator('header a[href="/proeftuinen/"]'))
    follow(page, page.locator('main a[href="/proeftuinen/new"]'))
    type_into(page, page.locator("#name"), "Zorgzame buurt Eeklo")
    type_into(page, page.locator("#description"), "Samen zorgen voor elkaar in de **wijk**.")
    tab_to(page, page.locator("#zone"))
    page.keyboard.press("ArrowDown")
    choose_second_option(page, "visibility")
    submit(page, "main form")
    expect(page.locator("h1")).to_have_text("Zorgzame buurt Eeklo")
    members_url = page.url

    # Two invitations: one for An (has an account), one for Jef (has none).
    for email in ("an@example.org", "jef@example.org"):
        type_into(page, page.locator("#email"), email)
        press_and_wait(page)
        expect(page.locator(".flash-success")).to_be_visible()
    mails = deliver()
    an_link = on_live_server(link_in(mail_to(mails, "an@example.org")), base_url)
    jef_link = on_live_server(link_in(mail_to(mails, "jef@example.org")), base_url)
    assert "/proeftuinen/invitations/" in an_link

    # An logs in from the invitation and accepts.
    an_page = new_page(browser, base_url, page)
    goto(an_page, an_link)
    follow(an_page, an_page.locator('main a[href^="/login"]'))
    type_into(an_page, an_page.locator("#password"), PASSWORD)
    press_and_wait(an_page)
    assert "/proeftuinen/invitations/" in an_page.url
    follow(an_page, an_page.locator('main form button[type="submit"]'))
    expect(an_page.locator("h1")).to_have_text("Zorgzame buurt Eeklo")

    # Jef creates his account on the invitation page and is in.
    jef_page = new_page(browser, base_url, page)
    goto(jef_page, jef_link)
    type_into(jef_page, jef_page.locator("#display_name"), "Jef")
    type_into(jef_page, jef_page.locator("#password"), PASSWORD)
    tab_to(jef_page, jef_page.locator("#consent"))
    jef_page.keyboard.press("Space")
    submit(jef_page, "main form")
    expect(jef_page.locator("h1")).to_have_text("Zorgzame buurt Eeklo")
    expect(jef_page.locator('header form[action="/logout"]')).to_be_visible()

    # An starts a topic; the guidelines are shown the first time she writes.
    follow(an_page, an_page.locator('main a[href$="/topics/new"]'))
    expect(an_page.locator("#guidelines-title")).to_be_visible()
    type_into(an_page, an_page.locator("#title"), "Soepbedeling op zaterdag")
    type_into(an_page, an_page.locator("#body"), "Wie kookt mee voor de buren?")
    submit(an_page, "main form")
    topic_url = an_page.url.split("#")[0]

    # Jef replies and mentions An; An is told.
    goto(jef_page, topic_url)
    type_into(
        jef_page, jef_page.locator("#body"), "Ik kook graag, @An. Bel Maria op 0470 12 34 56."
    )
    submit(jef_page, "#reply form")
    expect(jef_page.locator(".post")).to_have_count(2)
    jef_post = jef_page.locator(".post").nth(1)
    post_id = jef_post.get_attribute("id").removeprefix("post-")

    # An reports Jef's post (it holds someone else's phone number).
    goto(an_page, topic_url)
    follow(an_page, an_page.locator(f'#post-{post_id} a[href$="/report"]'))
    choose_second_option(an_page, "reason")
    type_into(an_page, an_page.locator("#text"), "Telefoonnummer van Maria")
    submit(an_page, "main form")
    expect(an_page.locator(".flash-success")).to_be_visible()

    # The coach sees the report on the dashboard and hides the post with a reason.
    goto(page, "/proeftuinen/coach")
    follow(page, page.locator('main a[href^="/moderation/proeftuin_post/"]').first)
    choose_second_option(page, "reason")
    type_into(
        page,
        page.locator("section[aria-labelledby=hide-title] #note"),
        "Zonder het nummer van Maria, graag.",
    )
    submit(page, "section[aria-labelledby=hide-title] form")
    expect(page.locator(f"#post-{post_id} .hidden-note")).to_be_visible()

    # Jef sees why, and can ask to look again.
    goto(jef_page, topic_url)
    expect(jef_page.locator(f"#post-{post_id} .hidden-note")).to_contain_text("Maria")
    expect(jef_page.locator(f'#post-{post_id} a[href$="/review"]')).to_be_visible()

    # The coach restores it; every step is in the moderation log.
    goto(page, f"/moderation/proeftuin_post/{post_id}")
    submit(page, "section[aria-labelledby=restore-title] form")
    expect(page.locator(f"#post-{post_id} .hidden-note")).to_have_count(0)
    goto(page, members_url.replace("/members", "/moderation-log"))
    expect(page.locator("main tbody tr")).to_have_count(2)

    # A meeting is planned.
    goto(page, members_url.replace("/members", "/"))
    follow(page, page.locator('main a[href$="/new"][href*="/meetings/in/"]'))
    day = (utcnow() + timedelta(days=14)).strftime("%Y-%m-%d")
    type_into(page, page.locator("#title"), "Eerste buurtoverleg")
    page.locator("#starts_at").fill(f"{day}T19:30")
    page.locator("#ends_at").fill(f"{day}T21:00")
    type_into(page, page.locator("#location"), "Buurthuis, Eeklo")
    type_into(page, page.locator("#agenda"), "1. Welkom\n2. Soepbedeling")
    submit(page, "main form")
    meeting_url = page.url.split("#")[0]
    expect(page.locator("h1")).to_have_text("Eerste buurtoverleg")

    # The iCal file parses.
    ical = page.request.get(meeting_url + "/calendar.ics")
    events = Calendar.from_ical(ical.body()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Eerste buurtoverleg"]

    # Minutes drafted, then opened for corrections.
    type_into(page, page.locator("#body"), "Jef kookt de soep.")
    submit(page, 'form[action$="/minutes"]')
    page.locator("#review_until").fill((utcnow() + timedelta(days=7)).strftime("%Y-%m-%d"))
    submit(page, 'form[action$="/minutes/review"]')
    expect(page.locator(".flash-success")).to_be_visible()

    # An proposes a correction.
    goto(an_page, meeting_url)
    type_into(an_page, an_page.locator("#passage"), "Jef kookt de soep.")
    type_into(an_page, an_page.locator("#suggestion"), "Jef en An koken samen de soep.")
    type_into(an_page, an_page.locator("#reason"), "Zo spraken we het af.")
    submit(an_page, 'form[action$="/minutes/corrections"]')
    expect(an_page.locator(".flash-success")).to_be_visible()

    # The coach accepts it and makes the minutes final.
    goto(page, meeting_url)
    submit(page, 'form[action$="/accept"]')
    expect(page.locator(".minutes-body")).to_contain_text("Jef en An koken samen de soep.")
    submit(page, 'form[action$="/minutes/final"]')

    # Everyone sees the final minutes and the accepted correction.
    goto(an_page, meeting_url)
    expect(an_page.locator("#minutes")).to_contain_text(re.compile("Definitief|Final"))
    expect(an_page.locator("#minutes li")).to_contain_text("Jef en An koken samen de soep.")
    an_page.context.close()
    jef_page.context.close()
    check_a11y(page)
