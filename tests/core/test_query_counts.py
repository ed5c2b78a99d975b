"""The number of SQL queries of every busy page does not grow with its lists (no N+1).

Each test builds a page's data with 5 items in its lists, counts the queries of one
request, grows the lists to 50 and counts again: the two counts must be equal, and at
most MAX_QUERIES. Items are added straight through the models (with their counters), so
the tests stay quick; the services that keep the counters are tested elsewhere.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role

# 13 since the round page looks up the round's questionnaire (one query, any size); 14
# since it lists the round's documents (one query, any number of them); 15 since it shows
# the confirmed themes of its input with their recommendations (one query, any number).
MAX_QUERIES = 15
SMALL, LARGE = 5, 50


@pytest.fixture
def measure(count_queries):
    """measure(client, url) -> number of queries of one GET, which must answer 200."""

    def run(client, url: str) -> int:
        response, queries = count_queries(lambda: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        return queries

    return run


def assert_flat(small: int, large: int, page: str) -> None:
    assert small == large, f"{page}: {small} queries with {SMALL} items, {large} with {LARGE}"
    assert large <= MAX_QUERIES, f"{page}: {large} queries (at most {MAX_QUERIES})"


@pytest.fixture
def scene(app, make_zone, make_user):
    """A zone with a citizen (who can log in), staff, two themes and a meeting."""
    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland", municipalities=["Eeklo"])
    citizen = make_user(zone_id=zone.id, email="citizen@example.org")
    staff = make_user(roles=[(zone.id, Role.STAFF)], email="staff@example.org")
    return {"zone": zone, "citizen": citizen, "staff": staff}


def add_users(app, zone_id: int, n: int, start: int) -> list[int]:
    from burgerplatform.accounts.models import User

    with app.app_context():
        users = [
            User(
                email=f"crowd{start + i}@example.org",
                display_name=f"Crowd {start + i}",
                zone_id=zone_id,
                locale="nl",
            )
            for i in range(n)
        ]
        db.session.add_all(users)
        db.session.commit()
        return [u.id for u in users]


def add_initiatives(app, zone_id: int, n: int, start: int, author_id: int) -> list[int]:
    """Published initiatives with a theme, a municipality and an answer on some of them."""
    from burgerplatform.initiatives.models import (
        ActorRole,
        AnswerKind,
        Initiative,
        InitiativeEvent,
        Status,
    )
    from burgerplatform.initiatives.themes import themes_for
    from burgerplatform.zones.models import Zone

    with app.app_context():
        zone = db.session.get(Zone, zone_id)
        themes = themes_for(zone)
        now = utcnow()
        made = []
        for i in range(n):
            number = start + i
            status = [Status.PUBLISHED, Status.ON_AGENDA, Status.ANSWERED][number % 3]
            ini = Initiative(
                zone_id=zone_id,
                author_id=author_id,
                title=f"Vervoer naar het ziekenhuis {number}",
                summary="Wie geen auto heeft, raakt moeilijk in het ziekenhuis.",
                body="De bus rijdt maar één keer per uur.",
                status=status,
                supports_count=number % 7,
                published_at=now - timedelta(hours=number),
                agenda_at=now - timedelta(days=40) if status is not Status.PUBLISHED else None,
                answer_due_at=now - timedelta(days=10) if status is not Status.PUBLISHED else None,
                answered_at=now - timedelta(days=12) if status is Status.ANSWERED else None,
                answer_kind=AnswerKind.ADOPTED if status is Status.ANSWERED else None,
            )
            ini.themes = [themes[number % 2]]
            ini.municipalities = list(zone.municipalities)
            ini.events.append(
                InitiativeEvent(kind="published", actor_role=ActorRole.STAFF, text="")
            )
            db.session.add(ini)
            made.append(ini)
        db.session.commit()
        return [i.id for i in made]


def add_comments(app, initiative_id: int, user_ids: list[int], replies_to: int | None = None):
    """One comment per user (and, for the first, a reply from each), counter kept."""
    from sqlalchemy import update

    from burgerplatform.initiatives.models import Initiative, InitiativeComment

    with app.app_context():
        ini = db.session.get(Initiative, initiative_id)
        comments = [
            InitiativeComment(
                zone_id=ini.zone_id,
                initiative_id=ini.id,
                author_id=uid,
                body=f"Ik neem ook de bus, zegt {uid}.",
                parent_id=replies_to,
            )
            for uid in user_ids
        ]
        db.session.add_all(comments)
        db.session.execute(
            update(Initiative)
            .where(Initiative.id == ini.id)
            .values(comments_count=Initiative.comments_count + len(comments))
        )
        db.session.commit()
        return [c.id for c in comments]


def logged_in(make_client, email: str):
    client = make_client()
    client.login(email)
    return client


# --- site, zone -----------------------------------------------------------------------


def test_the_home_page_runs_as_many_queries_with_50_zones_as_with_5(
    app, make_zone, make_user, make_client, measure
):
    zones = [make_zone(municipalities=["Eeklo", "Maldegem"]) for _ in range(SMALL)]
    citizen = make_user(zone_id=zones[0].id, email="citizen@example.org")
    anonymous, member = make_client(), logged_in(make_client, citizen.email)
    small = (measure(anonymous, "/"), measure(member, "/"))
    for _ in range(LARGE - SMALL):
        make_zone(municipalities=["Eeklo", "Maldegem"])
    large = (measure(anonymous, "/"), measure(member, "/"))
    assert_flat(small[0], large[0], "home, anonymous")
    assert_flat(small[1], large[1], "home, logged in")


def test_the_zone_page_runs_as_many_queries_with_50_initiatives_as_with_5(
    app, scene, make_client, measure
):
    zone = scene["zone"]
    add_initiatives(app, zone.id, SMALL, 0, scene["citizen"].id)
    anonymous, member = make_client(), logged_in(make_client, scene["citizen"].email)
    url = f"/{zone.slug}/"
    small = (measure(anonymous, url), measure(member, url))
    add_initiatives(app, zone.id, LARGE - SMALL, SMALL, scene["citizen"].id)
    large = (measure(anonymous, url), measure(member, url))
    assert_flat(small[0], large[0], "zone page, anonymous")
    assert_flat(small[1], large[1], "zone page, logged in")


# --- initiatives ----------------------------------------------------------------------


def test_the_initiative_list_first_and_deep_filtered_pages_do_not_grow_with_the_data(
    app, scene, make_client, measure
):
    from burgerplatform.initiatives import queries

    zone = scene["zone"]
    add_initiatives(app, zone.id, SMALL, 0, scene["citizen"].id)
    anonymous, member = make_client(), logged_in(make_client, scene["citizen"].email)
    first = f"/{zone.slug}/what-happened"
    small = (measure(anonymous, first), measure(member, first))
    # Enough for several pages of one status, so the deep page has a full list.
    add_initiatives(app, zone.id, 3 * queries.PER_PAGE * 3, SMALL, scene["citizen"].id)
    large = (measure(anonymous, first), measure(member, first))
    assert_flat(small[0], large[0], "initiative list, anonymous")
    assert_flat(small[1], large[1], "initiative list, logged in")

    # A deep page of a filtered list, reached through the "next" links.
    url = f"/{zone.slug}/what-happened?status=published"
    for _ in range(2):
        html = anonymous.get(url).get_data(as_text=True)
        url = next_link(html)
    deep = measure(anonymous, url)
    assert deep <= MAX_QUERIES, f"deep filtered page: {deep} queries"
    html = anonymous.get(url).get_data(as_text=True)
    assert html.count('class="initiative-card"') == queries.PER_PAGE


def next_link(html: str) -> str:
    import re
    from html import unescape

    match = re.search(r'<a href="([^"]+)" rel="next"', html)
    assert match, "no link to the next page"
    return unescape(match.group(1))


def test_the_initiative_page_runs_as_many_queries_with_500_comments_as_with_5(
    app, scene, make_client, measure
):
    zone = scene["zone"]
    (ini_id,) = add_initiatives(app, zone.id, 1, 0, scene["citizen"].id)
    users = add_users(app, zone.id, SMALL, 0)
    first = add_comments(app, ini_id, users)
    add_comments(app, ini_id, users[:2], replies_to=first[0])
    anonymous, member = make_client(), logged_in(make_client, scene["citizen"].email)
    staff = logged_in(make_client, scene["staff"].email)
    url = f"/{zone.slug}/initiatives/{ini_id}"
    small = (measure(anonymous, url), measure(member, url), measure(staff, url))
    # 500 comments: the newest thread on the page gets 45 replies.
    more = add_users(app, zone.id, 500 - SMALL, SMALL)
    newest = add_comments(app, ini_id, more[LARGE - SMALL :])[-1]
    add_comments(app, ini_id, more[: LARGE - SMALL], replies_to=newest)
    large = (measure(anonymous, url), measure(member, url), measure(staff, url))
    assert_flat(small[0], large[0], "initiative, anonymous")
    assert_flat(small[1], large[1], "initiative, logged-in citizen")
    assert_flat(small[2], large[2], "initiative, staff")


# --- rounds, proeftuinen --------------------------------------------------------------


def add_round_work(app, round_id: int, n: int, author_id: int, start: int = 0) -> None:
    """Suggestions, contributions, reviews and recommendations (each with a source, a
    comment and a progress update); suggestions, contributions and comments each by
    another person, so an author loaded one by one would show."""
    from burgerplatform.consultations.models import (
        Contribution,
        ProgressUpdate,
        Recommendation,
        RecommendationComment,
        RecommendationVersion,
        ReviewKind,
        ReviewResponse,
        Round,
        Suggestion,
    )

    with app.app_context():
        zone_id = db.session.get(Round, round_id).zone_id
    authors = add_users(app, zone_id, n, 3000 + start)
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        for i, other in enumerate(authors):
            db.session.add(Suggestion(round_id=round_id, author_id=other, proposal=f"V{i}"))
            item = Contribution(
                round_id=round_id, zone_id=round_.zone_id, author_id=other, body=f"Idee {i}"
            )
            rec = Recommendation(round_id=round_id, title=f"Advies {i}", body="Doe het.")
            rec.versions.append(
                RecommendationVersion(number=1, title=rec.title, body=rec.body, author_id=None)
            )
            rec.comments.append(RecommendationComment(author_id=other, body="Eens."))
            rec.updates.append(ProgressUpdate(body="Het busje rijdt.", author_id=None))
            rec.sources = [item]
            review = ReviewResponse(
                round_id=round_id, user_id=author_id, kind=ReviewKind.CORRECTION
            )
            db.session.add_all([item, rec, review])
        db.session.commit()


def add_seats(app, round_id: int, n: int, start: int) -> None:
    """n accepted seats, each a pool member with an answer to the round's first quota."""
    from burgerplatform.consultations.models import Quota, Round
    from burgerplatform.consultations.pool_models import PoolAnswer, PoolMember
    from tests.consultations.conftest import accepted_seat

    with app.app_context():
        round_ = db.session.get(Round, round_id)
        value_id = db.session.scalars(
            db.select(Quota.value_id).where(Quota.round_id == round_id)
        ).first()
        for user_id in add_users(app, round_.zone_id, n, 1000 + start):
            member = PoolMember(
                zone_id=round_.zone_id,
                user_id=user_id,
                pseudonym=f"p{user_id}",
                consent_version="2026-11",
            )
            member.answers.append(PoolAnswer(value_id=value_id))
            accepted_seat(member, round_id=round_id, days=10)
        db.session.commit()


def test_the_round_page_runs_as_many_queries_with_50_inputs_as_with_5(
    app, scene, make_client, measure
):
    from burgerplatform.consultations import pool
    from burgerplatform.consultations.models import Phase, Quota, Round
    from burgerplatform.zones.models import Zone

    zone = scene["zone"]
    with app.app_context():
        round_ = Round(
            zone_id=zone.id,
            title="Vervoer naar de huisarts",
            question_draft="Hoe geraken mensen zonder auto bij de huisarts?",
            phase=Phase.FOLLOW_UP,  # every list of the page shows
            created_by_id=scene["staff"].id,
        )
        db.session.add(round_)
        for category in pool.categories(db.session.get(Zone, zone.id))[:2]:
            round_.quotas.append(Quota(value_id=category.values[0].id, min=1, max=20))
        db.session.commit()
        round_id = round_.id
    add_round_work(app, round_id, SMALL, scene["citizen"].id)
    add_seats(app, round_id, SMALL, 0)
    anonymous, staff = make_client(), logged_in(make_client, scene["staff"].email)
    url = f"/{zone.slug}/rounds/{round_id}"
    small = (measure(anonymous, url), measure(staff, url))
    add_round_work(app, round_id, LARGE - SMALL, scene["citizen"].id, start=SMALL)
    add_seats(app, round_id, LARGE - SMALL, SMALL)
    large = (measure(anonymous, url), measure(staff, url))
    assert_flat(small[0], large[0], "round page, anonymous")
    assert_flat(small[1], large[1], "round page, staff")


def test_a_proeftuin_topic_runs_as_many_queries_with_50_posts_as_with_5(
    app, make_zone, make_user, make_client, measure
):
    from burgerplatform.proeftuinen.models import Post, Topic
    from tests.proeftuinen.helpers import add_topic, setup_proeftuin

    setup = setup_proeftuin(app, make_zone, make_user, members=2)
    member = setup["members"][0]
    topic_id, first_post = add_topic(app, setup["id"], member.id)

    def add_posts(n: int) -> None:
        with app.app_context():
            topic = db.session.get(Topic, topic_id)
            for i in range(n):
                author = setup["members"][i % 2]
                parent = first_post if i % 3 == 0 else None
                db.session.add(
                    Post(
                        topic_id=topic_id,
                        author_id=author.id,
                        body=f"Ik help {i}.",
                        parent_id=parent,
                    )
                )
            topic.reply_count += n
            db.session.commit()

    add_posts(SMALL - 1)
    anonymous, logged = make_client(), logged_in(make_client, member.email)
    coach = logged_in(make_client, setup["coach"].email)
    url = f"/proeftuinen/{setup['id']}/topics/{topic_id}"
    small = (measure(anonymous, url), measure(logged, url), measure(coach, url))
    add_posts(LARGE - SMALL)
    large = (measure(anonymous, url), measure(logged, url), measure(coach, url))
    assert_flat(small[0], large[0], "topic, anonymous")
    assert_flat(small[1], large[1], "topic, member")
    assert_flat(small[2], large[2], "topic, coach")


# --- the open API ---------------------------------------------------------------------


def test_the_api_lists_do_not_grow_with_the_data(app, scene, make_zone, make_client, measure):
    from burgerplatform.consultations.models import Round

    zone = scene["zone"]
    client = make_client()

    def add_rounds(n: int) -> None:
        with app.app_context():
            for i in range(n):
                db.session.add(Round(zone_id=zone.id, title=f"Ronde {i}", question_draft="?"))
            db.session.commit()
        with app.app_context():
            for round_id in db.session.scalars(
                db.select(Round.id).where(Round.zone_id == zone.id).order_by(Round.id.desc())
            ).all()[:n]:
                add_round_work(app, round_id, 1, scene["citizen"].id, start=round_id)

    urls = [
        "/api/v1/zones",
        f"/api/v1/zones/{zone.slug}/initiatives",
        f"/api/v1/zones/{zone.slug}/rounds",
    ]
    for _ in range(SMALL - 1):
        make_zone()
    add_initiatives(app, zone.id, SMALL, 0, scene["citizen"].id)
    add_rounds(SMALL)
    small = [measure(client, url) for url in urls]
    for _ in range(LARGE - SMALL):
        make_zone()
    add_initiatives(app, zone.id, LARGE - SMALL, SMALL, scene["citizen"].id)
    add_rounds(LARGE - SMALL)
    large = [measure(client, url) for url in urls]
    for url, before, after in zip(urls, small, large, strict=True):
        assert_flat(before, after, url)


# --- notifications --------------------------------------------------------------------


def test_a_citizens_notifications_run_as_many_queries_with_50_as_with_5(
    app, scene, make_client, measure
):
    from burgerplatform.notifications.models import Notification

    citizen = scene["citizen"]

    def add_notes(n: int, start: int) -> None:
        with app.app_context():
            for i in range(n):
                db.session.add(
                    Notification(
                        user_id=citizen.id,
                        zone_id=scene["zone"].id,
                        kind="initiative.commented",
                        params={"title": f"Vervoer {start + i}", "name": "Jef"},
                        url="/meetjesland/initiatives/1",
                    )
                )
            db.session.commit()

    add_notes(SMALL, 0)
    client = logged_in(make_client, citizen.email)
    small = measure(client, "/notifications/")
    add_notes(LARGE - SMALL, SMALL)
    large = measure(client, "/notifications/")
    assert_flat(small, large, "notifications")
