"""The audit log: what is written by construction, the looks at pool data, the admin page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from burgerplatform.audit.models import AuditEvent
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role


def events(app) -> list[AuditEvent]:
    with app.app_context():
        rows = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        for row in rows:
            db.session.expunge(row)
        db.session.remove()
        return rows


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEvent.id)))


@pytest.fixture
def zone(make_zone):
    return make_zone(slug="meetjesland", name="ELZ Meetjesland")


@pytest.fixture
def staff(make_user, zone):
    return make_user(email="sofie@example.org", display_name="Sofie", roles=[(zone.id, Role.STAFF)])


@pytest.fixture
def admin(make_user):
    return make_user(email="boss@example.org", display_name="Boss", is_admin=True)


def new_question(client, slug: str, label: str = "Do you use a wheelchair?"):
    return client.post(
        f"/{slug}/pool/overview",
        {"label": label, "values": "Yes\nNo", "sensitive": "y"},
    )


def test_a_staff_change_writes_exactly_one_event_without_the_form_contents(
    client, app, zone, staff
):
    client.login(staff.email)
    before = count(app)
    response = new_question(client, zone.slug, "Secret health question")
    assert response.status_code == 302
    written = events(app)[before:]
    assert len(written) == 1
    event = written[0]
    assert event.action == "pool.overview"
    assert (event.method, event.path) == ("POST", f"/{zone.slug}/pool/overview")
    assert event.actor_id == staff.id and event.zone_id == zone.id
    assert "Sofie" in event.actor_name and event.actor_roles == f"staff:{zone.slug}"
    assert "Secret health question" not in json.dumps(event.detail)
    assert event.ip == "127.0.0.0/24"  # the network, not the address


def test_a_citizen_post_writes_no_event(client, app, zone, make_user):
    citizen = make_user(email="an@example.org", zone_id=zone.id)
    client.login(citizen.email)
    before = count(app)
    response = client.post(
        f"/{zone.slug}/initiatives/new",
        {"title": "Een bank bij de apotheek", "draft_key": "k" * 24},
    )
    assert response.status_code == 302
    assert count(app) == before


def test_a_refused_or_failed_staff_post_logs_no_change_only_the_look_at_the_page(
    client, app, zone, staff
):
    client.login(staff.email)
    before = count(app)
    assert new_question(client, zone.slug, "").status_code == 400  # invalid form
    expired = client.post(f"/{zone.slug}/pool/overview", {"label": "x", "csrf_token": "bad"})
    assert expired.status_code == 400
    # Both re-rendered the overview (counts of sensitive answers): two looks, no change.
    assert [e.action for e in events(app)[before:]] == ["pool.viewed", "pool.viewed"]


def test_staff_of_another_zone_acting_as_a_citizen_there_writes_no_event(
    client, app, make_zone, make_user
):
    other = make_zone()
    home = make_zone()
    person = make_user(zone_id=other.id, roles=[(home.id, Role.STAFF)])
    client.login(person.email)
    before = count(app)
    draft = {"title": "Idee", "draft_key": "q" * 24}
    response = client.post(f"/{other.slug}/initiatives/new", draft)
    assert response.status_code == 302
    assert count(app) == before


def test_looking_at_the_pool_overview_is_logged_as_a_look(client, app, zone, staff):
    client.login(staff.email)
    before = count(app)
    assert client.get(f"/{zone.slug}/pool/overview").status_code == 200
    written = events(app)[before:]
    assert [(e.action, e.method, e.target_type, e.target_id) for e in written] == [
        ("pool.viewed", "GET", "zone", zone.id)
    ]
    assert written[0].detail == {"view": "overview"}
    assert written[0].actor_id == staff.id


def test_an_admins_change_is_logged_as_admin(client, app, admin):
    client.login(admin.email)
    before = count(app)
    response = client.post(
        "/admin/",
        {
            "name": "ELZ Waasland",
            "slug": "waasland",
            "municipalities": "Temse",
            "response_days": "60",
            "support_threshold": "10",
        },
    )
    assert response.status_code == 302
    written = [e for e in events(app)[before:] if e.action == "admin.index"]
    assert len(written) == 1 and written[0].actor_roles == "admin"


def test_only_admins_see_the_audit_log(client, make_client, app, zone, staff, admin):
    client.login(staff.email)
    assert client.get("/admin/audit/").status_code == 403
    assert client.get("/admin/audit/export.csv").status_code == 403
    assert make_client().get("/admin/audit/").status_code == 302  # to the login page

    client.get(f"/{zone.slug}/pool/overview")  # a look to be seen
    boss = make_client()
    boss.login(admin.email)
    index = boss.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/audit/"' in index
    page = boss.get("/admin/audit/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "pool.viewed" in html and "Sofie &lt;sofie@example.org&gt;" in html
    assert "ELZ Meetjesland" in html


def test_the_audit_log_filters_by_zone_actor_action_and_date(
    client, make_client, app, make_zone, make_user, zone, staff, admin
):
    other = make_zone(name="ELZ Andere")
    other_staff = make_user(
        email="koen@example.org", display_name="Koen", roles=[(other.id, Role.STAFF)]
    )
    client.login(staff.email)
    client.get(f"/{zone.slug}/pool/overview")
    new_question(client, zone.slug)
    them = make_client()
    them.login(other_staff.email)
    them.get(f"/{other.slug}/pool/overview")

    boss = make_client()
    boss.login(admin.email)

    def shown(**args) -> str:
        response = boss.get("/admin/audit/", query_string=args)
        assert response.status_code == 200
        return response.get_data(as_text=True)

    by_zone = shown(zone=other.id)
    assert "Koen" in by_zone and "Sofie" not in by_zone
    by_actor = shown(actor="sofie@")
    assert "Sofie" in by_actor and "Koen" not in by_actor
    by_action = shown(action="pool.overview")
    assert "pool.overview" in by_action and "pool.viewed" not in by_action
    assert "Geen gebeurtenissen voor deze filters" in shown(date_to="2020-01-01")  # none match
    assert "Sofie" in shown(date_from="2020-01-01")
    bad = boss.get("/admin/audit/", query_string={"date_from": "yesterday"})
    assert bad.status_code == 400


def test_the_audit_log_pages_by_keyset_newest_first(client, app, zone, admin):
    from burgerplatform.audit import services

    with app.test_request_context():
        for i in range(services.PAGE_SIZE + 20):
            services.record("test.event", target_type="thing", target_id=i, zone_id=zone.id)
        db.session.commit()
    client.login(admin.email)
    first = client.get("/admin/audit/", query_string={"action": "test."}).get_data(as_text=True)
    assert first.count("<code>test.event</code>") == services.PAGE_SIZE
    assert f"thing {services.PAGE_SIZE + 19}" in first  # newest first
    older = first.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "before=" in older and "action=test." in older
    second = client.get(older.replace("&amp;", "&")).get_data(as_text=True)
    assert second.count("<code>test.event</code>") == 20
    assert "thing 0<" in second and 'rel="next"' not in second


def test_the_csv_export_holds_every_matching_event_and_is_itself_logged(
    client, make_client, app, zone, staff, admin
):
    client.login(staff.email)
    client.get(f"/{zone.slug}/pool/overview")
    new_question(client, zone.slug)
    boss = make_client()
    boss.login(admin.email)
    response = boss.get("/admin/audit/export.csv", query_string={"zone": zone.id})
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["action"] for r in rows] == ["pool.viewed", "pool.overview"]
    assert rows[0]["zone"] == zone.slug and rows[0]["actor_id"] == str(staff.id)
    assert json.loads(rows[0]["detail"]) == {"view": "overview"}
    assert rows[1]["method"] == "POST" and rows[1]["actor_roles"] == f"staff:{zone.slug}"
    exported = [e for e in events(app) if e.action == "audit.exported"]
    assert len(exported) == 1 and exported[0].actor_id == admin.id


def test_the_csv_export_neutralises_spreadsheet_formulas(client, app, admin):
    from burgerplatform.audit import services

    with app.test_request_context():
        services.record('=HYPERLINK("http://evil")')
        db.session.commit()
    client.login(admin.email)
    body = client.get("/admin/audit/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in body


def test_the_secret_in_a_link_is_never_logged(app, make_user):
    from burgerplatform.accounts.models import User
    from burgerplatform.audit import services

    person = make_user()
    with app.test_request_context("/login/link/SECRET-TOKEN", method="POST"):
        event = services.record("account.logged_in", actor=db.session.get(User, person.id))
        assert event.path == "/login/link/<token>"
        assert "SECRET" not in json.dumps(event.detail)
        db.session.rollback()
