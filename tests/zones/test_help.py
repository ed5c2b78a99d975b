"""Each zone's help page names a real person (phone, e-mail, address, opening hours) that
the zone's staff keep up to date; a problem with the site's accessibility reaches the
staff of that zone, and only them."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.notifications.models import Notification
from burgerplatform.zones.models import AccessibilityReport, Role, Zone
from tests.conftest import Client, speak_english
from tests.zones.test_settings import zone_row

SETTINGS = "/meetjesland/settings"
REPORT = "/meetjesland/help/report-a-problem"
REPORTS = "/meetjesland/help/reported-problems"


def contact(**overrides):
    data = {
        "description": "De eerstelijnszone van Eeklo en Maldegem.",
        "support_threshold": "15",
        "response_days": "60",
        "contact_name": "Els Van Damme",
        "contact_phone": "09 376 12 34",
        "contact_email": "burgers@elz.example.be",
        "contact_address": "Stationsstraat 12\n9900 Eeklo",
        "opening_hours": "Maandag tot donderdag, 9 tot 12 uur",
    }
    data.update(overrides)
    return data


def test_staff_fill_in_a_contact_person_and_each_zone_shows_its_own_on_its_help_page(
    app, make_client, make_zone, make_user
):
    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    make_zone(slug="kbv", name="ELZ Klein-Brabant Vaartland")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    client = make_client()
    client.login(staff.email)
    assert client.post(SETTINGS, contact()).status_code == 302
    visitor = Client(app, language="nl")
    page = visitor.get("/meetjesland/help").get_data(as_text=True)
    assert "Els Van Damme" in page
    assert 'href="tel:093761234"' in page and "09 376 12 34" in page
    assert 'href="mailto:burgers@elz.example.be"' in page
    assert "Stationsstraat 12" in page and "Maandag tot donderdag" in page
    assert "Zeg je het liever via de telefoon of op papier?" in page
    # The other zone has not filled in its own: it says so, and shows nobody else's.
    other = visitor.get("/kbv/help").get_data(as_text=True)
    assert "Els Van Damme" not in other and "09 376 12 34" not in other
    assert "contactgegevens nog niet ingevuld" in other
    # The zone's page and its footer lead to the help page.
    assert 'href="/meetjesland/help"' in visitor.get("/meetjesland/").get_data(as_text=True)


def test_a_wrong_phone_number_or_e_mail_is_explained_and_what_was_typed_is_kept(
    app, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    client = Client(app, language="nl")
    client.login(staff.email)
    response = client.post(SETTINGS, contact(contact_phone="bel mij maar", contact_name="Els"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Schrijf een telefoonnummer met 6 tot 15 cijfers" in html
    assert 'value="bel mij maar"' in html and 'value="Els"' in html
    response = client.post(SETTINGS, contact(contact_email="els-at-elz"))
    assert response.status_code == 400
    assert "Schrijf een e-mailadres zoals info@example.be." in response.get_data(as_text=True)
    response = client.post(SETTINGS, contact(opening_hours="x" * 501))
    assert response.status_code == 400
    stored = zone_row(app, zone.id)
    # Nothing half-written: not even the fields that were right.
    assert stored.contact_name == "" and stored.contact_phone is None
    assert stored.description == ""


def test_citizens_and_another_zones_staff_cannot_change_the_contact(
    app, make_client, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    other = make_zone(slug="kbv")
    for person in (make_user(zone_id=zone.id), make_user(roles=[(other.id, Role.STAFF)])):
        client = make_client()
        client.login(person.email)
        assert client.post(SETTINGS, contact(contact_name="Iemand anders")).status_code == 403
    assert zone_row(app, zone.id).contact_name == ""


def test_every_input_form_says_how_to_give_it_by_phone_or_on_paper(app, make_zone, make_user):
    zone = make_zone(slug="meetjesland")
    with app.app_context():
        stored = db.session.get(Zone, zone.id)
        stored.contact_phone, stored.contact_name = "09 376 12 34", "Els Van Damme"
        db.session.commit()
    citizen = make_user(zone_id=zone.id)
    speak_english(app, citizen)
    client = Client(app)
    client.login(citizen.email)
    for url in ("/meetjesland/initiatives/new", "/meetjesland/pool/", REPORT):
        page = client.get(url).get_data(as_text=True)
        assert "Rather say it by phone or on paper?" in page, url
        assert "Call Els Van Damme on 09 376 12 34" in page, url


def test_the_input_forms_include_the_phone_or_paper_answer():
    """Every template with a form where citizens write their input includes it."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    forms = (
        "initiatives/edit.html",  # a proposal
        "initiatives/show.html",  # a comment
        "consultations/_input.html",  # round input
        "consultations/show.html",  # a better question
        "consultations/_review.html",  # checking the advice
        "consultations/pool.html",  # joining the pool
        "proeftuinen/new_topic.html",
        "proeftuinen/topic.html",  # a reply
        "meetings/_corrections.html",  # a correction to minutes
        "zones/report_problem.html",
    )
    missing = [
        name
        for name in forms
        if '{% include "_partials/other_ways.html" %}' not in (templates / name).read_text()
    ]
    assert not missing


def test_a_reported_problem_reaches_the_staff_of_that_zone_only(
    app, make_client, make_zone, make_user
):
    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    other = make_zone(slug="kbv")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    other_staff = make_user(roles=[(other.id, Role.STAFF)])
    speak_english(app, staff)
    # A visitor who cannot log in can report too.
    visitor = Client(app)
    form = visitor.get(REPORT + "?page=/meetjesland/initiatives/").get_data(as_text=True)
    assert 'value="/meetjesland/initiatives/"' in form
    sent = visitor.post(
        REPORT,
        {
            "page": "/meetjesland/initiatives/",
            "problem": "Mijn schermlezer leest de knop Steun niet voor.",
            "reply_to": "an@example.org",
        },
    )
    assert sent.status_code == 302 and sent.headers["Location"] == "/meetjesland/help"
    with app.app_context():
        reports = db.session.scalars(select(AccessibilityReport)).all()
        assert [(r.zone_id, r.user_id, r.reply_to) for r in reports] == [
            (zone.id, None, "an@example.org")
        ]
        told = db.session.scalars(select(Notification.user_id)).all()
        assert told == [staff.id]
    client = make_client()
    client.login(staff.email)
    page = client.get(REPORTS).get_data(as_text=True)
    assert "Mijn schermlezer leest de knop Steun niet voor." in page
    assert "Answer to: an@example.org" in page
    notes = client.get("/notifications/").get_data(as_text=True)
    assert "Someone reported an accessibility problem on the platform of ELZ Meetjesland." in notes
    # Another zone's staff, a citizen and a visitor never see them.
    outsider = make_client()
    outsider.login(other_staff.email)
    assert outsider.get(REPORTS).status_code == 403
    assert "Steun niet voor" not in outsider.get("/kbv/help/reported-problems").get_data(
        as_text=True
    )
    assert Client(app).get(REPORTS).status_code in (302, 401)


def test_an_empty_report_is_refused_with_the_text_kept_and_nothing_stored(app, make_zone):
    make_zone(slug="meetjesland")
    visitor = Client(app, language="nl")
    response = visitor.post(REPORT, {"page": "de startpagina", "problem": "   "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Vertel ons wat er misging." in html and 'value="de startpagina"' in html
    with app.app_context():
        assert db.session.scalars(select(AccessibilityReport)).all() == []


def test_reports_are_limited_per_person_and_the_text_is_kept(app, make_zone, rate_limits):
    make_zone(slug="meetjesland")
    rate_limits(ACCESSIBILITY_REPORT_RATE_LIMIT="2 per minute")
    visitor = Client(app)
    for n in range(2):
        assert visitor.post(REPORT, {"problem": f"Probleem {n}"}).status_code == 302
    refused = visitor.post(REPORT, {"problem": "Nog een probleem"})
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "Wait a minute" in html and "Nog een probleem" in html
    with app.app_context():
        assert len(db.session.scalars(select(AccessibilityReport)).all()) == 2


def test_a_citizens_reports_are_in_their_data_and_deleting_the_account_forgets_how_to_reach_them(
    app, make_zone, make_user
):
    from burgerplatform.accounts.models import User
    from burgerplatform.accounts.services import delete_account, export_data

    make_zone(slug="meetjesland")
    citizen = make_user()
    client = Client(app)
    client.login(citizen.email)
    data = {"problem": "De tekst is te klein.", "reply_to": "0470 12 34 56"}
    assert client.post(REPORT, data).status_code == 302
    with app.test_request_context():
        user = db.session.get(User, citizen.id)
        rows = export_data(user)["accessibility_reports"]
        assert [(r["problem"], r["reply_to"]) for r in rows] == [
            ("De tekst is te klein.", "0470 12 34 56")
        ]
        delete_account(user)
        db.session.commit()
        report = db.session.scalars(select(AccessibilityReport)).one()
        kept = (report.problem, report.reply_to, report.user_id)
        assert kept == ("De tekst is te klein.", "", None)
