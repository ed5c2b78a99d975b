"""Long lists stay quick and usable: pages by cursor, older comments on request, a search
that understands Dutch on PostgreSQL, and counts kept with the comments."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.initiatives import queries
from burgerplatform.initiatives.models import Initiative, InitiativeComment, Status
from tests.core.test_pagination import assert_each_once, walk

PAGE = "/meetjesland/what-happened"


def publish_many(app, world, n: int, **fields) -> list[int]:
    """n published initiatives, one hour apart (the newest last)."""
    now = utcnow()
    with app.app_context():
        made = [
            Initiative(
                zone_id=world.zone.id,
                author_id=world.author.id,
                title=f"Voorstel {i:03d}",
                status=Status.PUBLISHED,
                published_at=now - timedelta(hours=n - i),
                supports_count=i % 4,
                **fields,
            )
            for i in range(n)
        ]
        db.session.add_all(made)
        db.session.commit()
        return [i.id for i in made]


def titles(html: str) -> list[str]:
    return re.findall(r'<li class="initiative-card">\s*<h3[^>]*><a href="[^"]+">([^<]+)</a>', html)


def link(html: str, rel: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="{rel}"', html)
    return unescape(match.group(1)) if match else None


def test_following_the_next_links_shows_every_initiative_once_in_order(client, app, world):
    publish_many(app, world, 2 * queries.PER_PAGE + 5)
    seen, url, pages = [], PAGE, 0
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += titles(html)
        url, pages = link(html, "next"), pages + 1
    assert pages == 3
    assert seen == [f"Voorstel {i:03d}" for i in reversed(range(2 * queries.PER_PAGE + 5))]
    assert "after=" in client.get(PAGE).get_data(as_text=True)  # keyset, not offset


def test_previous_goes_back_to_the_same_page_and_filters_are_kept(client, app, world):
    publish_many(app, world, 3 * queries.PER_PAGE)
    first = client.get(PAGE + "?sort=supported").get_data(as_text=True)
    second = client.get(link(first, "next")).get_data(as_text=True)
    assert "sort=supported" in link(second, "next") and "sort=supported" in link(second, "prev")
    back = client.get(link(second, "prev")).get_data(as_text=True)
    assert titles(back) == titles(first)
    assert link(first, "prev") is None
    assert not set(titles(first)) & set(titles(second))


def test_a_mangled_cursor_shows_the_first_page(client, app, world):
    publish_many(app, world, 3)
    for cursor in ("?after=nonsense", "?before=%00%01", "?after=W10", "?after=WyJ4IiwxXQ"):
        response = client.get(PAGE + cursor)
        assert response.status_code == 200, cursor
        assert len(titles(response.get_data(as_text=True))) == 3


def test_search_finds_words_in_the_title_and_text(client, app, world):
    publish_many(app, world, 2)
    publish_many(app, world, 1, body="Een wandeling met de buren, elke dinsdag.")
    html = client.get(PAGE + "?q=wandeling").get_data(as_text=True)
    assert len(titles(html)) == 1
    assert "1 initiative found" in html
    assert 'role="search"' in html and '<label for="q">' in html


@pytest.mark.skipif(
    "postgresql" not in __import__("os").environ.get("TEST_DATABASE_URL", ""),
    reason="Dutch stemming is PostgreSQL's full-text search",
)
def test_on_postgresql_search_understands_dutch_word_forms_and_any_word_order(client, app, world):
    publish_many(app, world, 2)
    publish_many(app, world, 1, body="Een wandeling naar het ziekenhuis met de bus.")
    for words in ("wandelingen", "bus ziekenhuis", "ziekenhuis wandeling"):
        assert len(titles(client.get(PAGE + f"?q={words}").get_data(as_text=True))) == 1, words


def add_threads(app, ini_id: int, author_id: int, n: int) -> list[int]:
    from burgerplatform.initiatives.participation import count_comments

    with app.app_context():
        ini = db.session.get(Initiative, ini_id)
        made = [
            InitiativeComment(
                zone_id=ini.zone_id, initiative_id=ini.id, author_id=author_id, body=f"Reactie {i}"
            )
            for i in range(n)
        ]
        db.session.add_all(made)
        count_comments(ini.id, n)
        db.session.commit()
        return [c.id for c in made]


def test_the_newest_comments_show_first_and_older_ones_on_request(
    client, app, world, make_initiative
):
    from burgerplatform.initiatives.participation import COMMENTS_PER_PAGE

    ini = make_initiative("published")
    ids = add_threads(app, ini, world.supporter.id, COMMENTS_PER_PAGE + 10)
    url = f"/meetjesland/initiatives/{ini}"
    html = client.get(url).get_data(as_text=True)
    shown = [int(i) for i in re.findall(r'<article class="comment" id="comment-(\d+)"', html)]
    assert shown == ids[10:]
    assert f"{COMMENTS_PER_PAGE + 10} comments" in html
    older = client.get(link(html, "prev")).get_data(as_text=True)
    shown = [int(i) for i in re.findall(r'<article class="comment" id="comment-(\d+)"', older)]
    assert shown == ids[:10]
    assert link(older, "prev") is None
    newer = client.get(link(older, "next")).get_data(as_text=True)
    assert f'id="comment-{ids[-1]}"' in newer


def test_a_reply_to_an_old_thread_lands_where_the_thread_shows(client, app, world, make_initiative):
    from burgerplatform.initiatives.participation import COMMENTS_PER_PAGE

    ini = make_initiative("published")
    ids = add_threads(app, ini, world.supporter.id, COMMENTS_PER_PAGE + 3)
    client.login(world.neighbour.email)
    # "Reply" is a plain link (no script): it opens the comment form for that thread.
    form = client.get(f"/meetjesland/initiatives/{ini}?reply_to={ids[0]}").get_data(as_text=True)
    assert "Je antwoordt op Jef." in form  # "You reply to Jef."
    assert f'name="parent_id" type="hidden" value="{ids[0]}"' in form
    response = client.post(
        f"/meetjesland/initiatives/{ini}/comments", {"body": "Eens!", "parent_id": str(ids[0])}
    )
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'id="comment-{ids[0]}"' in html and "Eens!" in html


def test_the_comment_count_follows_new_hidden_and_restored_comments(ctx, world, make_initiative):
    from burgerplatform.accounts.models import User
    from burgerplatform.initiatives import participation
    from burgerplatform.moderation import services as moderation
    from burgerplatform.moderation.models import HideReason
    from burgerplatform.moderation.registry import get_type

    ini = db.session.get(Initiative, make_initiative("published"))
    jef = db.session.get(User, world.supporter.id)
    staff = db.session.get(User, world.staff.id)
    first = participation.add_comment(ini, jef, "Goed idee!")
    participation.add_comment(ini, jef, "En nog iets", parent_id=first.id)
    assert ini.comments_count == 2
    kind = get_type("initiative_comment")
    moderation.hide(kind, first, staff, HideReason.OFF_TOPIC, "")
    assert ini.comments_count == 1
    moderation.restore(kind, first, staff)
    assert ini.comments_count == 2
    db.session.flush()
    assert db.session.scalar(select(Initiative.comments_count).where(Initiative.id == ini.id)) == 2


def test_the_api_pages_by_cursor_with_a_next_link(client, app, world):
    publish_many(app, world, 25)
    data = client.get("/api/v1/zones/meetjesland/initiatives?per_page=10").get_json()
    seen = [i["title"] for i in data["items"]]
    while data["next"]:
        assert "after=" in data["next"]
        data = client.get(data["next"]).get_json()
        seen += [i["title"] for i in data["items"]]
    assert seen == [f"Voorstel {i:03d}" for i in reversed(range(25))]
    assert data["total"] == 25
    spec = client.get("/api/v1/openapi.json").get_json()
    names = [p["name"] for p in spec["paths"]["/zones/{slug}/initiatives"]["get"]["parameters"]]
    assert "after" in names
    assert "next" in spec["components"]["schemas"]["InitiativePage"]["properties"]


def test_the_zone_figures_follow_every_step_and_match_a_recount(app, world, make_initiative):
    from burgerplatform.initiatives import figures

    with app.app_context():  # a zone that has been counted once: from here on, deltas
        figures.recount(world.zone.id)
        db.session.commit()
    for status in ("draft", "sent_back", "published", "on_agenda", "answered", "closed"):
        make_initiative(status)
    with app.app_context():
        kept, _late = figures.stored(world.zone.id)
        counted = figures.recount(world.zone.id)
        db.session.rollback()
    assert {k: v for k, v in kept.items() if v} == {k: v for k, v in counted.items() if v}
    assert counted["status:answered"] == counted["status:closed"] == 1
    assert counted["on_time"] == 2  # the closed one was answered first


def test_initiatives_loaded_in_bulk_are_counted_on_the_first_visit(client, app, world):
    with app.app_context():
        db.session.execute(
            Initiative.__table__.insert(),
            [
                {
                    "zone_id": world.zone.id,
                    "title": f"Bulk {i}",
                    "status": "published",
                    "published_at": utcnow(),
                    "supports_count": 0,
                    "comments_count": 0,
                    "created_at": utcnow(),
                    "updated_at": utcnow(),
                    **dict.fromkeys(
                        ("summary", "body", "affected", "request", "review_message"), ""
                    ),
                    **dict.fromkeys(("answer_reason", "referred_to", "final_word"), ""),
                }
                for i in range(7)
            ],
        )
        db.session.commit()
    assert "7 initiatives found" in client.get(PAGE).get_data(as_text=True)


def test_a_change_before_the_first_visit_does_not_leave_the_figures_partial(
    app, world, make_initiative
):
    from burgerplatform.initiatives import figures
    from burgerplatform.initiatives.models import InitiativeFigure

    make_initiative("published")
    with app.app_context():  # as if it was there before the counters existed
        db.session.execute(InitiativeFigure.__table__.delete())
        db.session.commit()
    make_initiative("published")  # the zone was never counted: this writes a delta only
    make_initiative("on_agenda")
    with app.app_context():
        kept, _late = figures.stored(world.zone.id)
        db.session.rollback()
    assert kept["status:published"] == 2
    assert kept["status:on_agenda"] == 1
    assert kept[figures.READY] == 1


def test_searching_two_words_finds_an_initiative_with_both_in_any_order(client, app, world):
    publish_many(app, world, 2)
    publish_many(app, world, 1, body="Vervoer naar het ziekenhuis voor wie geen auto heeft.")
    for words in ("ziekenhuis vervoer", "vervoer ziekenhuis", "ziekenhuis+vervoer"):
        for page in (PAGE, "/meetjesland/initiatives/"):
            html = client.get(page + f"?q={words}").get_data(as_text=True)
            assert len(titles(html)) == 1, (page, words)
    html = client.get("/meetjesland/initiatives/?q=ziekenhuis+taxi").get_data(as_text=True)
    assert "Clear the filters" in html
    html = client.get(PAGE + "?q=ziekenhuis+taxi").get_data(as_text=True)
    assert titles(html) == []  # every word must match
    assert "Clear the filters" in html and f'href="{PAGE}"' in html


def test_a_search_without_results_offers_a_tip_and_a_way_back_in_dutch(app, world):
    from tests.conftest import Client

    publish_many(app, world, 1)
    html = Client(app, language="nl").get(PAGE + "?q=xyzzy").get_data(as_text=True)
    assert "Wis de filters" in html and "Tip:" in html


def test_paging_through_initiatives_with_equal_support_shows_each_once(app, world, make_initiative):
    from burgerplatform.zones.models import Zone

    ids = [make_initiative("published", title=f"Voorstel {i:02d}") for i in range(9)]
    with app.test_request_context():
        zone = db.session.get(Zone, world.zone.id)
        for i, initiative_id in enumerate(ids):
            initiative = db.session.get(Initiative, initiative_id)
            initiative.published_at = datetime(2026, 3, 1, 9, 0, tzinfo=UTC) + timedelta(
                hours=i // 3
            )
            initiative.supports_count = i % 2
        db.session.flush()
        for sort in ("newest", "supported", "waiting"):

            def fetch(at, sort=sort):
                filters = queries.Filters(sort=sort, after=at.after or "", before=at.before or "")
                return queries.public_page(zone, filters, per_page=2)

            forward, backward = walk(fetch)
            assert_each_once(forward, backward, ids)
        db.session.rollback()
