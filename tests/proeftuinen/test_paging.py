"""A long proeftuin topic: the opening post always, the newest replies, earlier ones on
request, and a reply to an old thread lands where that thread shows."""

from __future__ import annotations

import re
from html import unescape

from burgerplatform.extensions import db
from burgerplatform.proeftuinen.discussion import POSTS_PER_PAGE
from burgerplatform.proeftuinen.models import Post, Topic
from tests.proeftuinen.helpers import add_topic, setup_proeftuin


def add_posts(app, topic_id: int, author_id: int, n: int) -> list[int]:
    with app.app_context():
        posts = [
            Post(topic_id=topic_id, author_id=author_id, body=f"Antwoord {i}") for i in range(n)
        ]
        db.session.add_all(posts)
        db.session.get(Topic, topic_id).reply_count += n
        db.session.commit()
        return [p.id for p in posts]


def shown(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article class="post" id="post-(\d+)"', html)]


def link(html: str, rel: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="{rel}"', html)
    return unescape(match.group(1)) if match else None


def test_a_long_topic_shows_the_opening_post_and_the_newest_replies(
    app, make_zone, make_user, client
):
    setup = setup_proeftuin(app, make_zone, make_user)
    member = setup["members"][0]
    topic_id, opening = add_topic(app, setup["id"], member.id)
    replies = add_posts(app, topic_id, member.id, POSTS_PER_PAGE + 5)
    url = f"/proeftuinen/{setup['id']}/topics/{topic_id}"
    html = client.get(url).get_data(as_text=True)
    assert shown(html) == [opening] + replies[5:]
    earlier = client.get(link(html, "prev")).get_data(as_text=True)
    assert shown(earlier) == [opening] + replies[:5]
    assert link(earlier, "prev") is None
    assert replies[-1] in shown(client.get(link(earlier, "next")).get_data(as_text=True))


def test_a_reply_to_an_early_post_lands_on_the_page_that_shows_it(
    app, make_zone, make_user, make_client
):
    setup = setup_proeftuin(app, make_zone, make_user)
    member = setup["members"][0]
    topic_id, _opening = add_topic(app, setup["id"], member.id)
    replies = add_posts(app, topic_id, member.id, POSTS_PER_PAGE + 5)
    client = make_client()
    client.login(member.email)
    url = f"/proeftuinen/{setup['id']}/topics/{topic_id}"
    response = client.post(url + "/reply", {"body": "Ik doe mee!", "parent_id": str(replies[0])})
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert replies[0] in shown(html) and "Ik doe mee!" in html
