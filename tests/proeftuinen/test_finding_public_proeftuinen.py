"""A visitor who is not logged in finds the public proeftuinen from the home page and the
zone page; private ones stay out of sight."""

from __future__ import annotations

from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import Proeftuin, Visibility
from tests.proeftuinen.helpers import setup_proeftuin


def test_a_visitor_who_is_not_logged_in_finds_the_public_proeftuinen(
    app, client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    with app.app_context():
        db.session.add(
            Proeftuin(
                name="Besloten werkgroep", zone_id=s["zone"].id, visibility=Visibility.MEMBERS_ONLY
            )
        )
        db.session.commit()
    home = client.get("/").get_data(as_text=True)
    main = home.split('<main id="main"', 1)[1]
    assert 'href="/proeftuinen/"' in main
    assert 'href="/proeftuinen/"' in home.split("</header>")[0]  # in the menu for everyone
    zone_page = client.get(f"/{s['zone'].slug}/").get_data(as_text=True)
    assert f'href="/proeftuinen/{s["id"]}/"' in zone_page
    assert "Zorgzame buurt Eeklo" in zone_page
    assert "Besloten werkgroep" not in zone_page
    listing = client.get("/proeftuinen/").get_data(as_text=True)
    assert "Zorgzame buurt Eeklo" in listing and "Besloten werkgroep" not in listing
