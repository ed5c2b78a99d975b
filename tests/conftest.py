"""Shared fixtures.

The app is created once per test session, against SQLite by default or the database
in TEST_DATABASE_URL (PostgreSQL in CI). Every test starts with empty tables. Mail is
delivered by the real job runner to a real local SMTP server (aiosmtpd).
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from burgerplatform import create_app
from burgerplatform.extensions import db, limiter
from config import TestConfig

PASSWORD = "correct horse battery"
# Admins must use two-step login: make_user enrols them with this secret (unless told
# otherwise) and Client.login types the current code, as a person would from their app.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Hashing with the default scrypt costs ~50 ms; tests make many users.
FAST_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


class MailSink:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


@pytest.fixture(scope="session")
def smtp():
    sink = MailSink()
    with socket.socket() as probe:  # aiosmtpd cannot bind port 0 itself
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, sink
    controller.stop()


@pytest.fixture(scope="session")
def app(smtp):
    controller, _sink = smtp
    instance = tempfile.mkdtemp(prefix="bp-test-")
    os.environ["INSTANCE_PATH"] = instance
    application = create_app(TestConfig, MAIL_PORT=controller.port, MAIL_SERVER="127.0.0.1")
    # Limits are on (storage ready) but paused; the rate-limit tests switch them on.
    limiter.enabled = False
    with application.app_context():
        db.drop_all()
        db.create_all()
        db.session.remove()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(autouse=True)
def clean_db(app, smtp):
    # Any test that builds another app re-reads RATELIMIT_ENABLED; keep limits paused.
    limiter.enabled = False
    yield
    smtp[1].messages.clear()
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.session.remove()
    if "page_cache" in app.extensions:  # the app lives for the session; its pages do not
        app.extensions["page_cache"].clear()


@pytest.fixture
def ctx(app):
    """An app and request context for service tests (url_for works)."""
    with app.test_request_context(base_url="http://localhost"):
        yield
        db.session.rollback()


class Client:
    """The Flask test client with a helper that posts forms with their CSRF token."""

    TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

    def __init__(self, app, language: str = "en"):
        self.app = app
        # Assertions read English source strings unless a test asks for another language.
        self.raw = app.test_client()
        self.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = language

    def get(self, *args, **kwargs):
        return self.raw.get(*args, **kwargs)

    def token(self, page: str = "/privacy") -> str:
        html = self.raw.get(page).get_data(as_text=True)
        match = self.TOKEN_RE.search(html)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def post(self, url: str, data: dict | None = None, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.token()
        return self.raw.post(url, data=data, **kwargs)

    def login(self, email: str, password: str = PASSWORD):
        response = self.post("/login", {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        if response.headers["Location"] == "/login/two-step":
            response = self.post("/login/two-step", {"code": self.current_code(email)})
            assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response

    def current_code(self, email: str) -> str:
        """The code the person's app shows now. Each login in a test counts as the
        first in its 30-second window (the app would simply show the next code)."""
        import pyotp

        from burgerplatform.accounts.models import User

        with self.app.app_context():
            user = db.session.scalar(db.select(User).where(User.email == email.lower()))
            secret = user.totp_secret
            user.totp_last_step = None
            db.session.commit()
            db.session.remove()
        return pyotp.TOTP(secret).now()

    def logout(self):
        return self.post("/logout")


@pytest.fixture
def client(app):
    return Client(app)


@pytest.fixture
def make_client(app):
    return lambda: Client(app)


def _detach(obj):
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


@pytest.fixture
def make_zone(app):
    from burgerplatform.zones.services import create_zone

    counter = {"n": 0}

    def factory(**overrides):
        counter["n"] += 1
        values = {
            "slug": f"zone-{counter['n']}",
            "name": f"ELZ Testzone {counter['n']}",
            "municipalities": ["Eeklo", "Maldegem"],
        }
        values.update(overrides)
        with app.app_context():
            zone = create_zone(**values)
            db.session.commit()
            return _detach(zone)

    return factory


@pytest.fixture
def make_user(app):
    from burgerplatform.accounts.models import Consent, User
    from burgerplatform.core.db import utcnow
    from burgerplatform.zones.models import Role, Zone
    from burgerplatform.zones.services import appoint

    counter = {"n": 0}

    def factory(roles: list[tuple[int, Role]] | None = None, confirmed: bool = True, **overrides):
        counter["n"] += 1
        values = {
            "email": f"person{counter['n']}@example.org",
            "display_name": f"Person {counter['n']}",
            "password_hash": FAST_HASH,
            "locale": "nl",
            "email_confirmed_at": utcnow() if confirmed else None,
        }
        if overrides.get("is_admin") and "totp_secret" not in overrides:
            values.update(totp_secret=TOTP_SECRET, totp_enabled_at=utcnow())
        values.update(overrides)
        with app.app_context():
            user = User(**values)
            user.consents.append(Consent(kind="privacy", version="2026-11"))
            db.session.add(user)
            db.session.flush()
            for zone_id, role in roles or []:
                appoint(user, db.session.get(Zone, zone_id), role)
            db.session.commit()
            return _detach(user)

    return factory


@pytest.fixture
def deliver(app, smtp):
    """Run the mail worker once; return every message the SMTP server has received."""
    from burgerplatform.core import jobs

    def run() -> list[EmailMessage]:
        with app.test_request_context(base_url="http://localhost"):
            jobs.run_pending()
            db.session.remove()
        return list(smtp[1].messages)

    return run


def mail_text(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message: EmailMessage) -> str:
    match = re.search(r"https?://\S+", mail_text(message))
    assert match, "no link in the mail"
    return match.group(0)


def count_rows(app, column) -> int:
    """How many rows a table holds now, e.g. count_rows(app, InitiativeComment.id)."""
    from sqlalchemy import func, select

    with app.app_context():
        n = db.session.scalar(select(func.count(column)))
        db.session.remove()
        return n


def speak_english(app, *people) -> None:
    """Give these users English pages, so assertions can read the source strings."""
    from burgerplatform.accounts.models import User

    with app.app_context():
        for person in people:
            db.session.get(User, person.id).locale = "en"
        db.session.commit()
        db.session.remove()


@pytest.fixture
def count_queries(app):
    """count_queries(fn) -> (result, number of SQL statements fn ran). For the rule that
    a page's query count must not grow with the data."""
    from sqlalchemy import event

    def run(fn):
        with app.app_context():
            engine = db.engine
        statements: list[str] = []

        def record(conn, cursor, statement, *args):
            statements.append(statement)

        event.listen(engine, "before_cursor_execute", record)
        try:
            result = fn()
        finally:
            event.remove(engine, "before_cursor_execute", record)
        return result, len(statements)

    return run


@pytest.fixture
def rate_limits(app, monkeypatch):
    """rate_limits(SETTING="3 per minute", ...): switch the limiter on with these limits
    (read per request from the config) for this test only, with empty counters."""

    def switch_on(**settings):
        for name, value in settings.items():
            monkeypatch.setitem(app.config, name, value)
        limiter.reset()
        limiter.enabled = True

    yield switch_on
    limiter.enabled = False
    limiter.reset()
