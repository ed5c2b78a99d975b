"""Help and contact, by keyboard: staff fill in the zone's contact person; a visitor finds
them on the help page, reports a problem with the website, and the staff read it. The
glossary and the accessibility statement pass the same checks (axe, 320 px)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import follow, goto, log_in, new_page, press_and_wait, tab_to, type_into

pytestmark = pytest.mark.browser


def test_staff_name_a_contact_person_and_a_visitors_problem_report_reaches_them(
    page, browser, base_url, app, make_zone, make_user
):
    from burgerplatform.zones.models import Role

    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    staff = make_user(roles=[(zone.id, Role.STAFF)], email="els@example.org")
    log_in(page, staff.email, app)
    goto(page, "/meetjesland/settings")
    type_into(page, "#contact_name", "Els Van Damme")
    type_into(page, "#contact_phone", "bel me")
    tab_to(page, page.get_by_role("button", name="Instellingen bewaren"))
    press_and_wait(page)
    expect(page.locator("#contact_phone-error")).to_contain_text("6 tot 15 cijfers")
    expect(page.locator("#contact_name")).to_have_value("Els Van Damme")  # kept
    type_into(page, "#contact_phone", "09 376 12 34", replace=True)
    type_into(page, "#opening_hours", "Maandag tot donderdag, 9 tot 12 uur")
    tab_to(page, page.get_by_role("button", name="Instellingen bewaren"))
    press_and_wait(page)

    visitor = new_page(browser, base_url, page)
    goto(visitor, "/meetjesland/")
    follow(visitor, visitor.get_by_role("link", name="Hulp en contact: iemand die je kunt bellen"))
    expect(visitor.locator(".contact-card")).to_contain_text("Els Van Damme")
    expect(visitor.get_by_role("link", name="09 376 12 34")).to_have_attribute(
        "href", "tel:093761234"
    )
    follow(visitor, visitor.locator("main").get_by_role("link", name="Meld een probleem"))
    type_into(visitor, "#problem", "De knop Steun reageert niet op Enter.")
    type_into(visitor, "#reply_to", "an@example.org")
    tab_to(visitor, visitor.get_by_role("button", name="Verstuur het probleem"))
    press_and_wait(visitor)
    expect(visitor.locator(".flash-success")).to_contain_text("De medewerkers van de zone")
    follow(visitor, visitor.get_by_role("link", name="Woordenlijst"))
    expect(visitor.locator("#term-zorgraad")).to_be_visible()
    follow(visitor, visitor.get_by_role("link", name="Toegankelijkheidsverklaring"))
    expect(visitor.get_by_role("heading", name="Toegankelijkheidsverklaring")).to_be_visible()

    goto(page, "/meetjesland/help/reported-problems")
    expect(page.locator(".report-list")).to_contain_text("De knop Steun reageert niet op Enter.")
    expect(page.locator(".report-list")).to_contain_text("an@example.org")
    visitor.context.close()
