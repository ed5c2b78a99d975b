"""What each step in an account's life must end or erase (issue 12: trust).

Confirming an address by any route drops what someone else may have set up before
(account pre-hijacking); an address nobody confirms is freed after a week.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from burgerplatform.accounts import services
from burgerplatform.accounts.models import User
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from tests.conftest import PASSWORD, link_in

ATTACKER_PASSWORD = "chosen by the attacker"


def register(client, email="an@example.org", password=ATTACKER_PASSWORD, **extra):
    data = {
        "display_name": "An",
        "email": email,
        "password": password,
        "zone": "0",
        "locale": "en",
        "consent": "y",
    }
    data.update(extra)
    return client.post("/register", data)


def path_of(mail) -> str:
    return link_in(mail).replace("http://localhost", "")


def test_a_password_someone_else_chose_stops_working_once_the_owner_logs_in_by_link(
    make_client, deliver
):
    attacker, owner = make_client(), make_client()
    register(attacker)  # the real owner's address, the attacker's password
    deliver()
    owner.post("/login/link", {"email": "an@example.org"})
    owner.post(path_of(deliver()[-1]))
    assert owner.get("/account").status_code == 200
    response = attacker.post("/login", {"email": "an@example.org", "password": ATTACKER_PASSWORD})
    assert response.status_code == 400
    assert attacker.get("/account").status_code == 302


def test_a_password_someone_else_chose_stops_working_once_the_owner_confirms_elsewhere(
    make_client, deliver
):
    attacker, owner = make_client(), make_client()
    register(attacker)
    owner.get(path_of(deliver()[-1]))  # the owner opens the confirmation mail
    assert owner.get("/account").status_code == 200
    page = owner.get("/account").get_data(as_text=True)
    assert "no longer works" not in page  # the flash was shown on the redirect
    response = attacker.post("/login", {"email": "an@example.org", "password": ATTACKER_PASSWORD})
    assert response.status_code == 400


def test_a_password_chosen_at_registration_still_works_when_confirmed_in_the_same_browser(
    client, deliver
):
    register(client, password=PASSWORD)
    client.get(path_of(deliver()[-1]))
    client.logout()
    client.login("an@example.org", PASSWORD)


def test_an_account_made_without_a_password_lands_logged_in_after_confirming(client, deliver):
    register(client, password="")
    response = client.get(path_of(deliver()[-1]))
    assert response.headers["Location"] == "/account"
    assert client.get("/account").status_code == 200


def test_an_address_nobody_confirms_is_free_again_after_a_week(app, client, deliver, make_user):
    register(client)
    kept = make_user(email="confirmed@example.org")
    with app.app_context():
        db.session.execute(update(User).values(created_at=utcnow() - timedelta(days=8)))
        db.session.commit()
    with app.test_request_context():
        assert services.expire_unconfirmed() == 1
        db.session.commit()
        assert services.get_by_email("an@example.org") is None
        assert db.session.get(User, kept.id).deleted_at is None
    # The real owner can now register the address.
    fresh = client.__class__(app)
    assert register(fresh, password=PASSWORD).status_code == 302


def test_the_worker_schedules_the_removal_of_unconfirmed_accounts(app):
    from burgerplatform.core import jobs

    with app.test_request_context():
        services.schedule_next_expiry()
        services.schedule_next_expiry()
        db.session.commit()
        kinds = db.session.scalars(
            select(jobs.Job.kind).where(jobs.Job.kind == "expire_unconfirmed_accounts")
        ).all()
        assert kinds == ["expire_unconfirmed_accounts"]
