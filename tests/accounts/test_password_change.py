"""Changing (or setting) the password while logged in, from "Mijn account"."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.audit.models import AuditEvent
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.conftest import PASSWORD, mail_text

NEW = "een nieuw lang wachtwoord"


def test_my_account_page_offers_to_change_my_password(client, make_user):
    make_user(email="an@example.org", locale="en")
    client.login("an@example.org")
    page = client.get("/account").get_data(as_text=True)
    assert 'href="/account/password"' in page


def test_i_change_my_password_stay_logged_in_and_my_other_devices_are_logged_out(
    make_client, make_user, deliver
):
    make_user(email="an@example.org", locale="en")
    other, person = make_client(), make_client()
    other.login("an@example.org")
    person.login("an@example.org")
    deliver()
    response = person.post(
        "/account/password", {"current": PASSWORD, "password": NEW, "confirm": NEW}
    )
    assert response.headers["Location"] == "/account"
    assert person.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
    mails = [m for m in deliver() if "an@example.org" in str(m["To"])]
    assert "password" in str(mails[-1]["Subject"]).lower()
    assert "/password/forgot" in mail_text(mails[-1])
    assert (
        make_client().post("/login", {"email": "an@example.org", "password": PASSWORD}).status_code
        == 400
    )
    make_client().login("an@example.org", NEW)


def test_a_wrong_current_password_is_refused_in_dutch_and_nothing_typed_is_shown_again(
    client, make_user
):
    make_user(email="an@example.org", locale="nl")
    client.login("an@example.org")
    client.get("/language/nl")
    response = client.post(
        "/account/password",
        {"current": "niet mijn wachtwoord", "password": NEW, "confirm": NEW},
        headers={"Accept-Language": "nl"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "huidige wachtwoord" in page
    assert "niet mijn wachtwoord" not in page and NEW not in page
    client.logout()
    client.login("an@example.org", PASSWORD)  # unchanged


def test_a_new_password_follows_the_registration_rules(client, make_user):
    make_user(email="an@example.org", locale="en")
    client.login("an@example.org")
    short = client.post(
        "/account/password", {"current": PASSWORD, "password": "kort", "confirm": "kort"}
    )
    assert short.status_code == 400
    assert "at least 10 characters" in short.get_data(as_text=True)
    different = client.post(
        "/account/password", {"current": PASSWORD, "password": NEW, "confirm": NEW + "x"}
    )
    assert different.status_code == 400


def test_an_account_without_a_password_can_set_one_without_a_current_password(client, make_user):
    make_user(email="an@example.org", locale="en", password_hash=None)
    with client.app.app_context():
        from burgerplatform.accounts.models import User

        user_id = db.session.scalar(select(User.id))
        db.session.remove()
    from tests.accounts.lifecycle_support import planted_session

    browser = planted_session(client.app, user_id)
    page = browser.get("/account/password").get_data(as_text=True)
    assert 'name="current"' not in page
    response = browser.post("/account/password", {"password": NEW, "confirm": NEW})
    assert response.headers["Location"] == "/account"
    browser.logout()
    browser.login("an@example.org", NEW)


def test_a_staff_members_password_change_is_in_the_audit_log(app, client, make_user, make_zone):
    zone = make_zone()
    make_user(email="an@example.org", locale="en", roles=[(zone.id, Role.STAFF)])
    client.login("an@example.org")
    client.post("/account/password", {"current": PASSWORD, "password": NEW, "confirm": NEW})
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
        db.session.remove()
    assert "account.password_changed" in actions
