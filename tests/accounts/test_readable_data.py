"""Besides the JSON file, a person can read their data as a page in their language."""

from __future__ import annotations

import re

from tests.conftest import Client


def test_a_citizen_reads_their_data_as_a_page_in_dutch_with_dates_written_out(
    app, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    an = make_user(zone_id=zone.id, display_name="An", email="an@example.org")
    client = Client(app, language="nl")
    client.login(an.email)
    account = client.get("/account").get_data(as_text=True)
    assert 'href="/account/export"' in account and 'href="/account/export.json"' in account
    response = client.get("/account/export")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Je account" in html and "E-mailadres" in html and "an@example.org" in html
    assert "meetjesland" in html
    created = html.split("Aangemaakt op</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert "2026" in created and not re.search(r"\d{4}-\d\d-\d\dT", created)
    assert '"display_name"' not in html and "display_name" not in html
    assert client.get("/account/export.json").mimetype == "application/json"


def test_the_readable_data_page_needs_a_login(client):
    assert client.get("/account/export").status_code == 302
