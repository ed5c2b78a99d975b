"""The foundation journeys in a real browser, by keyboard, with axe on every page.

Texts are located by address or by a pattern that matches Dutch and English, so the
tests pass whether or not the translations are compiled.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.support import (
    follow,
    goto,
    is_focused,
    mail_to,
    on_live_server,
    press_and_wait,
    tab_to,
    type_into,
)
from tests.conftest import PASSWORD, link_in

pytestmark = pytest.mark.browser


def header_link(page, href: str):
    return page.locator(f'header a[href="{href}"]')


def logout_button(page):
    return page.locator('header form[action="/logout"] button[type="submit"]')


def stored_user(app, email: str):
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        db.session.remove()
        return user


def test_register_confirm_login_switch_language_logout(page, app, base_url, make_zone, deliver):
    zone = make_zone()
    email = "an.peeters@example.be"

    goto(page, "/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    register_link = header_link(page, "/register")
    expect(register_link).to_have_text(re.compile(r"Account aanmaken|Create an account"))
    follow(page, register_link)
    assert page.url == f"{base_url}/register"

    # The form, by keyboard: type, Tab, arrow keys in the select, Space on the box.
    type_into(page, page.locator("#display_name"), "An Peeters")
    type_into(page, page.locator("#email"), email)
    type_into(page, page.locator("#password"), PASSWORD)
    tab_to(page, page.locator("#zone"))
    page.keyboard.press("ArrowDown")
    expect(page.locator("#zone")).to_have_value(str(zone.id))
    expect(page.locator("#locale")).to_have_value("nl")
    tab_to(page, page.locator("#consent"))
    page.keyboard.press("Space")
    expect(page.locator("#consent")).to_be_checked()
    tab_to(page, page.locator('main button[type="submit"]'))
    press_and_wait(page)

    assert page.url.startswith(f"{base_url}/register/check-your-mail")
    expect(page.locator("h1")).to_have_text(re.compile(r"mail", re.I))

    # The confirmation mail, delivered by the real worker to the real SMTP server.
    confirm = mail_to(deliver(), email)
    link = on_live_server(link_in(confirm), base_url)
    assert "/confirm/" in link
    goto(page, link)
    # Opening it proves the address: logged in, on the account page.
    assert page.url == f"{base_url}/account"
    expect(page.locator(".flash-success")).to_be_visible()
    expect(logout_button(page)).to_be_visible()
    follow(page, logout_button(page))

    # Log in with the password chosen in this browser: type both, press Enter.
    follow(page, header_link(page, "/login"))
    type_into(page, page.locator("#email"), email)
    type_into(page, page.locator("#password"), PASSWORD)
    press_and_wait(page)
    assert page.url == f"{base_url}/"
    expect(page.locator(".flash-success")).to_be_visible()
    expect(logout_button(page)).to_be_visible()
    # The zone chosen at registration is the user's: home offers it, the header links it.
    expect(page.locator(f'main a.button[href="/{zone.slug}/"]')).to_be_visible()
    expect(header_link(page, f"/{zone.slug}/")).to_be_visible()

    # Switch to French with the header switcher.
    french = page.locator('header button[name="lang"][value="fr"]')
    follow(page, french)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(french).to_have_attribute("aria-current", "true")

    # The choice is the user's setting now: the account page shows it, and it is stored.
    follow(page, header_link(page, "/account"))
    assert page.url == f"{base_url}/account"
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("#locale")).to_have_value("fr")
    assert stored_user(app, email).locale == "fr"

    # Log out with the header button.
    follow(page, logout_button(page))
    assert page.url == f"{base_url}/"
    expect(header_link(page, "/login")).to_be_visible()
    expect(logout_button(page)).to_have_count(0)
    expect(page.locator(".flash-success")).to_be_visible()
    # The language chosen stays for the rest of the visit.
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_a_citizen_without_password_logs_in_with_an_emailed_link(
    page, base_url, make_user, deliver
):
    user = make_user(password_hash=None)

    goto(page, "/")
    follow(page, header_link(page, "/login"))
    follow(page, page.locator('main a[href="/login/link"]'))
    assert page.url == f"{base_url}/login/link"
    type_into(page, page.locator("#email"), user.email)
    press_and_wait(page)  # Enter in the only field sends the form
    assert page.url.startswith(f"{base_url}/register/check-your-mail")

    link = on_live_server(link_in(mail_to(deliver(), user.email)), base_url)
    assert "/login/link/" in link
    goto(page, link)
    # Opening the link alone does not log in (mail scanners open links): press the button.
    expect(logout_button(page)).to_have_count(0)
    follow(page, page.locator('main button[type="submit"]'))
    assert page.url == f"{base_url}/"
    expect(page.locator(".flash-success")).to_be_visible()
    expect(logout_button(page)).to_be_visible()
    expect(header_link(page, "/account")).to_be_visible()

    # The link works once: opened again, it explains and offers to send a new one.
    goto(page, link)
    assert page.url == f"{base_url}/login/link"
    expect(page.locator(".flash-error")).to_be_visible()


def test_an_invalid_registration_keeps_what_was_typed_and_explains_the_error(page, base_url):
    goto(page, "/register")
    type_into(page, page.locator("#display_name"), "Jan Janssens")
    type_into(page, page.locator("#email"), "jan-at-example.be")
    tab_to(page, page.locator("#consent"))
    page.keyboard.press("Space")
    tab_to(page, page.locator('main button[type="submit"]'))
    press_and_wait(page)

    assert page.url == f"{base_url}/register"
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(summary.locator('a[href="#email"]')).to_be_visible()
    # The summary takes the focus, so a screen reader announces it first.
    assert is_focused(summary)
    expect(page.locator("#display_name")).to_have_value("Jan Janssens")
    expect(page.locator("#email")).to_have_value("jan-at-example.be")
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email")).to_have_attribute("aria-describedby", re.compile("email-error"))
    expect(page.locator("#email-error")).to_be_visible()
    expect(page.locator("#consent")).to_be_checked()
