"""Easy-read in a real browser, by keyboard, with axe on every page: a coach writes a
topic's outcome and its easy-read version and sees the readability change while typing;
a reader gets the easy version first and opens the full text with the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from burgerplatform.proeftuinen.models import Visibility
from tests.browser.support import (
    check_a11y,
    goto,
    log_in,
    new_page,
    press_and_wait,
    tab_to,
    type_into,
)
from tests.proeftuinen.helpers import add_topic, setup_proeftuin

pytestmark = pytest.mark.browser

EASY = "Heb je hulp nodig? Bel het nummer op de affiche."


def test_a_coach_writes_an_easy_outcome_with_a_live_readability_and_a_reader_opens_the_full_text(
    page, browser, app, base_url, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.PUBLIC)
    topic, _ = add_topic(app, s["id"], s["members"][0].id)
    url = f"/proeftuinen/{s['id']}/topics/{topic}"
    log_in(page, s["coach"].email)
    goto(page, url)
    note = page.locator("#outcome_easy-readability")
    expect(note).to_contain_text(re.compile("Leesbaarheid: schrijf|Readability: write"))
    type_into(
        page, page.locator("#outcome"), " We hangen een affiche op in de bakkerij en de apotheek."
    )
    type_into(page, page.locator("#outcome_easy"), EASY)
    # The live figure, computed in the page (no request): an easy text reads easy.
    expect(note).to_contain_text(re.compile(r"(Leesbaarheid|Readability): \d+ (op|of) 100"))
    expect(note).to_have_class(re.compile("readability-easy"))
    tab_to(
        page,
        page.get_by_role(
            "button", name=re.compile("Afsluiten met deze uitkomst|Close with this outcome")
        ),
    )
    press_and_wait(page)

    reader = new_page(browser, base_url, page)
    goto(reader, url)
    easy = reader.locator(".easy-read > .prose")
    expect(easy).to_contain_text(EASY)
    full = reader.locator(".easy-read details.full-text")
    expect(full.locator(".full-text-body")).to_be_hidden()
    tab_to(reader, full.locator("summary"))
    reader.keyboard.press("Enter")
    expect(full.locator(".full-text-body")).to_contain_text("affiche op in de bakkerij")
    check_a11y(reader)
