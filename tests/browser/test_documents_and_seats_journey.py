"""Issue 17 in a real browser, by keyboard where a person would use it, with axe on every
page: staff add an agenda to a meeting of a round's group, a member downloads it, someone
outside the group gets 404; staff record a citizen's seat, the holder says their name
may be shown, and the public zone page shows it with the date it rotates.

Texts are matched in Dutch or English (the catalogues may or may not be compiled).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.support import follow, goto, log_in, new_page, press_and_wait, tab_to
from tests.consultations.conftest import make_round, pool_zone, staged_round  # noqa: F401
from tests.documents import samples

pytestmark = pytest.mark.browser


def _group_meeting(app, staged) -> str:
    from burgerplatform.core.db import utcnow
    from burgerplatform.extensions import db
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting

    start = utcnow() + timedelta(days=7)
    with app.test_request_context():
        meeting = create_meeting(
            kind=MeetingKind.ROUND,
            space=f"round:{staged.round_id}",
            zone_id=staged.setup.zone_id,
            title="Tweede bijeenkomst",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=None,
            location="Dienstencentrum Eeklo",
        )
        db.session.commit()
        return meeting.uid


BODY = "Stuurgroep Eerstelijnszonezorgzamebuurtwerkingsgezondheidsoverlegcomité Eeklo"


def test_staff_add_an_agenda_a_member_downloads_it_an_outsider_gets_404(
    page,
    browser,
    base_url,
    app,
    make_user,
    staged_round,  # noqa: F811 - the fixture imported above
):
    staged = staged_round("gather")
    uid = _group_meeting(app, staged)
    log_in(page, staged.setup.staff_email)
    goto(page, f"/meetings/{uid}")
    follow(page, page.locator("#documents a.button"))
    expect(page.locator("h1")).to_have_text(re.compile("Een document toevoegen|Add a document"))
    tab_to(page, page.locator("#title"))
    page.keyboard.type("Agenda van de tweede bijeenkomst")
    page.locator("#kind").select_option("agenda")
    page.locator("#file").set_input_files(
        files=[{"name": "agenda.pdf", "mimeType": "application/pdf", "buffer": samples.PDF}]
    )
    tab_to(page, page.locator("form button.primary"))
    press_and_wait(page)
    link = page.locator("#documents a", has_text="Agenda van de tweede bijeenkomst")
    expect(link).to_be_visible()
    href = link.get_attribute("href")

    member = new_page(browser, base_url, page)
    log_in(member, staged.members[0])
    goto(member, f"/meetings/{uid}")
    with member.expect_download() as downloading:
        member.locator("#documents a", has_text="Agenda van de tweede bijeenkomst").click()
    download = downloading.value
    assert download.suggested_filename == "agenda.pdf"
    with open(download.path(), "rb") as got:
        assert got.read() == samples.PDF

    outsider = new_page(browser, base_url, page)
    log_in(outsider, make_user(zone_id=staged.setup.zone_id).email)
    response = outsider.goto(href)
    assert response is not None and response.status == 404
    from tests.browser.support import check_a11y

    check_a11y(outsider)


def test_staff_record_a_seat_and_the_zone_page_shows_it_once_the_holder_agrees(
    page,
    browser,
    base_url,
    app,
    staged_round,  # noqa: F811 - the fixture imported above
):
    staged = staged_round("gather")
    slug = staged.setup.slug
    log_in(page, staged.setup.staff_email)
    goto(page, f"/{slug}/")
    follow(page, page.locator(f'a[href="/{slug}/seats/"]'))
    follow(page, page.locator(f'a[href="/{slug}/seats/new"]'))
    tab_to(page, page.locator("#email"))
    page.keyboard.type(staged.members[0])
    page.locator("#body").select_option("steering_group")
    # One long Dutch compound: the seats tables must wrap it on a phone (check_layout).
    page.locator("#body_name").fill(BODY)
    page.locator("input[name=chosen_by][value=invited]").check()
    page.locator("#starts_on").fill("2026-01-01")
    page.locator("#ends_on").fill("2028-06-30")
    tab_to(page, page.locator("form button.primary"))
    press_and_wait(page)
    expect(page.locator("table")).to_contain_text(BODY)

    holder = new_page(browser, base_url, page)
    log_in(holder, staged.members[0])
    goto(holder, "/my-participation")
    follow(holder, holder.locator("#my-seats button"))
    expect(holder.locator("#my-seats")).to_contain_text(
        re.compile("Je naam staat op de pagina|Your name is shown")
    )

    public = new_page(browser, base_url, page)
    goto(public, f"/{slug}/")
    seats = public.locator("#citizen-seats")
    expect(seats).to_contain_text(BODY)
    expect(seats.locator("time")).to_have_attribute("datetime", "2028-06-30")
