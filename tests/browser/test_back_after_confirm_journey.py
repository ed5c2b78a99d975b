"""Back after a confirmation shows a page: the draw's number and setting a list aside are
confirmed on a page of their own, reached by a redirect (post/redirect/get). Before,
that page was the answer to a form, and Back after confirming gave Chromium's
ERR_CACHE_MISS ("Confirm form resubmission") instead of a page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import check_a11y, follow, goto, log_in, tab_to, type_into
from tests.consultations.conftest import (  # noqa: F401
    make_round,
    number_is_known,
    pool_zone,
    run_jobs,
    tomorrow,
)

pytestmark = pytest.mark.browser


def _publish_a_list(page: Page, app, base: str, source: str) -> str:
    """Staff start a draw on the group page; its list is made. The draw page's address."""
    goto(page, f"{base}/group")
    tab_to(page, page.locator("#source"), max_presses=200)
    page.keyboard.type(source)
    page.locator("#known_on").fill(tomorrow().isoformat())
    follow(page, page.locator("#start-draw"))
    status_url = page.url
    run_jobs(app)
    goto(page, status_url)
    return status_url


def _back_shows_a_page(page: Page) -> None:
    """Back, as a person presses it: a page of the platform, not the browser's error."""
    response = page.go_back(wait_until="load")
    assert not page.url.startswith("chrome-error://"), page.url
    assert response is None or response.status < 400, response.status
    expect(page.locator("main h1")).to_be_visible()
    check_a11y(page)


def test_back_after_confirming_a_discard_or_the_number_shows_a_page(
    page,
    app,
    pool_zone,  # noqa: F811
    make_round,  # noqa: F811
):
    setup = pool_zone(10)
    round_id = make_round(setup, size=3, quotas={("municipality", 0): (1, 2)})
    base = f"/{setup.slug}/rounds/{round_id}"
    log_in(page, setup.staff_email)

    # Setting the list aside: asked on its own page, confirmed, then Back.
    first = _publish_a_list(page, app, base, "het getal van de zorgraad van maart")
    type_into(page, "#reason", "De pool was fout.", replace=True)
    follow(page, page.locator("#discard-list"))
    expect(page.locator("#confirm-discard")).to_contain_text("niet ongedaan maken")
    assert "?confirm=discard" in page.url  # a page of its own, not a form's answer
    follow(page, page.locator("#confirm-discard-list"))
    _back_shows_a_page(page)
    # The list is set aside: Back shows the draw's page as it is now, not the question.
    assert page.url.startswith(first.split("?")[0])
    expect(page.locator("#confirm-discard")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("De pool was fout.")

    # The number: shown back on its own page, confirmed, then Back.
    second = _publish_a_list(page, app, base, "het getal van de zorgraad van april")
    number_is_known()  # the day the source's number is known has come
    goto(page, second)
    expect(page.locator("#number")).to_be_visible()
    type_into(page, "#number", "12", replace=True)
    follow(page, page.locator("#enter-number"))
    expect(page.locator("#confirm-number")).to_contain_text("Je vulde het getal 12 in.")
    follow(page, page.locator("#confirm-pick"))
    expect(page.locator("#draw-picked")).to_contain_text("Het getal 12 koos groep")
    _back_shows_a_page(page)
    # The group is picked: the page says so, and offers no second confirmation.
    expect(page.locator("#draw-picked")).to_contain_text("Het getal 12 koos groep")
    expect(page.locator("#confirm-pick")).to_have_count(0)
