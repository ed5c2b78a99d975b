"""The search page: a search box on every page, one list of what the reader may see,
clear answers to searches that cannot work."""

from __future__ import annotations

from datetime import timedelta

import pytest

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role


@pytest.fixture
def content(app, make_zone, make_user):
    """A zone with a published and a draft proposal, a round with advice, a public and a
    members-only proeftuin with topics, a zorgraad meeting and a klankbordgroep meeting."""
    from burgerplatform.consultations.models import Phase, Recommendation
    from burgerplatform.consultations.services import create_round
    from burgerplatform.initiatives import services as initiatives
    from burgerplatform.initiatives import workflow
    from burgerplatform.meetings import services as meetings
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.proeftuinen import discussion
    from burgerplatform.proeftuinen import services as proeftuinen
    from burgerplatform.proeftuinen.models import Visibility

    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    other = make_zone(slug="waasland", name="ELZ Waasland")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    coach = make_user(roles=[(zone.id, Role.COACH)])
    author = make_user(zone_id=zone.id)
    member = make_user(zone_id=zone.id)
    citizen = make_user(zone_id=other.id)
    with app.test_request_context():
        from burgerplatform.accounts.models import User
        from burgerplatform.zones.models import Zone

        z = db.session.get(Zone, zone.id)
        s, c, a, m = (db.session.get(User, u.id) for u in (staff, coach, author, member))
        data = initiatives.DraftData(
            title="Een buurtbus voor ouderen",
            summary="De bussen rijden te weinig naar het ziekenhuis.",
            body="Wie geen auto heeft, mist afspraken.",
        )
        published = initiatives.save_draft(z, a, data)
        workflow.submit(published, a)
        workflow.approve(published, s)
        draft = initiatives.save_draft(
            z,
            a,
            initiatives.DraftData(title="Geheime buurtbus", summary="Nog een ontwerp.", body=""),
        )
        round_ = create_round(
            z,
            s,
            "Vervoer naar de dokter",
            "Hoe geraken we met de bus bij de dokter?",
            "",
            "PZON-cluster",
            None,
            False,
        )
        round_.phase = Phase.CO_DRAFT
        rec = Recommendation(round_id=round_.id, title="Een belbus", body="Een bus op vraag.")
        db.session.add(rec)
        public = proeftuinen.create_proeftuin(
            c, "Zorgzame buurt", "Samen.", z.id, Visibility.PUBLIC
        )
        hidden_space = proeftuinen.create_proeftuin(
            c, "Besloten groep", "Alleen leden.", z.id, Visibility.MEMBERS_ONLY
        )
        proeftuinen.join(hidden_space, m)
        topic = discussion.start_topic(public, c, "Soep voor de buren", "Wie kookt er mee?")
        secret = discussion.start_topic(hidden_space, c, "Geheime soep", "Alleen voor leden.")
        start = utcnow() + timedelta(days=3)
        zorgraad = meetings.create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{z.id}",
            zone_id=z.id,
            title="Zorgraad over de bus",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=s,
            location="Eeklo",
        )
        group = meetings.create_meeting(
            kind=MeetingKind.ROUND,
            space=f"round:{round_.id}",
            zone_id=z.id,
            title="Klankbordgroep over de bus",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=s,
            location="Eeklo",
        )
        db.session.commit()
        ids = {
            "published": published.id,
            "draft": draft.id,
            "round": round_.id,
            "rec": rec.id,
            "topic": topic.id,
            "secret": secret.id,
            "zorgraad": zorgraad.uid,
            "group": group.uid,
        }
    return {
        "zone": zone,
        "other": other,
        "ids": ids,
        "staff": staff,
        "member": member,
        "citizen": citizen,
    }


def test_every_page_has_a_labelled_search_box_that_works_without_javascript(client):
    html = client.get("/privacy").get_data(as_text=True)
    assert 'action="/zoeken"' in html and 'method="get"' in html
    assert '<label for="site-search-q"' in html and 'id="site-search-q" name="q"' in html


def test_a_search_lists_proposals_rounds_advice_topics_and_meetings_with_kind_and_zone(
    client, content
):
    response = client.get("/zoeken?q=bus")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Een buurtbus voor ouderen" in html
    assert "Vervoer naar de dokter" in html
    assert "Een belbus" in html
    assert "Zorgraad over de bus" in html
    assert "ELZ Meetjesland" in html
    for kind in ("Proposal", "Round", "Advice", "Meeting"):
        assert f'<span class="tag">{kind}</span>' in html
    assert "Geheime buurtbus" not in html  # a draft
    assert "Klankbordgroep over de bus" not in html  # the group's meeting


def test_a_members_only_proeftuin_topic_is_found_by_its_members_only(make_client, content):
    anonymous = make_client()
    assert "Geheime soep" not in anonymous.get("/zoeken?q=soep").get_data(as_text=True)
    assert "Soep voor de buren" in anonymous.get("/zoeken?q=soep").get_data(as_text=True)
    member = make_client()
    member.login(content["member"].email)
    assert "Geheime soep" in member.get("/zoeken?q=soep").get_data(as_text=True)


def test_staff_of_the_zone_find_the_klankbordgroep_meeting(make_client, content):
    staff = make_client()
    staff.login(content["staff"].email)
    assert "Klankbordgroep over de bus" in staff.get("/zoeken?q=bus").get_data(as_text=True)
    citizen = make_client()
    citizen.login(content["citizen"].email)
    assert "Klankbordgroep over de bus" not in citizen.get("/zoeken?q=bus").get_data(as_text=True)


def test_a_search_can_be_narrowed_to_one_kind_and_one_zone(client, content):
    html = client.get("/zoeken?q=bus&kind=round").get_data(as_text=True)
    assert "Vervoer naar de dokter" in html and "Een buurtbus voor ouderen" not in html
    html = client.get("/zoeken?q=bus&zone=waasland").get_data(as_text=True)
    assert "Een buurtbus voor ouderen" not in html and "0 results" in html


def test_the_search_page_without_words_shows_only_the_form(client):
    response = client.get("/zoeken")
    assert response.status_code == 200
    assert 'id="q"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type one or more words to search for."),
        ("   ", "Type one or more words to search for."),
        ("?!%*&", "Search with letters or numbers."),
        ("bus " * 1250, "Your search is too long. Use at most 200 characters."),
    ],
)
def test_a_search_that_cannot_work_gets_a_clear_answer_not_an_error(client, query, message):
    response = client.get("/zoeken", query_string={"q": query})
    assert response.status_code in (200, 400)
    html = response.get_data(as_text=True)
    assert message in html
    assert 'aria-invalid="true"' in html


def test_an_unknown_kind_or_zone_or_page_searches_everything(client, content):
    response = client.get("/zoeken?q=bus&kind=nope&zone=nope&page=abc")
    assert response.status_code == 200
    assert "Een buurtbus voor ouderen" in response.get_data(as_text=True)


def test_many_results_are_cut_into_pages(client, content, monkeypatch):
    from burgerplatform.search import services

    monkeypatch.setattr(services, "PER_PAGE", 2)
    first = client.get("/zoeken?q=bus").get_data(as_text=True)
    assert 'rel="next"' in first and "page=2" in first
    second = client.get("/zoeken?q=bus&page=2").get_data(as_text=True)
    assert 'rel="prev"' in second


def test_help_pages_are_found_in_the_readers_language(client, content):
    html = client.get("/zoeken?q=klankbordgroep").get_data(as_text=True)
    assert "Glossary: klankbordgroep" in html
    html = client.get("/zoeken?q=contact&zone=meetjesland").get_data(as_text=True)
    assert "/meetjesland/help" in html


def test_a_search_with_more_hits_than_it_reads_says_more_than(make_client, content, monkeypatch):
    from burgerplatform.search import services

    monkeypatch.setattr(services, "PER_PAGE", 1)
    client = make_client()
    client.login(content["staff"].email)  # staff see both meetings about the bus
    html = client.get("/zoeken?q=bus").get_data(as_text=True)
    # (in Dutch: the staff member's language)
    assert "Meer dan 1 resultaten" in html
    assert "Voeg een woord toe om preciezer te zoeken." in html
    html = client.get("/zoeken?q=bus&kind=round").get_data(as_text=True)
    assert "1 resultaat<" in html and "Meer dan" not in html
