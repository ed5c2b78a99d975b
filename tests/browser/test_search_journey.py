"""One search, by keyboard: a visitor types a word in the box at the top of any page and
finds a proposal and a proeftuin topic (in Dutch: "bus" finds "bussen"), narrows to one
kind, opens a result; an empty search says what to do; it all works without JavaScript,
and a members-only proeftuin's topic is found by its member only (axe, 320 px)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from burgerplatform.extensions import db
from tests.browser.support import follow, goto, log_in, new_page, press_and_wait, tab_to, type_into

pytestmark = pytest.mark.browser


@pytest.fixture
def place(app, make_zone, make_user):
    from burgerplatform.initiatives import services as initiatives
    from burgerplatform.initiatives import workflow
    from burgerplatform.proeftuinen import discussion
    from burgerplatform.proeftuinen import services as proeftuinen
    from burgerplatform.proeftuinen.models import Visibility
    from burgerplatform.zones.models import Role

    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    coach = make_user(roles=[(zone.id, Role.COACH)])
    author = make_user(zone_id=zone.id)
    member = make_user(zone_id=zone.id, email="lid@example.org")
    with app.test_request_context():
        from burgerplatform.accounts.models import User
        from burgerplatform.zones.models import Zone

        z = db.session.get(Zone, zone.id)
        s, c, a, m = (db.session.get(User, u.id) for u in (staff, coach, author, member))
        proposal = initiatives.save_draft(
            z,
            a,
            initiatives.DraftData(
                title="Vervoer naar het ziekenhuis",
                summary="De bussen rijden maar één keer per uur.",
                body="Wie geen auto heeft, mist afspraken.",
            ),
        )
        workflow.submit(proposal, a)
        workflow.approve(proposal, s)
        public = proeftuinen.create_proeftuin(
            c, "Zorgzame buurt", "Samen.", z.id, Visibility.PUBLIC
        )
        discussion.start_topic(public, c, "Een bus voor de buren", "Wie rijdt er mee?")
        closed = proeftuinen.create_proeftuin(
            c, "Besloten groep", "Alleen leden.", z.id, Visibility.MEMBERS_ONLY
        )
        proeftuinen.join(closed, m)
        discussion.start_topic(closed, c, "De bus van de leden", "Alleen voor leden.")
        db.session.commit()
    return {"member": member}


def test_a_visitor_finds_a_proposal_and_a_topic_from_the_search_box_on_any_page(
    page, browser, base_url, app, place
):
    goto(page, "/privacy")
    type_into(page, "#site-search-q", "bus")
    press_and_wait(page)
    results = page.locator(".search-results")
    expect(results).to_contain_text("Vervoer naar het ziekenhuis")  # "bussen"
    expect(results).to_contain_text("Voorstel")
    expect(results).to_contain_text("ELZ Meetjesland")
    expect(results).to_contain_text("Een bus voor de buren")
    expect(results).not_to_contain_text("De bus van de leden")  # members only

    page.locator("#kind").select_option("topic")
    tab_to(page, page.locator("main").get_by_role("button", name="Zoeken"))
    press_and_wait(page)
    expect(results).to_contain_text("Een bus voor de buren")
    expect(results).not_to_contain_text("Vervoer naar het ziekenhuis")
    follow(page, page.get_by_role("link", name="Een bus voor de buren"))
    expect(page.get_by_role("heading", name="Een bus voor de buren")).to_be_visible()

    # An empty search: what to do, not an error page.
    type_into(page, "#site-search-q", "")
    press_and_wait(page)
    expect(page.locator("#q-error")).to_contain_text("Typ een of meer woorden")

    # Without JavaScript, the same box and page.
    plain = new_page(browser, base_url, page, java_script_enabled=False)
    goto(plain, "/")
    type_into(plain, "#site-search-q", "ziekenhuis")
    press_and_wait(plain)
    expect(plain.locator(".search-results")).to_contain_text("Vervoer naar het ziekenhuis")
    plain.context.close()

    # The members-only proeftuin's member finds its topic.
    member = new_page(browser, base_url, page)
    log_in(member, place["member"].email, app)
    goto(member, "/zoeken?q=bus")
    expect(member.locator(".search-results")).to_contain_text("De bus van de leden")
    member.context.close()
