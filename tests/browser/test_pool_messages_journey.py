"""The pool by keyboard, as the outside reviewers tried it (Dutch, keyboard only, a screen
reader in mind): every mistake at once in a summary that has the focus, each entry a link
that puts the focus on its question; after joining and after leaving, the focus is on the
message that says it is done (with and without JavaScript); Back after leaving shows the
pool page, not "Page not found"."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    check_a11y,
    follow,
    goto,
    log_in,
    new_page,
    press_and_wait,
    tab_to,
)

pytestmark = pytest.mark.browser

SAVED = "Bedankt. Je antwoorden zijn opgeslagen."
LEFT = "Je hebt de pool verlaten. Je antwoorden zijn gewist."


def focused(page: Page) -> str:
    """The focused element, as `tag#id`."""
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''); }"
    )


def tick(page: Page, label: str) -> None:
    box = page.get_by_label(label, exact=True)
    tab_to(page, box, max_presses=80)
    page.keyboard.press("Space")
    expect(box).to_be_checked()


def submit_pool_form(page: Page) -> None:
    follow(page, page.locator("main form.narrow button[type=submit]").last)


def test_mistakes_all_at_once_then_joining_and_leaving_are_announced_by_keyboard(
    page, make_zone, make_user
):
    zone = make_zone()
    person = make_user(zone_id=zone.id)
    log_in(page, person.email)
    goto(page, f"/{zone.slug}/pool/")

    # "None of these" with an illness, and no tick to agree: both said in one go.
    tick(page, "Ik heb een chronische ziekte")
    tick(page, "Geen van deze")
    submit_pool_form(page)
    summary = page.locator("#error-summary")
    expect(summary.locator("li")).to_have_count(2)
    assert focused(page) == "div#error-summary"
    # Each entry leads to its question: Enter on the link puts the focus on its input.
    first_link = summary.locator("a").first
    target = first_link.get_attribute("href")
    tab_to(page, first_link, max_presses=5)
    page.keyboard.press("Enter")
    assert focused(page) == f"input{target}"
    page.keyboard.press("Space")  # the focus is on the illness box: untick it
    expect(page.get_by_label("Ik heb een chronische ziekte", exact=True)).not_to_be_checked()
    # The other entry is the box to agree, the next question on the way down.
    expect(summary.locator("a").last).to_have_attribute("href", "#consent")
    tab_to(page, page.locator("#consent"), max_presses=40)
    page.keyboard.press("Space")

    # Joined: the focus is on the message that says so (a status region).
    submit_pool_form(page)
    message = page.locator("#flashes")
    expect(message).to_have_attribute("role", "status")
    expect(message).to_contain_text(SAVED)
    assert focused(page) == "div#flashes"

    # Leaving: asked on its own page, then the message has the focus on the pool page.
    follow(page, page.locator("#leave-pool"))
    tab_to(page, page.get_by_role("button", name="Ja, de pool verlaten"), max_presses=1)
    press_and_wait(page, "Enter")
    expect(page.locator("#flashes")).to_contain_text(LEFT)
    assert focused(page) == "div#flashes"

    # Back lands on the question's address: now the pool page, not an error.
    response = page.go_back(wait_until="load")
    assert response is None or response.status < 400, response.status
    check_a11y(page)
    assert page.url.endswith(f"/{zone.slug}/pool/")
    expect(page.locator("main h1")).to_have_text("De burgerpool")
    expect(page.get_by_role("button", name="Meedoen met de pool")).to_be_visible()


def test_without_javascript_the_message_and_the_summary_still_take_the_focus(
    browser, base_url, page, make_zone, make_user
):
    zone = make_zone()
    person = make_user(zone_id=zone.id)
    quiet = new_page(browser, base_url, page, java_script_enabled=False)
    log_in(quiet, person.email)
    goto(quiet, f"/{zone.slug}/pool/")
    submit_pool_form(quiet)  # nothing ticked: the box to agree is missing
    assert focused(quiet) == "div#error-summary"
    tab_to(quiet, quiet.locator("#consent"), max_presses=80)
    quiet.keyboard.press("Space")
    submit_pool_form(quiet)
    expect(quiet.locator("#flashes")).to_contain_text(SAVED)
    assert focused(quiet) == "div#flashes"
