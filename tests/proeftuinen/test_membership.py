"""Opening a proeftuin, invitations (also for people without an account), leaving,
removal with a reason, coach notes, the moderation log and the coach's dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.moderation.models import ModerationAction
from burgerplatform.proeftuinen.models import Invitation, Membership, Proeftuin, Visibility
from burgerplatform.zones.models import Role
from tests.conftest import link_in
from tests.proeftuinen.helpers import add_topic, setup_proeftuin


def invitation_path(messages, email: str) -> str:
    mail = [m for m in messages if email in str(m["To"])][-1]
    return re.sub(r"^https?://[^/]+", "", link_in(mail))


def test_a_coach_opens_a_proeftuin_and_becomes_its_coach(app, client, make_zone, make_user):
    zone = make_zone()
    coach = make_user(roles=[(zone.id, Role.COACH)])
    client.login(coach.email)
    response = client.post(
        "/proeftuinen/new",
        {"name": "PZON-cluster", "description": "", "zone": "0", "visibility": "members_only"},
    )
    assert response.status_code == 302
    with app.app_context():
        proeftuin = db.session.scalar(select(Proeftuin))
        assert proeftuin.zone_id is None  # a citizen initiative outside any zone
        assert proeftuin.visibility is Visibility.MEMBERS_ONLY
        assert [m.user_id for m in proeftuin.memberships] == [coach.id]
        assert proeftuin.memberships[0].role.value == "coach"


def test_citizens_and_staff_cannot_open_a_proeftuin(app, client, make_zone, make_user):
    zone = make_zone()
    client.login(make_user(roles=[(zone.id, Role.STAFF)]).email)
    assert client.get("/proeftuinen/new").status_code == 403
    assert client.post("/proeftuinen/new", {"name": "x", "visibility": "public"}).status_code == 403


def test_an_invalid_proeftuin_form_keeps_what_was_typed(app, client, make_zone, make_user):
    zone = make_zone()
    client.login(make_user(roles=[(zone.id, Role.COACH)]).email)
    response = client.post("/proeftuinen/new", {"name": "", "description": "Mijn uitleg"})
    assert response.status_code == 400
    assert "Mijn uitleg" in response.get_data(as_text=True)


def test_an_invited_person_with_an_account_logs_in_and_joins(
    app, client, make_client, make_zone, make_user, deliver
):
    s = setup_proeftuin(app, make_zone, make_user, members=0)
    an = make_user(display_name="An")
    client.login(s["coach"].email)
    assert (
        client.post(f"/proeftuinen/{s['id']}/invitations", {"email": an.email.upper()}).status_code
        == 302
    )
    path = invitation_path(deliver(), an.email)
    visitor = make_client()
    page = visitor.get(path).get_data(as_text=True)
    assert "/login?next=" in page
    visitor.login(an.email)
    assert visitor.post(path).status_code == 302
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
        assert invitation.accepted_by_id == an.id and invitation.accepted_at is not None
        assert db.session.scalar(select(Membership).where(Membership.user_id == an.id))


def test_an_invited_person_without_an_account_creates_one_and_joins(
    app, client, make_client, make_zone, make_user, deliver
):
    s = setup_proeftuin(app, make_zone, make_user, members=0)
    client.login(s["coach"].email)
    client.post(f"/proeftuinen/{s['id']}/invitations", {"email": "jef@example.org"})
    path = invitation_path(deliver(), "jef@example.org")
    visitor = make_client()
    refused = visitor.post(path, {"display_name": "Jef", "locale": "nl"})  # no consent
    assert refused.status_code == 400 and 'value="Jef"' in refused.get_data(as_text=True)
    response = visitor.post(
        path, {"display_name": "Jef", "password": "", "locale": "nl", "consent": "y"}
    )
    assert response.status_code == 302
    assert visitor.get(f"/proeftuinen/{s['id']}/members").status_code == 200  # logged in
    with app.app_context():
        jef = db.session.scalar(select(User).where(User.email == "jef@example.org"))
        assert jef.email_confirmed_at is not None
        assert db.session.scalar(select(Invitation)).accepted_by_id == jef.id


def test_a_wrong_or_expired_invitation_explains_itself(app, client, make_zone, make_user, deliver):
    s = setup_proeftuin(app, make_zone, make_user, members=0)
    assert client.get("/proeftuinen/invitations/not-a-token").status_code == 404
    client.login(s["coach"].email)
    client.post(f"/proeftuinen/{s['id']}/invitations", {"email": "x@example.org"})
    path = invitation_path(deliver(), "x@example.org")
    with app.app_context():
        db.session.scalar(select(Invitation)).expires_at = utcnow() - timedelta(days=1)
        db.session.commit()
    assert client.get(path).status_code == 404


def test_inviting_a_member_twice_or_a_bad_address_is_refused(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    url = f"/proeftuinen/{s['id']}/invitations"
    assert client.post(url, {"email": s["members"][0].email}).status_code == 400
    response = client.post(url, {"email": "geen-adres"})
    assert response.status_code == 400 and 'value="geen-adres"' in response.get_data(as_text=True)


def test_a_member_leaves_and_the_last_coach_cannot(app, client, make_client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    member = make_client()
    member.login(s["members"][0].email)
    assert member.post(f"/proeftuinen/{s['id']}/leave").status_code == 302
    assert member.get(f"/proeftuinen/{s['id']}/").status_code == 404
    client.login(s["coach"].email)
    client.post(f"/proeftuinen/{s['id']}/leave")
    assert client.get(f"/proeftuinen/{s['id']}/notes").status_code == 200  # still coach


def test_a_coach_removes_a_member_with_a_reason_in_the_log(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    jef = s["members"][1]
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id).where(Membership.user_id == jef.id))
    client.login(s["coach"].email)
    url = f"/proeftuinen/{s['id']}/members/{membership_id}/remove"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Herhaaldelijk beledigend"}).status_code == 302
    with app.app_context():
        membership = db.session.get(Membership, membership_id)
        assert membership.left_at is not None
        assert membership.removed_reason == "Herhaaldelijk beledigend"
        action = db.session.scalar(select(ModerationAction))
        assert action.action.value == "remove_member" and action.space == f"proeftuin:{s['id']}"
    removed = make_client()
    removed.login(jef.email)
    assert removed.get(f"/proeftuinen/{s['id']}/").status_code == 404


def test_coach_notes_are_private_to_coaches(app, client, make_client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    assert client.post(f"/proeftuinen/{s['id']}/notes", {"body": ""}).status_code == 400
    client.post(f"/proeftuinen/{s['id']}/notes", {"body": "An twijfelt, **bellen**."})
    assert "<strong>bellen</strong>" in client.get(f"/proeftuinen/{s['id']}/notes").get_data(
        as_text=True
    )
    member = make_client()
    member.login(s["members"][0].email)
    assert member.get(f"/proeftuinen/{s['id']}/notes").status_code == 403
    for url in [f"/proeftuinen/{s['id']}/", f"/proeftuinen/{s['id']}/members"]:
        assert "bellen" not in member.get(url).get_data(as_text=True)


def test_members_see_the_log_without_the_private_notes(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    tid, _ = add_topic(app, s["id"], s["members"][0].id)
    client.login(s["coach"].email)
    client.post(f"/proeftuinen/{s['id']}/topics/{tid}/lock", {"reason": "Pauze"})
    with app.app_context():
        entry = db.session.scalar(select(ModerationAction))
        entry.note = "Interne afspraak met Jef"
        db.session.commit()
    assert "Interne afspraak" in client.get(f"/proeftuinen/{s['id']}/moderation-log").get_data(
        as_text=True
    )
    member = make_client()
    member.login(s["members"][0].email)
    page = member.get(f"/proeftuinen/{s['id']}/moderation-log").get_data(as_text=True)
    assert "Interne afspraak" not in page
    assert "<tbody>" in page


def test_the_dashboard_lists_what_needs_attention_across_zones(
    app, client, make_client, make_zone, make_user
):
    first = setup_proeftuin(app, make_zone, make_user)
    second_zone = make_zone()
    with app.app_context():
        from burgerplatform.zones.models import Zone
        from burgerplatform.zones.services import appoint

        appoint(
            db.session.get(User, first["coach"].id),
            db.session.get(Zone, second_zone.id),
            Role.COACH,
        )
        db.session.commit()
    client.login(first["coach"].email)
    client.post(
        "/proeftuinen/new",
        {"name": "PZON Klein-Brabant", "zone": str(second_zone.id), "visibility": "public"},
    )
    tid, pid = add_topic(app, first["id"], first["members"][0].id, title="Nog geen antwoord")
    reporter = make_client()
    reporter.login(first["members"][1].email)
    reporter.post(f"/moderation/proeftuin_post/{pid}/report", {"reason": "spam", "text": "reclame"})
    page = client.get("/proeftuinen/coach").get_data(as_text=True)
    assert "PZON Klein-Brabant" in page and "Zorgzame buurt Eeklo" in page
    assert "Nog geen antwoord" in page
    assert f"/moderation/proeftuin_post/{pid}" in page
