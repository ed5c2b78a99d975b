"""Replies in a proeftuin are limited per account, and a refused reply is kept."""

from __future__ import annotations

from sqlalchemy import func, select

from burgerplatform.accounts.models import User
from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import Post
from tests.proeftuinen.helpers import add_topic, setup_proeftuin


def posts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Post.id)))


def test_a_reply_after_the_limit_is_refused_kept_and_not_posted(
    app, make_client, make_zone, make_user, rate_limits
):
    s = setup_proeftuin(app, make_zone, make_user)
    an, jef = s["members"]
    with app.app_context():
        db.session.get(User, jef.id).locale = "en"
        db.session.commit()
    tid, _ = add_topic(app, s["id"], an.id)
    url = f"/proeftuinen/{s['id']}/topics/{tid}/reply"
    rate_limits(PROEFTUIN_POST_RATE_LIMIT="1 per minute")
    client = make_client()
    client.login(jef.email)
    assert client.post(url, {"body": "Ik breng soep."}).status_code == 302
    refused = client.post(url, {"body": "En ook brood."})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429
    assert "En ook brood.</textarea>" in html
    assert "Wait a minute, then send it again" in html
    assert posts(app) == 2
    other = make_client()
    other.login(an.email)
    assert other.post(url, {"body": "Dank je, Jef!"}).status_code == 302
    assert posts(app) == 3
