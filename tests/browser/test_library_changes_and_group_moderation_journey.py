"""In a real browser, in Dutch, by keyboard, with axe on every page:

* a case's publisher corrects the case, then withdraws it (first without a reason:
  refused, the page says why), and the case is gone from the library;
* a group's listing is reported by a reader, hidden by the zone's staff (first without an
  explanation: refused), a visitor who follows the old link reads that it was hidden and
  why, the contact person asks to look again, and the staff make it visible again.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import follow, goto, log_in, new_page, tab_to, type_into
from tests.conftest import speak
from tests.library.conftest import case_form, closed_proeftuin  # noqa: F401

pytestmark = pytest.mark.browser


def at_another_computer(browser, base_url, page, email: str, url: str):
    """Another person logs in at their own computer and opens `url`."""
    other = new_page(browser, base_url, page)
    log_in(other, email)
    goto(other, url)
    return other


def submit(page, form_selector: str) -> None:
    follow(page, page.locator(f'{form_selector} button[type="submit"]'))


def test_the_publisher_corrects_and_then_withdraws_a_case(
    page,
    app,
    make_client,
    closed_proeftuin,  # noqa: F811 - the fixture imported above
):
    setup = closed_proeftuin()
    speak(app, "nl", setup["coach"])
    coach = make_client()
    coach.login(setup["coach"].email)
    sent = coach.post(f"/library/proeftuinen/{setup['id']}/publish", case_form())
    assert sent.status_code == 302
    case_url = sent.headers["Location"]

    log_in(page, setup["coach"].email)
    goto(page, case_url)
    expect(page.locator("h1")).to_have_text("Buurtsoep in Eeklo")
    # Correct: the form comes filled in with the case as published.
    follow(page, page.locator("#correct-case"))
    expect(page.locator("#nl_title")).to_have_value("Buurtsoep in Eeklo")
    type_into(page, "#nl_title", "Soep met de buren", replace=True)
    # The publisher confirms again that the corrected text names nobody.
    tab_to(page, page.locator("#no_names"))
    page.keyboard.press("Space")
    expect(page.locator("#no_names")).to_be_checked()
    submit(page, 'main form[method="post"]')
    expect(page.locator("h1")).to_have_text("Soep met de buren")
    expect(page.locator(".flash-success")).to_contain_text("Het verhaal is verbeterd.")

    # Withdraw: a reason is asked for, then the case leaves the library.
    follow(page, page.locator("#withdraw-case"))
    expect(page.locator("h1")).to_have_text("Haal het verhaal weg")
    submit(page, 'main form[method="post"]')
    expect(page.locator(".error-summary")).to_contain_text("Zeg waarom je het verhaal weghaalt.")
    type_into(page, "#reason", "Het verhaal is verouderd.")
    submit(page, 'main form[method="post"]')
    expect(page.locator(".flash-success")).to_contain_text("Het verhaal is weggehaald.")
    expect(page.locator("main")).not_to_contain_text("Soep met de buren")
    goto(page, case_url)
    expect(page.locator("main")).not_to_contain_text("Soep met de buren")


GROUP = "Wandelclub De Stappers"
NOTE = "De beschrijving scheldt op een buurt."


def test_a_reported_group_is_hidden_with_a_reason_reviewed_and_made_visible_again(
    page, browser, app, base_url, make_zone, make_user, make_client
):
    from burgerplatform.zones.models import Role

    zone = make_zone(name="ELZ Meetjesland", slug="meetjesland")
    staff = make_user(roles=[(zone.id, Role.STAFF)], display_name="Sofie")
    contact = make_user(display_name="An")
    reader = make_user(display_name="Jef")
    speak(app, "nl", staff, contact, reader)
    client = make_client()
    client.login(contact.email)
    made = client.post(
        "/meetjesland/groups/new",
        {"name": GROUP, "purpose": "We wandelen elke week samen.", "consent": "y"},
    )
    assert made.status_code == 302
    group_url = made.headers["Location"]
    gid = group_url.rstrip("/").rsplit("/", 1)[1]

    # A reader reports the group.
    log_in(page, reader.email)
    goto(page, group_url)
    follow(page, page.locator(f'main a[href="/moderation/group/{gid}/report"]'))
    expect(page.locator("h1")).to_have_text("Een groep melden")
    tab_to(page, page.locator("#reason-0"))
    page.keyboard.press("Space")
    type_into(page, "#text", "De naam is een scheldwoord.")
    submit(page, 'main form[method="post"]')
    expect(page.locator(".flash-success")).to_contain_text("Bedankt. Een moderator bekijkt het.")

    # The staff hide it: an explanation is needed, and everyone will read it.
    staff_page = at_another_computer(browser, base_url, page, staff.email, group_url)
    follow(staff_page, staff_page.locator(f'main a[href="/moderation/group/{gid}"]'))
    expect(staff_page.locator("main")).to_contain_text("De naam is een scheldwoord.")
    tab_to(staff_page, staff_page.locator("#reason-0"))
    staff_page.keyboard.press("Space")
    submit(staff_page, f'main form[action="/moderation/group/{gid}/hide"]')
    expect(staff_page.locator(".error-summary")).to_be_visible()
    type_into(staff_page, "#note", NOTE)
    submit(staff_page, f'main form[action="/moderation/group/{gid}/hide"]')
    expect(staff_page.locator(".flash-success")).to_contain_text("De vermelding is verborgen.")

    # A visitor who follows the old link reads that it was hidden, and why.
    visitor = new_page(browser, base_url, page)
    goto(visitor, group_url)
    expect(visitor.locator("h1")).to_have_text("Verborgen groep")
    expect(visitor.locator("main")).to_contain_text(NOTE)
    expect(visitor.locator("main")).not_to_contain_text(GROUP)
    follow(visitor, visitor.locator('main a[href="/meetjesland/groups/"]').last)
    expect(visitor.locator("main")).not_to_contain_text(GROUP)

    # The contact person sees why and asks to look again.
    contact_page = at_another_computer(browser, base_url, page, contact.email, group_url)
    expect(contact_page.locator("main")).to_contain_text("Verborgen door een moderator")
    expect(contact_page.locator("main")).to_contain_text(NOTE)
    follow(contact_page, contact_page.locator(f'main a[href="/moderation/group/{gid}/review"]'))
    type_into(contact_page, "#text", "Ik heb de naam veranderd.")
    submit(contact_page, 'main form[method="post"]')
    expect(contact_page.locator(".flash-success")).to_contain_text(
        "Je vraag is naar de moderators gestuurd."
    )

    # The staff read the request and make the listing visible again.
    goto(staff_page, f"/moderation/group/{gid}")
    expect(staff_page.locator("main")).to_contain_text("Ik heb de naam veranderd.")
    submit(staff_page, f'main form[action="/moderation/group/{gid}/restore"]')
    expect(staff_page.locator(".flash-success")).to_contain_text("De vermelding is weer zichtbaar.")
    goto(visitor, group_url)
    expect(visitor.locator("h1")).to_have_text(GROUP)
    for other in (staff_page, visitor, contact_page):
        other.context.close()
