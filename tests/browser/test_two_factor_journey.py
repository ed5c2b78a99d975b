"""Two-step login in a real browser, by keyboard, with axe on every page: a staff member
turns it on, then logs in with password and code; an admin without it is sent to setup."""

from __future__ import annotations

import re

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.support import follow, goto, log_in, press_and_wait, tab_to, type_into
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def secret_of(app, email: str) -> str:
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        # As if the next 30-second window had begun: the app shows a fresh code.
        user.totp_last_step = None
        secret = user.totp_secret
        db.session.commit()
        db.session.remove()
    return secret


def test_staff_turn_on_two_step_login_and_log_in_with_a_code(
    page, app, base_url, make_zone, make_user
):
    from burgerplatform.zones.models import Role

    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    log_in(page, staff.email)
    follow(page, page.locator('header a[href="/account"]'))
    follow(page, page.locator('main a[href="/account/two-step"]'))
    follow(page, page.locator('main a[href="/account/two-step/setup"]'))

    qr = page.locator('main img[src="/account/two-step/qr.svg"]')
    expect(qr).to_have_attribute("alt", re.compile(r"QR"))
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    shown = page.locator("main code.secret").inner_text().replace(" ", "")
    assert shown == secret_of(app, staff.email)

    type_into(page, page.locator("#code"), pyotp.TOTP(shown).now())
    press_and_wait(page)
    codes = page.locator("main ol.recovery-codes code")
    expect(codes).to_have_count(10)

    follow(page, page.locator('header form[action="/logout"] button[type="submit"]'))
    goto(page, "/login")
    type_into(page, page.locator("#email"), staff.email)
    type_into(page, page.locator("#password"), PASSWORD)
    press_and_wait(page)
    assert page.url == f"{base_url}/login/two-step"
    expect(page.locator('header form[action="/logout"]')).to_have_count(0)

    # A wrong code: explained, linked from the summary, the field marked.
    type_into(page, page.locator("#code"), "000000")
    press_and_wait(page)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")

    tab_to(page, page.locator("#code"))
    page.keyboard.press("Control+A")
    page.keyboard.type(pyotp.TOTP(secret_of(app, staff.email)).now())
    press_and_wait(page)
    assert page.url == f"{base_url}/"
    expect(page.locator('header form[action="/logout"]')).to_have_count(1)


def test_an_admin_without_two_step_login_is_sent_to_set_it_up(page, app, base_url, make_user):
    admin = make_user(is_admin=True, totp_secret=None)
    log_in(page, admin.email)
    assert page.url == f"{base_url}/account/two-step/setup"
    expect(page.locator(".flash-info")).to_be_visible()
    shown = page.locator("main code.secret").inner_text().replace(" ", "")
    type_into(page, page.locator("#code"), pyotp.TOTP(shown).now())
    press_and_wait(page)
    follow(page, page.locator('main a[href="/account/two-step"]'))
    follow(page, page.locator('header a[href="/admin/"]'))
    assert page.url == f"{base_url}/admin/"


def test_an_admin_logs_in_with_the_code_and_reads_the_audit_log(page, app, base_url, make_user):
    admin = make_user(is_admin=True)
    log_in(page, admin.email, app)
    assert page.url == f"{base_url}/"
    follow(page, page.locator('header a[href="/admin/"]'))
    follow(page, page.locator('main a[href="/admin/audit/"]'))
    expect(page.locator("main table")).to_be_visible()  # at least the login is there
    type_into(page, page.locator("#action"), "account.")
    press_and_wait(page)
    assert "action=account." in page.url
    expect(page.locator("main table code").first).to_have_text("account.logged_in")
