"""A pool member whose consent is older than the current text is asked at their next
visit, by keyboard, with axe on every page: the banner, the new text, one tick; then
leaves the pool, the focus on the confirmation page's question."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import follow, goto, log_in, press_and_wait, tab_to

pytestmark = pytest.mark.browser


def test_a_member_sees_the_changed_consent_text_and_agrees_again_by_keyboard(
    page, app, make_zone, make_user, monkeypatch
):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import pool
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Zone

    zone = make_zone()
    member = make_user(zone_id=zone.id)
    with app.test_request_context():
        pool.join_or_update(
            db.session.get(Zone, zone.id), db.session.get(User, member.id), set(), consent=True
        )
        db.session.commit()
        db.session.remove()
    monkeypatch.setitem(app.config, "POOL_CONSENT_VERSION", "2027-01")

    log_in(page, member.email)
    banner = page.locator("#pool-consent-banner")
    expect(banner).to_contain_text("De tekst over je antwoorden in de burgerpool is veranderd")
    follow(page, banner.locator("a"))
    expect(page.locator("#consent-renew")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Versie 2027-01 van deze tekst.")

    tab_to(page, page.locator("#agree"))
    page.keyboard.press("Space")
    follow(page, page.locator("#consent-renew button[type=submit]"))
    expect(page.locator(".flashes .flash-success")).to_contain_text("nieuwe tekst")
    expect(page.locator("#consent-renew")).to_have_count(0)
    goto(page, "/")
    expect(page.locator("#pool-consent-banner")).to_have_count(0)

    # Leaving asks first, on a page of its own with the focus on its question (as the
    # draw's confirmation pages): the button that leaves is the next Tab. The flash that
    # says it is done is in a status region, read out by a screen reader.
    goto(page, f"/{zone.slug}/pool/")
    follow(page, page.locator("#leave-pool"))
    assert page.evaluate("document.activeElement.id") == "leave-title"
    tab_to(page, page.get_by_role("button", name="Ja, de pool verlaten"), max_presses=1)
    press_and_wait(page, "Enter")
    expect(page.locator(".flashes[role=status] .flash-success")).to_contain_text(
        "Je hebt de pool verlaten."
    )
