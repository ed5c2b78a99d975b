"""Issue 19's library of good practice in a real browser, by keyboard, with axe on every
page: a coach publishes a case of a proeftuin that closed with an outcome (first naming a
member who did not agree: refused, with the name and what was typed kept), and staff of
another zone find it in the library by theme and read how to start it in their zone.

Texts are matched in Dutch or English (the catalogues may or may not be compiled).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import check_a11y, follow, goto, log_in, new_page, tab_to, type_into
from tests.library.conftest import closed_proeftuin  # noqa: F401

pytestmark = pytest.mark.browser


def tick(page, selector: str) -> None:
    tab_to(page, page.locator(selector))
    page.keyboard.press("Space")
    expect(page.locator(selector)).to_be_checked()


def test_a_closed_proeftuin_publishes_a_case_that_another_zones_staff_finds(
    page,
    browser,
    base_url,
    make_user,
    make_zone,
    closed_proeftuin,  # noqa: F811 - the fixture imported above
):
    from burgerplatform.zones.models import Role

    setup = closed_proeftuin()
    log_in(page, setup["coach"].email)
    goto(page, f"/proeftuinen/{setup['id']}/")
    follow(page, page.locator("#publish-case"))
    expect(page.locator("h1")).to_have_text(
        re.compile("Deel een verhaal in de bibliotheek|Publish a case in the library")
    )
    type_into(page, "#nl_title", "Buurtsoep in Eeklo")
    type_into(page, "#nl_asked", "Hoe leren buren elkaar kennen?")
    type_into(page, "#nl_done", "An kookte elke maand soep met de buren.")
    type_into(page, "#nl_changed", "Buren vragen elkaar sneller om hulp.")
    tick(page, "#themes-0")
    type_into(page, "#participant_count", "15")
    tick(page, "#no_names")
    follow(page, page.locator('main form[method="post"] button[type="submit"]'))

    # Refused: An did not agree to be named. The name is said, what was typed is kept.
    expect(page.locator("#error-summary")).to_contain_text("An")
    # The refusal stands at the text that names An, not at the checkbox.
    expect(page.locator("#nl_done-error")).to_be_visible()
    expect(page.locator("#no_names-error")).to_have_count(0)
    expect(page.locator("#nl_title")).to_have_value("Buurtsoep in Eeklo")
    type_into(page, "#nl_done", "Een buurvrouw kookte elke maand soep.", replace=True)
    follow(page, page.locator('main form[method="post"] button[type="submit"]'))
    expect(page.locator("h1")).to_have_text("Buurtsoep in Eeklo")
    expect(page.locator(".flash-success")).to_be_visible()

    # Staff of another zone find it in the library, filtered by theme.
    other_zone = make_zone(name="ELZ Klein-Brabant Vaartland", slug="kbv")
    staff = make_user(roles=[(other_zone.id, Role.STAFF)])
    other = new_page(browser, base_url, page)
    log_in(other, staff.email)
    follow(other, other.locator('header a[href="/library/"]'))
    tab_to(other, other.locator("#theme"))
    other.keyboard.press("ArrowDown")
    expect(other.locator("#theme")).to_have_value("community")
    follow(other, other.locator('main form[role="search"] button[type="submit"]'))
    follow(other, other.locator("main .case-list a", has_text="Buurtsoep in Eeklo"))
    expect(other.locator("#start-title")).to_be_visible()
    expect(other.locator(f'a[href="/{other_zone.slug}/rounds/new"]')).to_be_visible()

    # They may not publish for it: no such page for them.
    response = other.goto(f"/library/proeftuinen/{setup['id']}/publish")
    assert response is not None and response.status == 404
    check_a11y(other)
    other.context.close()
