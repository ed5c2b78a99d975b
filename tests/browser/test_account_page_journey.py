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
