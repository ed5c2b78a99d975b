"""A proeftuin invitation works once, only for the address it was sent to, and removal
ends it: a removed member cannot come back with the old link."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import Membership, Visibility
from tests.conftest import speak_english
from tests.proeftuinen.helpers import setup_proeftuin
from tests.proeftuinen.test_membership import invitation_path


def member_ids(app, proeftuin_id: int) -> set[int]:
    with app.app_context():
        ids = set(
            db.session.scalars(
                select(Membership.user_id).where(
                    Membership.proeftuin_id == proeftuin_id, Membership.left_at.is_(None)
                )
            )
        )
        db.session.remove()
        return ids


def invite(client, s, email, deliver) -> str:
    response = client.post(f"/proeftuinen/{s['id']}/invitations", {"email": email})
    assert response.status_code == 302
    return invitation_path(deliver(), email)


def remove(client, app, s, user) -> None:
    with app.app_context():
        membership_id = db.session.scalar(
            select(Membership.id).where(
                Membership.user_id == user.id, Membership.proeftuin_id == s["id"]
            )
        )
        db.session.remove()
    url = f"/proeftuinen/{s['id']}/members/{membership_id}/remove"
    assert client.post(url, {"reason": "Herhaaldelijk beledigend"}).status_code == 302


def test_a_removed_member_cannot_rejoin_with_the_old_invitation(
    app, client, make_client, make_zone, make_user, deliver
):
    s = setup_proeftuin(app, make_zone, make_user, Visibility.MEMBERS_ONLY, members=0)
    an = make_user(email="an@example.org", display_name="An")
    speak_english(app, an)
    client.login(s["coach"].email)
    path = invite(client, s, an.email, deliver)
    an_client = make_client()
    an_client.login(an.email)
    assert an_client.post(path).status_code == 302
    assert an.id in member_ids(app, s["id"])
    remove(client, app, s, an)

    page = an_client.get(path)
    assert page.status_code == 410
    assert "used already" in page.get_data(as_text=True)
    assert an_client.post(path).status_code == 410
    assert an.id not in member_ids(app, s["id"])
    assert an_client.get(f"/proeftuinen/{s['id']}/").status_code == 404
    # The coach may still invite them again on purpose: a new link works.
    again = invite(client, s, an.email, deliver)
    assert an_client.post(again).status_code == 302
    assert an.id in member_ids(app, s["id"])


def test_removal_ends_a_reminder_invitation_that_was_never_opened(
    app, client, make_client, make_zone, make_user, deliver
):
    s = setup_proeftuin(app, make_zone, make_user, Visibility.MEMBERS_ONLY, members=0)
    an = make_user(email="an@example.org", display_name="An")
    client.login(s["coach"].email)
    first = invite(client, s, an.email, deliver)
    reminder = invite(client, s, an.email, deliver)
    an_client = make_client()
    an_client.login(an.email)
    assert an_client.post(first).status_code == 302
    remove(client, app, s, an)
    assert an_client.get(reminder).status_code == 404
    assert an_client.post(reminder).status_code == 404
    assert an.id not in member_ids(app, s["id"])


def test_an_invitation_opened_by_another_account_shows_the_address_and_changes_nothing(
    app, client, make_client, make_zone, make_user, deliver
):
    s = setup_proeftuin(app, make_zone, make_user, Visibility.MEMBERS_ONLY, members=0)
    an = make_user(email="an@example.org", display_name="An")
    jef = make_user(email="jef@example.org", display_name="Jef")
    client.login(s["coach"].email)
    path = invite(client, s, an.email, deliver)
    jef_client = make_client()
    jef_client.login(jef.email)
    for response in (jef_client.get(path), jef_client.post(path)):
        html = response.get_data(as_text=True)
        assert response.status_code == 403
        assert "a***@example.org" in html and an.email not in html
        assert f'name="next" value="{path}"' in html  # log out, log in as An, come back
    assert jef.id not in member_ids(app, s["id"])
    # An can still accept it.
    an_client = make_client()
    an_client.login(an.email)
    assert an_client.post(path).status_code == 302
    assert an.id in member_ids(app, s["id"])


def test_an_invitation_works_once_even_for_a_new_account(
    app, client, make_client, make_zone, make_user, deliver
):
    s = setup_proeftuin(app, make_zone, make_user, Visibility.MEMBERS_ONLY, members=0)
    client.login(s["coach"].email)
    path = invite(client, s, "nieuw@example.org", deliver)
    visitor = make_client()
    created = visitor.post(
        path,
        {"display_name": "Nieuw", "password": "", "locale": "nl", "consent": "y"},
    )
    assert created.status_code == 302
    # The new member presses again (back button): harmless, still a member.
    assert visitor.post(path).status_code == 302
    # Someone else with the same link (a forwarded mail): the link is spent.
    other = make_client()
    assert other.get(path).status_code == 410
    assert (
        other.post(
            path, {"display_name": "Ander", "password": "", "locale": "nl", "consent": "y"}
        ).status_code
        == 410
    )
