"""The accessibility statement (the Flemish model of the EU directive) and the privacy
notice say who is responsible, how to reach them and where to complain."""

from __future__ import annotations

from pathlib import Path

from burgerplatform.extensions import db
from burgerplatform.site.accessibility import CHECKS, STATEMENT_DATE
from burgerplatform.zones.models import Zone
from tests.conftest import Client

ROOT = Path(__file__).resolve().parents[2]


def _with_contact(app, zone, **contact):
    with app.app_context():
        stored = db.session.get(Zone, zone.id)
        for key, value in contact.items():
            setattr(stored, key, value)
        db.session.commit()


def test_the_statement_names_the_standard_the_checks_the_date_and_the_complaints_route(
    app, make_zone
):
    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    _with_contact(app, zone, contact_phone="09 376 12 34")
    page = Client(app, language="nl").get("/toegankelijkheid").get_data(as_text=True)
    assert "<h1>Toegankelijkheidsverklaring</h1>" in page
    assert "WCAG 2.2 niveau AA" in page and "EN 301 549" in page
    assert "voor een deel" in page  # partially compliant: the exceptions are listed
    assert "decreet van 7 december 2018" in page
    assert "5 december 2026" in page and STATEMENT_DATE.year == 2026
    for check in CHECKS:
        for name in check.files:
            assert name in page
    assert 'href="/meetjesland/help/report-a-problem"' in page and "09 376 12 34" in page
    assert "Vlaamse Ombudsdienst" in page and "klachten@vlaamseombudsdienst.be" in page
    # Every page leads to it.
    assert 'href="/toegankelijkheid"' in Client(app).get("/").get_data(as_text=True)


def test_the_checks_the_statement_names_exist():
    named = [name for check in CHECKS for name in check.files]
    assert named and all((ROOT / name).is_file() for name in named), [
        name for name in named if not (ROOT / name).is_file()
    ]


def test_the_privacy_notice_names_the_zone_as_controller_its_contact_and_the_authority(
    app, make_zone, make_user
):
    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    other = make_zone(slug="kbv", name="ELZ Klein-Brabant Vaartland")
    _with_contact(
        app,
        zone,
        contact_name="Els Van Damme",
        contact_email="privacy@elz.example.be",
        contact_address="Stationsstraat 12, 9900 Eeklo",
    )
    visitor = Client(app, language="nl").get("/privacy").get_data(as_text=True)
    assert "verwerkingsverantwoordelijke" in visitor
    assert "ELZ Meetjesland, Els Van Damme, Stationsstraat 12, 9900 Eeklo" in visitor
    assert 'href="mailto:privacy@elz.example.be"' in visitor
    assert "Klein-Brabant Vaartland" in visitor  # a visitor: every zone
    assert "Gegevensbeschermingsautoriteit" in visitor and "contact@apd-gba.be" in visitor
    # A citizen of a zone reads about their own zone only.
    citizen = make_user(zone_id=other.id)
    client = Client(app, language="nl")
    client.login(citizen.email)
    own = client.get("/privacy").get_data(as_text=True)
    assert "Klein-Brabant Vaartland" in own and "Els Van Damme" not in own
