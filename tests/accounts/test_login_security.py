"""The login promises of issue #7 that are not about two-step login: a modern password
hash, links that expire and stay bound to their address, a fresh session at login."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from burgerplatform.accounts.models import AuthToken, User
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from tests.conftest import PASSWORD, link_in


def test_passwords_are_stored_with_scrypt_never_in_plain(client, app):
    client.post(
        "/register",
        {
            "display_name": "An",
            "email": "an@example.org",
            "password": PASSWORD,
            "zone": "0",
            "locale": "nl",
            "consent": "y",
        },
    )
    with app.app_context():
        stored = db.session.scalar(select(User.password_hash))
    assert stored.startswith("scrypt:") and PASSWORD not in stored


def login_link(client, deliver, email: str) -> str:
    client.post("/login/link", {"email": email})
    return link_in(deliver()[-1]).replace("http://localhost", "")


def test_a_login_link_stops_working_after_its_lifetime(client, app, make_user, deliver):
    make_user(email="an@example.org")
    path = login_link(client, deliver, "an@example.org")
    with app.app_context():
        db.session.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = client.post(path)
    assert response.headers["Location"] == "/login/link"
    assert client.get("/account").status_code == 302


def test_a_login_link_only_works_for_the_address_it_was_sent_to(client, app, make_user, deliver):
    user = make_user(email="an@example.org")
    path = login_link(client, deliver, "an@example.org")
    with app.app_context():
        db.session.get(User, user.id).email = "an.new@example.org"
        db.session.commit()
    assert client.post(path).headers["Location"] == "/login/link"
    assert client.get("/account").status_code == 302


def test_a_new_login_link_makes_the_older_one_stop_working(client, make_user, deliver):
    make_user(email="an@example.org")
    older = login_link(client, deliver, "an@example.org")
    newer = login_link(client, deliver, "an@example.org")
    assert client.post(older).headers["Location"] == "/login/link"
    assert client.post(newer).headers["Location"] == "/"


def test_logging_in_starts_a_fresh_session(client, make_user):
    make_user(email="an@example.org")
    client.get("/login")
    with client.raw.session_transaction() as session:
        session["planted"] = "by someone else"
        session["lang"] = "fr"
    client.login("an@example.org")
    with client.raw.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "fr"  # the chosen language is kept
        assert session["_user_id"]  # and the person is logged in


def test_keep_me_logged_in_survives_a_closed_browser_and_the_next_pages(client, make_user):
    make_user(email="an@example.org")
    client.post("/login", {"email": "an@example.org", "password": PASSWORD, "remember": "y"})
    client.raw.delete_cookie("session")  # the browser was closed: only the remember cookie
    for _ in range(3):
        page = client.get("/account")
        assert page.status_code == 200, "sent to the login page instead of the account"


# --- The pause per account counts failures only (issue 12, second review) -------------


def _login(app, email: str, password: str, i: int) -> int:
    from tests.conftest import Client

    visitor = Client(app)  # a new browser on another network address each time
    network = {"REMOTE_ADDR": f"10.1.0.{i}"}
    data = {"email": email, "password": password}
    return visitor.post("/login", data, environ_base=network).status_code


def test_many_correct_logins_in_a_row_never_pause_the_account(app, make_user, rate_limits):
    """The review: 10 correct logins from 10 addresses, the 11th got 429."""
    rate_limits()
    make_user(email="an@example.org")
    assert [_login(app, "an@example.org", PASSWORD, i) for i in range(25)] == [302] * 25


def test_failed_logins_pause_the_account_and_then_the_right_password_too(
    app, make_user, rate_limits
):
    rate_limits()
    make_user(email="an@example.org")
    failed = [_login(app, "AN@example.org", "wrong guess!", i) for i in range(10)]
    assert failed == [400] * 10
    assert _login(app, "an@example.org", PASSWORD, 99) == 429


def test_a_successful_login_forgets_the_failed_ones_before_it(app, make_user, rate_limits):
    rate_limits()
    make_user(email="an@example.org")
    for round_ in range(3):
        assert [_login(app, "an@example.org", "wrong!", i) for i in range(9)] == [400] * 9
        assert _login(app, "an@example.org", PASSWORD, 50 + round_) == 302


def test_an_unknown_address_is_paused_after_as_many_failures_as_a_known_one(
    app, make_user, rate_limits
):
    rate_limits()
    make_user(email="an@example.org")
    for email in ("an@example.org", "nobody@example.org"):
        assert [_login(app, email, "wrong!", i) for i in range(11)] == [400] * 10 + [429]


def confirm_path(message) -> str:
    return link_in(message).replace("http://localhost", "")


def test_someone_trying_to_log_in_with_my_address_does_not_kill_my_confirmation_link(
    app, make_client, deliver
):
    owner, stranger = make_client(), make_client()
    owner.post(
        "/register",
        {
            "display_name": "An",
            "email": "an@example.org",
            "password": PASSWORD,
            "zone": "0",
            "locale": "nl",
            "consent": "y",
        },
    )
    first = confirm_path(deliver()[-1])
    # A password-login attempt with the still-unconfirmed address mails a new link ...
    stranger.post("/login", {"email": "an@example.org", "password": PASSWORD})
    second = confirm_path(deliver()[-1])
    assert second != first
    # ... but the owner's first link still works, and once used, the other one ends.
    assert owner.get(first).headers["Location"] == "/account"
    assert owner.get("/account").status_code == 200
    assert make_client().get(second).headers["Location"] == "/login/link"


def test_a_used_login_link_ends_the_other_login_links_of_the_account(
    make_client, deliver, make_user
):
    make_user(email="an@example.org")
    browser = make_client()
    older = login_link(browser, deliver, "an@example.org")
    newer = login_link(browser, deliver, "an@example.org")
    assert browser.post(newer).headers["Location"] == "/"
    assert make_client().post(older).headers["Location"] == "/login/link"


def _remembered_for(client) -> float:
    """Days until the remember cookie the last response set expires."""
    from datetime import UTC, datetime

    cookie = client.raw.get_cookie("remember_token")
    assert cookie is not None
    expires = cookie.expires.replace(tzinfo=cookie.expires.tzinfo or UTC)
    return (expires - datetime.now(UTC)).total_seconds() / 86400


def test_keep_me_logged_in_lasts_a_year_for_a_citizen_and_a_week_for_zone_staff(
    client, make_user, make_zone
):
    from burgerplatform.zones.models import Role

    zone = make_zone()
    make_user(email="an@example.org")
    make_user(email="staff@example.org", roles=[(zone.id, Role.STAFF)])
    client.post("/login", {"email": "an@example.org", "password": PASSWORD, "remember": "y"})
    assert 364 < _remembered_for(client) <= 365
    client.post("/logout", {})
    client.post("/login", {"email": "staff@example.org", "password": PASSWORD, "remember": "y"})
    assert 6.9 < _remembered_for(client) <= 7


def test_keep_me_logged_in_lasts_half_a_day_for_an_admin(app, make_user):
    from burgerplatform.accounts.services import remember_for

    admin = make_user(email="root@example.org", is_admin=True)
    with app.app_context():
        from burgerplatform.accounts.models import User
        from burgerplatform.extensions import db

        assert remember_for(db.session.get(User, admin.id)).total_seconds() == 12 * 3600
