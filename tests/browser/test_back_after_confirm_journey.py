"""Back after a confirmation shows a page: the draw's number and setting a list aside are
confirmed on a page of their own, reached by a redirect (post/redirect/get). Before,
that page was the answer to a form, and Back after confirming gave Chromium's
ERR_CACHE_MISS ("Confirm form resubmission") instead of a page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import (
    check_a11y,
    follow,
    goto,
    log_in,
    new_page,
    tab_to,
    type_into,
)
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


def _staff_on_a_round(page: Page, pool_zone, make_round) -> str:  # noqa: F811
    """A round with a pool and a quota, its zone's staff logged in: the round's address."""
    setup = pool_zone(10)
    round_id = make_round(setup, size=3, quotas={("municipality", 0): (1, 2)})
    log_in(page, setup.staff_email)
    return f"/{setup.slug}/rounds/{round_id}"


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
    base = _staff_on_a_round(page, pool_zone, make_round)

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


# A reason as long as the form takes, on several lines, in letters of 2 and 3 bytes: far
# more than the session cookie holds (it was asked on the form's answer before, and Back
# after confirming showed "Confirm form resubmission").
LONG_REASON = "\n".join(
    ["De pool was fout: twee mensen waren verhuisd en één is overleden."] * 20
    + ["Ook: 「参加者の名簿が古かった」 — de lijst kwam uit een oud bestand."] * 10
)[:2000]


def test_back_after_confirming_a_discard_with_the_longest_reason_shows_a_page(
    page,
    browser,
    base_url,
    app,
    pool_zone,  # noqa: F811
    make_round,  # noqa: F811
):
    """Without JavaScript, as every step of the draw works."""
    from burgerplatform.consultations.models import DrawRecord, DrawStatus
    from burgerplatform.extensions import db

    page = new_page(browser, base_url, page, java_script_enabled=False)
    base = _staff_on_a_round(page, pool_zone, make_round)
    draw_page = _publish_a_list(page, app, base, "het getal van de zorgraad van mei")
    page.locator("#reason").fill(LONG_REASON)
    follow(page, page.locator("#discard-list"))
    # A page of its own, reached by a redirect, with the whole reason as typed.
    assert "?confirm=discard" in page.url
    expect(page.locator("#confirm-discard-reason")).to_have_text(LONG_REASON.strip())
    follow(page, page.locator("#confirm-discard-list"))
    # Confirmed at once: the reason the browser sent back is the one the page showed.
    expect(page.locator("main")).to_contain_text("De lijst is weggelegd.")
    _back_shows_a_page(page)
    assert page.url.startswith(draw_page.split("?")[0])
    expect(page.locator("#confirm-discard")).to_have_count(0)
    with app.app_context():
        (record,) = db.session.scalars(db.select(DrawRecord)).all()
        assert record.status is DrawStatus.DISCARDED
        assert record.discard_reason.replace("\r\n", "\n") == LONG_REASON.strip()
