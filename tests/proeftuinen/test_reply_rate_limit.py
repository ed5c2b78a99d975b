"""Replies in a proeftuin are limited per account, and a refused reply is kept."""

from __future__ import annotations

from burgerplatform.proeftuinen.models import Post
from tests.conftest import count_rows, speak_english
from tests.proeftuinen.helpers import add_topic, setup_proeftuin


def test_a_reply_after_the_limit_is_refused_kept_and_not_posted(
    app, make_client, make_zone, make_user, rate_limits
):
    s = setup_proeftuin(app, make_zone, make_user)
    an, jef = s["members"]
    speak_english(app, jef)
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
    assert count_rows(app, Post.id) == 2
    other = make_client()
    other.login(an.email)
    assert other.post(url, {"body": "Dank je, Jef!"}).status_code == 302
    assert count_rows(app, Post.id) == 3
