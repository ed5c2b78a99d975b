"""A long list of notifications pages by cursor: older ones, and back to newer ones."""

from __future__ import annotations

import re
from html import unescape

from burgerplatform.extensions import db
from burgerplatform.notifications.models import Notification


def link(html: str, rel: str) -> str | None:
    match = re.search(rf'<a href="([^"]+)" rel="{rel}"', html)
    return unescape(match.group(1)) if match else None


def test_older_and_newer_notifications_page_by_cursor(app, make_user, client):
    person = make_user()
    with app.app_context():
        db.session.add_all(
            Notification(
                user_id=person.id,
                kind="initiative.commented",
                params={"title": f"Voorstel {i:02d}", "name": "Jef"},
                url="/",
            )
            for i in range(45)
        )
        db.session.commit()
    client.login(person.email)
    seen, url = [], "/notifications/"
    while url:
        html = client.get(url).get_data(as_text=True)
        seen += re.findall(r"Voorstel (\d\d)", html)
        url = link(html, "next")
        assert url is None or "before=" in url
    assert seen == [f"{i:02d}" for i in reversed(range(45))]
    back = client.get(link(html, "prev")).get_data(as_text=True)
    assert re.findall(r"Voorstel (\d\d)", back) == [f"{i:02d}" for i in reversed(range(5, 25))]
