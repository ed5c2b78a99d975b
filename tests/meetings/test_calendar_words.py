"""Every link that puts meetings in a calendar says so in plain words, in every language:
what it gives (a file, or a link that stays up to date) and which calendars take it
(Outlook, Google, Apple). "iCal", a format's name, is no word for a citizen."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from tests.site.test_content_language import _citizen_reading

CALENDARS = {
    "nl": "Outlook, Google of Apple",
    "fr": "Outlook, Google ou Apple",
    "en": "Outlook, Google or Apple",
}
CALENDAR_LINK = re.compile(r'<a href="([^"]*(?:\.ics|calendar)[^"]*)"[^>]*>(.*?)</a>', re.S)


def _pages(app) -> list[str]:
    """The demo's pages with a calendar link: a meeting, a zone's and a proeftuin's
    meetings, the proeftuin's page and the citizen's own meetings."""
    from flask import url_for

    from burgerplatform import demo
    from burgerplatform.meetings.models import Meeting
    from burgerplatform.proeftuinen.models import Proeftuin

    with app.test_request_context(base_url="http://localhost"):
        assert demo.seed()
        db.session.commit()
        meeting = db.session.scalar(select(Meeting).order_by(Meeting.id))
        proeftuin = db.session.scalar(select(Proeftuin).order_by(Proeftuin.id))
        pages = [
            url_for("meetings.show", uid=meeting.uid),
            url_for("zone_meetings.index", zone_slug="meetjesland"),
            url_for("meetings.in_space", space=proeftuin.space),
            url_for("proeftuinen.show", proeftuin_id=proeftuin.id),
            url_for("meetings.mine_upcoming"),
        ]
        db.session.remove()
    return pages


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_every_calendar_link_says_in_plain_words_which_calendars_take_it(app, language):
    pages = _pages(app)
    client = _citizen_reading(app, language)
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        links = [re.sub(r"<[^>]+>", "", text) for _href, text in CALENDAR_LINK.findall(main)]
        assert links, (language, url, "no calendar link")
        for text in links:
            assert CALENDARS[language] in text, (language, url, text)
        assert "iCal" not in re.sub(r"<[^>]+>", " ", main), (language, url)
