"""Staff change a round before its draw, then cancel it: by keyboard, axe-clean, and the
public page says why."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import check_a11y, follow, goto, log_in, tab_to
from tests.consultations.conftest import make_round, pool_zone, staged_round  # noqa: F401


def _retype(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_staff_change_and_cancel_a_round_before_its_draw_by_keyboard(
    page,
    browser,
    base_url,
    staged_round,  # noqa: F811
):
    staged = staged_round("co_define", seated=False)
    log_in(page, staged.setup.staff_email)
    goto(page, staged.base)
    follow(page, page.locator("#edit-round-link"))
    expect(page.locator("h1")).to_have_text(re.compile("De ronde aanpassen|Change the round"))
    check_a11y(page)
    _retype(page, page.locator("#title"), "Vervoer naar de dokter")
    follow(page, page.locator('form[action$="/edit"] button[type="submit"]'))
    expect(page.locator("h1")).to_have_text("Vervoer naar de dokter")

    follow(page, page.locator("#edit-round-link"))
    tab_to(page, page.locator("#reason"))
    page.keyboard.type("De zorgraad trok de vraag in.")
    follow(page, page.locator('form[action$="/cancel"] button[type="submit"]'))
    expect(page.locator("#cancelled")).to_contain_text("De zorgraad trok de vraag in.")
    expect(page.locator("#edit-round-link")).to_have_count(0)
    check_a11y(page)
