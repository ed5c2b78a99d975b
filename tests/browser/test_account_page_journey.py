"""My account in a real browser: the page fits a phone, also with a long address."""

from __future__ import annotations

import pytest

from tests.browser.support import follow, log_in

pytestmark = pytest.mark.browser

LONG_ADDRESS = "anneleen.vandenbrouckedesmedt@woonzorgcentrumkleinbrabantvaartland.example.org"


def test_my_account_page_fits_a_phone_screen_with_a_long_address_and_zone(
    page, base_url, make_zone, make_user
):
    zone = make_zone(name="Klein-Brabant Vaartland", slug="klein-brabant-vaartland")
    user = make_user(display_name="An", email=LONG_ADDRESS, zone_id=zone.id)
    log_in(page, user.email)
    # Every page visited is checked at 320 px: it must not scroll sideways.
    follow(page, page.locator('header a[href="/account"]'))
    assert page.url == f"{base_url}/account"


def test_the_owner_confirming_in_another_browser_checks_the_details_by_keyboard(
    page, app, base_url, make_zone, deliver
):
    from playwright.sync_api import expect

    from burgerplatform.accounts import services
    from tests.browser.support import goto, mail_to, on_live_server, press_and_wait, tab_to
    from tests.conftest import link_in

    zone = make_zone(name="Klein-Brabant Vaartland", slug="klein-brabant-vaartland")
    with app.test_request_context():
        services.register(
            "victim@example.org", "Aanvaller Naam", "chosen by the attacker", "fr", zone.id, "1"
        )
        from burgerplatform.extensions import db

        db.session.commit()
    link = on_live_server(link_in(mail_to(deliver(), "victim@example.org")), base_url)
    goto(page, link)  # the owner's own browser
    assert page.url == f"{base_url}/account/check"
    expect(page.locator("#display_name")).to_have_value("Aanvaller Naam")
    expect(page.locator("#zone")).to_have_value(str(zone.id))
    tab_to(page, page.locator("#display_name"))
    page.keyboard.press("Control+A")
    page.keyboard.type("An Peeters")
    tab_to(page, page.locator("#consent"))
    page.keyboard.press("Space")
    tab_to(page, page.locator('main button[type="submit"]'))
    press_and_wait(page)
    assert page.url == f"{base_url}/account"
    expect(page.locator("#display_name")).to_have_value("An Peeters")


def test_i_change_my_password_from_my_account_by_keyboard(page, base_url, make_user):
    import re

    from playwright.sync_api import expect

    from tests.browser.support import press_and_wait, tab_to, type_into

    user = make_user(display_name="An", email="an@example.org")
    log_in(page, user.email)
    follow(page, page.locator('header a[href="/account"]'))
    follow(page, page.locator('main a[href="/account/password"]'))
    assert page.url == f"{base_url}/account/password"
    # A wrong current password: the error summary, in Dutch, and no password shown again.
    type_into(page, page.locator("#current"), "niet mijn wachtwoord")
    type_into(page, page.locator("#password"), "een nieuw lang wachtwoord")
    type_into(page, page.locator("#confirm"), "een nieuw lang wachtwoord")
    tab_to(page, page.locator('main button[type="submit"]'))
    press_and_wait(page)
    expect(page.locator("#error-summary")).to_contain_text(re.compile("huidige wachtwoord"))
    expect(page.locator("#current")).to_have_value("")
    expect(page.locator("#password")).to_have_value("")
    from tests.conftest import PASSWORD

    type_into(page, page.locator("#current"), PASSWORD)
    type_into(page, page.locator("#password"), "een nieuw lang wachtwoord")
    type_into(page, page.locator("#confirm"), "een nieuw lang wachtwoord")
    tab_to(page, page.locator('main button[type="submit"]'))
    press_and_wait(page)
    assert page.url == f"{base_url}/account"
    expect(page.locator(".flash-success")).to_be_visible()
