"""The zone's list of proposals on "Initiatives", and a citizen's "My participation"."""

from __future__ import annotations

import re

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from tests.conftest import speak_english, without_terms
from tests.core.test_query_counts import add_initiatives, next_link

BASE = "/meetjesland/initiatives/"


def test_the_initiatives_page_lists_the_zones_proposals_newest_first(
    client, world, make_initiative
):
    make_initiative("published", title="Een bus naar AZ Alma")
    make_initiative("answered", title="Een ontmoetingsplek in Eeklo")
    make_initiative("draft", title="Nog geheim ontwerp")
    html = client.get(BASE).get_data(as_text=True)
    assert "2 initiatives found" in html
    assert html.index("Een ontmoetingsplek in Eeklo") < html.index("Een bus naar AZ Alma")
    assert "Nog geheim ontwerp" not in html


def test_the_initiatives_page_filters_by_status_and_theme_and_finds_words(
    app, client, world, make_initiative
):
    from burgerplatform.initiatives.models import Initiative
    from burgerplatform.initiatives.themes import themes_for
    from burgerplatform.zones.models import Zone

    bus = make_initiative("published", title="Een bus naar AZ Alma")
    make_initiative("answered", title="Een ontmoetingsplek in Eeklo")
    with app.app_context():
        theme = themes_for(db.session.get(Zone, world.zone.id))[0]
        db.session.get(Initiative, bus).themes = [theme]
        db.session.commit()
        theme_id = theme.id
    answered = client.get(BASE + "?status=answered").get_data(as_text=True)
    assert "Een ontmoetingsplek in Eeklo" in answered and "Een bus naar" not in answered
    themed = client.get(BASE + f"?theme={theme_id}").get_data(as_text=True)
    assert "Een bus naar AZ Alma" in themed and "ontmoetingsplek" not in themed
    found = client.get(BASE + "?q=ontmoetingsplek").get_data(as_text=True)
    assert "Een ontmoetingsplek in Eeklo" in found and "Een bus naar" not in found


def test_the_initiatives_page_pages_on_with_its_filters_kept(app, client, world):
    add_initiatives(app, world.zone.id, 45, 0, world.author.id)
    first = client.get(BASE + "?q=ziekenhuis").get_data(as_text=True)
    seen = set(re.findall(r"Vervoer naar het ziekenhuis (\d+)<", first))
    url = next_link(first)
    assert "q=ziekenhuis" in url and url.startswith(BASE)
    while url:
        html = client.get(url).get_data(as_text=True)
        seen |= set(re.findall(r"Vervoer naar het ziekenhuis (\d+)<", html))
        url = next_link(html) if 'rel="next"' in html else None
    assert seen == {str(n) for n in range(45)}


def test_the_initiatives_page_runs_as_many_queries_with_60_proposals_as_with_5(
    app, make_client, world, count_queries
):
    add_initiatives(app, world.zone.id, 5, 0, world.author.id)
    small = count_queries(lambda: make_client().get(BASE + "?status=published"))[1]
    add_initiatives(app, world.zone.id, 55, 5, world.author.id)
    large = count_queries(lambda: make_client().get(BASE + "?status=published"))[1]
    assert small == large


def _round_with_input_and_seat(app, zone_id: int, user_id: int, title: str, n: int = 1):
    from burgerplatform.consultations.models import Contribution, Round, Seat, SeatStatus
    from burgerplatform.consultations.pool_models import PoolMember

    with app.app_context():
        member = PoolMember(
            zone_id=zone_id, user_id=user_id, pseudonym=f"p-{user_id}", consent_version="1"
        )
        db.session.add(member)
        for i in range(n):
            round_ = Round(zone_id=zone_id, title=f"{title} {i}", question_draft="Wat mist u?")
            db.session.add(round_)
            db.session.flush()
            db.session.add(
                Seat(
                    round_id=round_.id,
                    member=member,
                    status=SeatStatus.ACCEPTED,
                    reply_by=utcnow(),
                )
            )
            db.session.add(
                Contribution(
                    round_id=round_.id,
                    zone_id=zone_id,
                    author_id=user_id,
                    body=f"Mijn moeder wacht te lang op thuiszorg ({i}).",
                )
            )
        db.session.commit()


def _support_and_comment(app, client, initiative_id: int) -> None:
    client.post(f"{BASE}{initiative_id}/support", {})
    client.post(f"{BASE}{initiative_id}/comments", {"body": "Ik neem die bus ook elke week."})


def test_my_participation_shows_proposals_supports_comments_round_input_and_seats(
    app, client, world, make_initiative
):
    mine = make_initiative("draft", title="Mijn eigen ontwerp")
    theirs = make_initiative("published", title="Een bus naar AZ Alma")
    _round_with_input_and_seat(app, world.zone.id, world.supporter.id, "Mantelzorg in de regio")
    speak_english(app, world.supporter, world.author)
    client.login(world.supporter.email)
    _support_and_comment(app, client, theirs)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/my-participation"' in home  # in the account menu
    html = client.get("/my-participation").get_data(as_text=True)
    assert "Initiatives you support" in html and "Een bus naar AZ Alma" in html
    assert "Ik neem die bus ook elke week." in html
    assert "Mantelzorg in de regio 0" in html and "you took a seat" in html
    assert "Mijn moeder wacht te lang op thuiszorg (0)." in html
    assert "Mijn eigen ontwerp" not in html  # someone else's draft

    author = client.__class__(app)
    author.login(world.author.email)
    own = without_terms(author.get("/my-participation").get_data(as_text=True))
    assert f'href="/meetjesland/initiatives/{mine}/edit"' in own
    assert "You have not given input in a round yet." in own


def test_my_participation_needs_a_login(client):
    assert client.get("/my-participation").status_code == 302


def test_my_participation_runs_as_many_queries_with_much_participation_as_with_little(
    app, make_client, world, make_initiative, count_queries
):
    person = make_client()
    person.login(world.supporter.email)
    first = make_initiative("published", title="Een bus naar AZ Alma")
    _support_and_comment(app, person, first)
    _round_with_input_and_seat(app, world.zone.id, world.supporter.id, "Ronde", n=2)
    small = count_queries(lambda: person.get("/my-participation"))[1]
    for n in range(6):
        _support_and_comment(app, person, make_initiative("published", title=f"Voorstel {n}"))
    with app.app_context():
        from sqlalchemy import select

        from burgerplatform.consultations.models import Contribution, Round

        rounds = list(db.session.scalars(select(Round.id)))
        db.session.add_all(
            Contribution(round_id=r, zone_id=world.zone.id, author_id=world.supporter.id, body="x")
            for r in rounds * 10
        )
        db.session.commit()
    response, large = count_queries(lambda: person.get("/my-participation"))
    assert response.status_code == 200
    assert small == large


def test_my_participation_shows_comments_without_markdown_characters(
    app, client, world, make_initiative
):
    theirs = make_initiative("published", title="Een bus naar AZ Alma")
    client.login(world.supporter.email)
    client.post(f"{BASE}{theirs}/comments", {"body": "Een **buurtbabbel** met:\n\n- koffie"})
    html = client.get("/my-participation").get_data(as_text=True)
    assert "Een buurtbabbel met: koffie" in html
    assert "**" not in html and "- koffie" not in html
