"""A zone's settings can be kept up to date after it was created: staff (and admins)
change its description, support threshold and response promise; admins seat zorgraad
members in a cluster, the PZON cluster included."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.accounts.models import ZoneRole
from burgerplatform.audit.models import AuditEvent
from burgerplatform.extensions import db
from burgerplatform.zones.models import ClusterKind, Role, Zone
from tests.conftest import Client, speak_english

URL = "/meetjesland/settings"


def settings(**overrides):
    data = {
        "description": "De eerstelijnszone van Eeklo, Maldegem en omliggende gemeenten.",
        "support_threshold": "15",
        "response_days": "60",
    }
    data.update(overrides)
    return data


def zone_row(app, zone_id):
    with app.app_context():
        zone = db.session.get(Zone, zone_id)
        db.session.expunge(zone)
        return zone


def test_zone_staff_change_the_description_threshold_and_promise_and_each_save_is_audited(
    app, make_client, make_zone, make_user
):
    zone = make_zone(slug="meetjesland", support_threshold=25, response_days=90)
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    speak_english(app, staff)
    client = make_client()
    client.login(staff.email)
    assert f'href="{URL}"' in client.get("/meetjesland/").get_data(as_text=True)
    assert client.post(URL, settings()).status_code == 302
    # Saved a second time, with a change.
    assert client.post(URL, settings(support_threshold="12")).status_code == 302
    stored = zone_row(app, zone.id)
    assert stored.support_threshold == 12 and stored.response_days == 60
    assert stored.description.startswith("De eerstelijnszone van Eeklo")
    page = client.get("/meetjesland/").get_data(as_text=True)
    # (The zone's page explains "eerstelijnszone" where it first appears: a link.)
    assert "van Eeklo, Maldegem en omliggende" in page and "once 12 people support it" in page
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "zone.settings_changed")
            .order_by(AuditEvent.id)
        ).all()
        assert [e.detail["changes"].get("support_threshold") for e in events] == [
            [25, 15],
            [15, 12],
        ]
        assert all(e.actor_id == staff.id and e.zone_id == zone.id for e in events)


def test_wrong_numbers_are_explained_in_dutch_and_what_was_typed_is_kept(app, make_zone, make_user):
    zone = make_zone(slug="meetjesland", support_threshold=25)
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    client = Client(app, language="nl")
    client.login(staff.email)
    response = client.post(URL, settings(support_threshold="0", response_days="veel"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Kies een getal vanaf 1." in html
    assert 'id="response_days-error"' in html and "Not a valid" not in html
    assert "De eerstelijnszone van Eeklo" in html  # kept
    assert zone_row(app, zone.id).support_threshold == 25


def test_citizens_and_another_zones_staff_cannot_change_a_zones_settings(
    app, make_client, make_zone, make_user
):
    zone = make_zone(slug="meetjesland", support_threshold=25)
    other = make_zone(slug="kbv")
    for person in (make_user(zone_id=zone.id), make_user(roles=[(other.id, Role.STAFF)])):
        client = make_client()
        client.login(person.email)
        assert client.get(URL).status_code == 403
        assert client.post(URL, settings(support_threshold="1")).status_code == 403
    assert zone_row(app, zone.id).support_threshold == 25


def test_an_admin_seats_a_zorgraad_member_in_the_pzon_cluster_from_the_admin_page(
    app, make_client, make_zone, make_user
):
    zone = make_zone(slug="meetjesland")
    admin = make_user(is_admin=True)
    citizen = make_user(zone_id=zone.id, email="marleen@example.org")
    speak_english(app, admin)
    client = make_client()
    client.login(admin.email)
    with app.app_context():
        pzon = next(
            c.id for c in db.session.get(Zone, zone.id).clusters if c.kind is ClusterKind.PZON
        )
    page = f"/admin/zones/{zone.id}"
    form = client.get(page).get_data(as_text=True)
    assert f'<option value="{pzon}">People with a care or support need (PZON)' in form
    appoint = {"email": citizen.email, "role": "zorgraad_member", "cluster": str(pzon)}
    assert client.post(page, appoint).status_code == 302
    assert client.post(page, appoint).status_code == 302  # twice: still one role
    with app.app_context():
        roles = db.session.scalars(select(ZoneRole).where(ZoneRole.user_id == citizen.id)).all()
        assert [(r.role, r.cluster_id) for r in roles] == [(Role.ZORGRAAD_MEMBER, pzon)]
    assert "(PZON)" in client.get(page).get_data(as_text=True).split("roles-title")[2]
    # Staff do not sit in a cluster: said next to the field.
    wrong = client.post(page, {"email": citizen.email, "role": "staff", "cluster": str(pzon)})
    assert wrong.status_code == 400
    assert "Only zorgraad members sit in a cluster." in wrong.get_data(as_text=True)
