"""Helpers for the account-lifecycle tests: copied cookies and sessions on other devices."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.extensions import db
from tests.conftest import Client

COOKIES = ("session", "remember_token")


def copy_cookies(client: Client) -> dict[str, str]:
    """What someone who copied this browser's cookies holds."""
    found = {}
    for name in COOKIES:
        cookie = client.raw.get_cookie(name)
        if cookie is not None:
            found[name] = cookie.value
    return found


def with_cookies(app, cookies: dict[str, str]) -> Client:
    thief = Client(app)
    for name, value in cookies.items():
        thief.raw.set_cookie(name, value)
    return thief


def opens_account(app, cookies: dict[str, str]) -> bool:
    return with_cookies(app, cookies).get("/account").status_code == 200


def stored(app, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        db.session.remove()
        return user


def planted_session(app, user_id: int) -> Client:
    """A browser holding a session of this account as it is now (e.g. one opened before
    the address was confirmed), made the way Flask-Login makes it."""
    from burgerplatform.core.security import client_identifier

    browser = Client(app)
    browser.get("/privacy")
    with app.app_context():
        version = db.session.get(User, user_id).session_version
        db.session.remove()
    environ = {
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_USER_AGENT": browser.raw.environ_base.get("HTTP_USER_AGENT", ""),
    }
    with app.test_request_context(environ_base=environ):
        ident = client_identifier()
    with browser.raw.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{version}"
        session["_fresh"] = True
        session["_id"] = ident
    return browser
