"""Journey 1 in a real browser, by keyboard, with axe on every page: a citizen writes an
initiative with a co-author, staff publish it, a neighbour supports it so it reaches the
zorgraad's agenda, the zorgraad answers, progress follows until it is realised — and the
supporter sees every step on the timeline, in the notifications and in the mail.

Texts are located by address or by patterns that match Dutch and English, so the test
passes whether or not the translations are compiled.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.support import (
    follow,
    goto,
    log_in,
    mail_to,
    new_page,
    on_live_server,
    press_and_wait,
    tab_to,
    type_into,
)
from tests.conftest import link_in, mail_text

pytestmark = pytest.mark.browser


def send(page, form_selector: str) -> None:
    follow(page, page.locator(f'{form_selector} button[type="submit"]').first)


def initiative_id(app) -> int:
    from burgerplatform.extensions import db
    from burgerplatform.initiatives.models import Initiative

    with app.app_context():
        found = db.session.scalar(select(Initiative.id))
        db.session.remove()
        return found


def timeline_items(page):
    return page.locator("ol.timeline > li")


def test_an_initiative_from_draft_to_realised_with_author_supporter_and_staff(
    page, browser, app, base_url, make_zone, make_user, deliver
):
    from burgerplatform.core.db import utcnow
    from burgerplatform.extensions import db
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting
    from burgerplatform.zones.models import Role

    zone = make_zone(name="ELZ Meetjesland", slug="meetjesland", support_threshold=1)
    an = make_user(display_name="An", email="an@example.org", zone_id=zone.id)
    mia = make_user(display_name="Mia", email="mia@example.org", zone_id=zone.id)
    jef = make_user(display_name="Jef", email="jef@example.org", zone_id=zone.id)
    sofie = make_user(
        display_name="Sofie", email="sofie@example.org", roles=[(zone.id, Role.STAFF)]
    )
    with app.app_context():
        # Tonight's meeting, under way: on its agenda, and its decision can be recorded
        # (a later one cannot be chosen for the answer: it has not taken place yet).
        start = utcnow() - timedelta(hours=1)
        create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title="Zorgraad vanavond",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            created_by=None,
            location="Eeklo",
        )
        start = utcnow() + timedelta(days=14)
        create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title="Zorgraad januari",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=None,
            location="Eeklo",
        )
        db.session.commit()
        db.session.remove()

    # --- The author starts from the zone page and saves a draft. -----------------------
    log_in(page, an.email)
    follow(page, page.locator(f'header a[href="/{zone.slug}/"]'))
    follow(page, page.locator(f'main a[href="/{zone.slug}/initiatives/"]'))
    follow(page, page.locator(f'main a[href="/{zone.slug}/initiatives/new"]'))
    type_into(page, page.locator("#title"), "Vervoer naar het ziekenhuis zonder auto")
    type_into(page, page.locator("#summary"), "Wie geen auto heeft, geraakt moeilijk in AZ Alma.")
    type_into(page, page.locator("#body"), "De bus rijdt maar één keer per uur. <script>x</script>")
    tab_to(page, page.locator("#themes-0"))
    page.keyboard.press("Space")
    send(page, "form.initiative-form")
    assert re.search(r"/initiatives/\d+/edit$", page.url)
    expect(page.locator(".flash-success")).to_be_visible()
    ini = initiative_id(app)
    show_url = f"/{zone.slug}/initiatives/{ini}"

    # --- The author invites a co-author, who accepts from the mail and edits. ------------
    type_into(page, page.locator("#email"), mia.email)
    press_and_wait(page)
    expect(page.locator(".flash-success")).to_be_visible()
    invitation = mail_to(deliver(), mia.email)
    link = on_live_server(link_in(invitation), base_url)
    assert "/invitations/" in link

    # Forwarded to Jef, the link tells him it was meant for another address and changes
    # nothing; its button logs him out and asks for the invited address's login.
    forwarded = new_page(browser, base_url, page)
    log_in(forwarded, jef.email)
    goto(forwarded, link)
    expect(forwarded.locator("main")).to_contain_text("m***@example.org")
    follow(forwarded, forwarded.locator('main form[action="/logout"] button[type="submit"]'))
    assert "/login?next=" in forwarded.url
    forwarded.close()

    mia_page = new_page(browser, base_url, page)
    log_in(mia_page, mia.email)
    goto(mia_page, link)
    send(mia_page, "main form")
    assert mia_page.url.endswith(f"/initiatives/{ini}/edit")
    type_into(mia_page, mia_page.locator("#ask"), "Een vrijwilligersbusje op dinsdag en donderdag.")
    send(mia_page, "form.initiative-form")
    expect(mia_page.locator(".flash-success")).to_be_visible()

    # --- The author sends it to staff (after reloading Mia's addition). ----------------
    goto(page, f"{show_url}/edit")
    expect(page.locator("#ask")).to_have_value(re.compile("vrijwilligersbusje"))
    expect(page.locator("main")).to_contain_text("Mia")
    follow(page, page.locator('button[name="action"][value="submit"]'))
    assert page.url.endswith(show_url)

    # --- Staff check it from the work list and publish it. -----------------------------
    staff_page = new_page(browser, base_url, page)
    log_in(staff_page, sofie.email)
    goto(staff_page, "/")
    follow(staff_page, staff_page.locator(f'header a[href="/{zone.slug}/initiatives/work"]'))
    follow(staff_page, staff_page.locator(f'main a[href="{show_url}/manage"]').first)
    send(staff_page, f'form[action="{show_url}/approve"]')
    expect(staff_page.locator(".flash-success")).to_be_visible()

    # --- The supporter finds it, supports it: the threshold puts it on the agenda. ------
    jef_page = new_page(browser, base_url, page)
    log_in(jef_page, jef.email)
    goto(jef_page, f"/{zone.slug}/initiatives/")
    type_into(jef_page, jef_page.locator("#q"), "ziekenhuis")
    send(jef_page, 'main form[role="search"]')
    expect(jef_page.locator("main [role=status]")).to_contain_text("1 voorstel gevonden")
    follow(jef_page, jef_page.locator(f'main a[href="{show_url}"]'))
    expect(jef_page.locator("main")).not_to_contain_text("<script>")
    send(jef_page, f'form[action="{show_url}/support"]')
    expect(jef_page.locator(".status-on_agenda")).to_be_visible()
    expect(timeline_items(jef_page)).to_have_count(3)  # sent, published, threshold
    follow(jef_page, jef_page.locator('header a[href="/my-participation"]'))
    expect(jef_page.locator("#mine-supports + ul")).to_contain_text("Vervoer naar het ziekenhuis")
    goto(jef_page, show_url)

    # --- Staff choose the meeting and invite the author to present it. ------------------
    goto(staff_page, f"{show_url}/manage")
    tab_to(staff_page, staff_page.locator("#next_meeting"))
    staff_page.keyboard.press("ArrowDown")
    tab_to(staff_page, staff_page.locator("#invite_author"))
    staff_page.keyboard.press("Space")
    send(staff_page, f'form[action="{show_url}/schedule"]')
    expect(staff_page.locator(".flash-success")).to_be_visible()

    # --- The zorgraad's answer, recorded by staff. -------------------------------------
    expect(staff_page.locator("#answered-title")).to_contain_text("Vervoer naar het ziekenhuis")
    tab_to(staff_page, staff_page.locator("#kind-0"))
    staff_page.keyboard.press("Space")
    type_into(
        staff_page, staff_page.locator("#reason"), "Een goed voorstel: het OCMW zoekt chauffeurs."
    )
    answer_form = f'form[action="{show_url}/answer"]'
    tab_to(staff_page, staff_page.locator("#meeting"))
    staff_page.keyboard.press("ArrowDown")
    send(staff_page, answer_form)
    expect(staff_page.locator(".flash-success")).to_be_visible()

    # --- Progress, then the final word. ------------------------------------------------
    type_into(
        staff_page, staff_page.locator("#text"), "Twee chauffeurs gevonden, het busje is besteld."
    )
    type_into(staff_page, staff_page.locator("#percent"), "50")
    send(staff_page, f'form[action="{show_url}/progress"]')
    expect(staff_page.locator(".flash-success")).to_be_visible()
    tab_to(staff_page, staff_page.locator("#outcome-0"))
    staff_page.keyboard.press("Space")
    type_into(staff_page, staff_page.locator("#final_word"), "Het busje rijdt sinds maandag.")
    send(staff_page, f'form[action="{show_url}/finish"]')
    expect(staff_page.locator(".flash-success")).to_be_visible()

    # --- The supporter sees every step: timeline, notifications, mail. -----------------
    goto(jef_page, show_url)
    expect(jef_page.locator(".status-realised")).to_be_visible()
    kinds = [
        jef_page.locator("ol.timeline > li").nth(i).get_attribute("class")
        for i in range(timeline_items(jef_page).count())
    ]
    for kind in ("published", "threshold", "scheduled", "answered", "progress", "realised"):
        assert any(f"event-{kind}" in c for c in kinds), (kind, kinds)
    expect(jef_page.locator("#progress-bar")).to_have_attribute("value", "100")
    follow(jef_page, jef_page.locator('header a[href="/notifications/"]'))
    notes = jef_page.locator(".notification-list li")
    expect(notes).to_have_count(5)  # on agenda, scheduled, answered, progress, realised

    mails = [m for m in deliver() if jef.email in str(m["To"])]
    assert len(mails) == 5, [m["Subject"] for m in mails]
    assert all(show_url in mail_text(m) for m in mails)

    # The author was invited to present, and the zone page shows the promise was kept.
    author_mails = [mail_text(m) for m in deliver() if an.email in str(m["To"])]
    assert any("Zorgraad vanavond" in text for text in author_mails)
    goto(jef_page, f"/{zone.slug}/what-happened")
    expect(jef_page.locator("main")).to_contain_text("100%")
    expect(jef_page.locator(".chart.bar-chart").first).to_be_visible()
