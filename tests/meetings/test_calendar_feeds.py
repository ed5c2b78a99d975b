"""A calendar link that promises to stay up to date is one a calendar app can follow:
the app fetches it without anyone's login. A feed only members may see is offered as a
file to download instead."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import Visibility
from tests.conftest import Client
from tests.meetings.test_calendar_words import CALENDAR_LINK
from tests.meetings.test_mine import add_meeting, world  # noqa: F401 - a fixture
from tests.proeftuinen.helpers import setup_proeftuin

STAYS_UP_TO_DATE = {
    "nl": "altijd bijgewerkt",
    "fr": "toujours à jour",
    "en": "stays up to date",
}
A_FILE = {"nl": "een bestand", "fr": "un fichier", "en": "a file"}


def _pages(space: str, proeftuin_id: int | None = None) -> list[str]:
    pages = [f"/meetings/in/{space}/"]
    if proeftuin_id is not None:
        pages.append(f"/proeftuinen/{proeftuin_id}/")
    return pages


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_a_calendar_link_that_stays_up_to_date_opens_without_logging_in(
    app,
    world,  # noqa: F811 - the fixture imported above
    make_zone,
    make_user,
    language,
):
    closed = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    public_id = int(world["mine"]["proeftuin"].split(":")[1])
    for space in [*world["mine"].values(), f"proeftuin:{closed['id']}"]:
        zone_id = closed["zone"].id if space.endswith(f":{closed['id']}") else None
        add_meeting(app, space, zone_id, "Overleg", days=3)
    visits = [
        (world["an"].email, _pages(world["mine"]["round"])),
        (world["an"].email, _pages(world["mine"]["zorgraad"])),
        (world["an"].email, _pages(world["mine"]["proeftuin"], public_id)),
        (closed["members"][0].email, _pages(f"proeftuin:{closed['id']}", closed["id"])),
    ]
    with app.app_context():
        for email, _ in visits:
            db.session.scalar(select(User).where(User.email == email)).locale = language
        db.session.commit()
    stranger = Client(app, language=language)
    promised, files = [], []
    for email, pages in visits:
        member = Client(app, language=language)
        member.login(email)
        for url in pages:
            html = member.get(url).get_data(as_text=True)
            main = html.split("<main", 1)[1].split("</main>", 1)[0]
            links = [
                (href, re.sub(r"<[^>]+>", "", text))
                for href, text in CALENDAR_LINK.findall(main)
                if href.endswith("calendar.ics")
            ]
            assert links, (url, "no calendar feed link")
            for href, text in links:
                if STAYS_UP_TO_DATE[language] in text:
                    promised.append(href)
                    response = stranger.get(href)
                    assert response.status_code == 200, (url, href, text)
                    assert response.mimetype == "text/calendar", (url, href)
                else:
                    assert A_FILE[language] in text, (url, text)
                    files.append(href)
    # Both kinds were seen: the zorgraad's and the public proeftuin's feeds are followed,
    # the klankbordgroep's and the closed proeftuin's are files.
    assert any("zone:" in href for href in promised), promised
    assert any("round:" in href for href in files), files
    assert any(f"proeftuin:{closed['id']}" in href for href in files), files
