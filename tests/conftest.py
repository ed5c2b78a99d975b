"""Shared fixtures.

The app is created once per test session (once per pytest-xdist worker), against SQLite
by default or the database in TEST_DATABASE_URL (PostgreSQL in CI; each xdist worker
uses its own database, `<name>_gw0`, `<name>_gw1`…, created when missing). Every test
starts with empty tables. Mail is delivered by the real job runner to a real local SMTP
server (aiosmtpd).

Speed, without changing what a test sees: the test database does not wait for the disk
(SQLite `synchronous=OFF` with its rollback journal in memory, PostgreSQL
`synchronous_commit=off`: a commit is as atomic and as visible, only not crash-safe), and
test users get a cheap password hash (FAST_HASH).
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import tempfile
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from flask_sqlalchemy.session import Session as FlaskSQLAlchemySession
from sqlalchemy import create_engine, event, exists, literal, make_url, select, text, union_all
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


def pytest_configure(config):
    """The `commits` marker; under pytest-xdist every worker gets a database of its own."""
    config.addinivalue_line(
        "markers",
        "commits: the test commits for real (another connection, thread or app must see "
        "its data); its tables are emptied afterwards instead of rolled back",
    )
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("TEST_DATABASE_URL")
    if worker and url and not url.startswith("sqlite"):
        os.environ["TEST_DATABASE_URL"] = _database_for_worker(url, worker)
    # SQLite needs nothing: every process makes its own file in its own instance folder.


def _database_for_worker(url: str, worker: str) -> str:
    base = make_url(url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _no_disk_waits(engine) -> None:
    """Commits that do not wait for the disk; applied to every new connection."""
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # The same locking as the default rollback journal, kept in memory.
            cursor.execute("PRAGMA journal_mode=MEMORY")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.close()

    elif engine.dialect.name == "postgresql":

        @event.listens_for(engine, "do_connect")
        def _postgresql(_dialect, _record, _cargs, cparams):
            options = cparams.get("options", "")
            cparams["options"] = f"{options} -c synchronous_commit=off".strip()

    engine.dispose()  # connections made before the listeners are not reused


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
        _no_disk_waits(db.engine)
        db.drop_all()
        db.create_all()
        _stamp_migration_heads()
        db.session.remove()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def _stamp_migration_heads() -> None:
    """The tables come from the models (faster than migrating); say they are at the
    migration heads, as `flask db upgrade` would, so /healthz sees a current schema."""
    from burgerplatform.core.health import schema_heads

    with db.engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL)")
        )
        connection.execute(text("DELETE FROM alembic_version"))
        for head in sorted(schema_heads()):
            connection.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": head})


def _empty_tables() -> None:
    """Delete every row, outside the app's session (so the page cache's data version is
    not bumped into a fresh row: the tables are really empty afterwards)."""
    tables = list(reversed(db.metadata.sorted_tables))
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(t.name for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


def _tables_with_rows() -> list[str]:
    """The tables that hold a row: one statement, cheap enough to run after every test."""
    checks = [
        select(literal(t.name).label("name")).where(exists().select_from(t))
        for t in db.metadata.sorted_tables
    ]
    return sorted(db.session.scalars(union_all(*checks)))


class _BoundSession(FlaskSQLAlchemySession):
    """Flask-SQLAlchemy's session always picks the app's engine; this one uses the
    connection it was made for, so that all its work lands in the test's transaction."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind if bind is not None else self.bind


@contextmanager
def _rolled_back(app):
    """Run the test inside one transaction that is rolled back at the end.

    Every session of the test (each app context has its own, as in the app) is bound to
    one connection in that transaction, with join_transaction_mode="create_savepoint":
    a session's commit releases its SAVEPOINT and its rollback returns to it, so the
    app's commits and rollbacks behave as they do on their own, and nothing is left.
    (SQLAlchemy's "Joining a Session into an External Transaction"; indico's fixture.)
    """
    from burgerplatform.core import page_cache

    with app.app_context():
        engine = db.engine
    connection = engine.connect()
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        # pysqlite starts transactions lazily and so breaks SAVEPOINT; the workaround from
        # the SQLAlchemy docs, on this connection only: we emit BEGIN ourselves.
        dbapi_connection = connection.connection.dbapi_connection
        dbapi_connection.isolation_level = None
        event.listen(connection, "begin", _emit_begin)
    # The page cache bumps its data version at a commit that wrote; here a session's
    # commit is a RELEASE of its savepoint.
    event.listen(connection, "release_savepoint", _savepoint_committed)
    event.listen(connection, "rollback_savepoint", _savepoint_rolled_back)
    # The savepoints are ours, not the app's: sent on the DBAPI cursor so that statement
    # listeners (query counts, the page cache's write tracking) see only the app's SQL,
    # as they see no BEGIN or COMMIT in the app either.
    dialect = engine.dialect
    dialect.do_savepoint = _raw("SAVEPOINT {}")
    dialect.do_release_savepoint = _raw("RELEASE SAVEPOINT {}")
    dialect.do_rollback_to_savepoint = _raw("ROLLBACK TO SAVEPOINT {}")
    outer = connection.begin()
    original = db.session
    db.session = db._make_scoped_session(
        {"class_": _BoundSession, "bind": connection, "join_transaction_mode": "create_savepoint"}
    )
    try:
        yield
    finally:
        # App contexts remove their session when they end; close any still open.
        for session in list(db.session.registry.registry.values()):
            session.close()
        db.session = original
        outer.rollback()
        del dialect.do_savepoint, dialect.do_release_savepoint, dialect.do_rollback_to_savepoint
        if sqlite:
            event.remove(connection, "begin", _emit_begin)
            dbapi_connection.isolation_level = ""  # pysqlite's default again
        event.remove(connection, "release_savepoint", _savepoint_committed)
        event.remove(connection, "rollback_savepoint", _savepoint_rolled_back)
        connection.info.pop(page_cache.IN_SESSION, None)
        connection.close()


def _raw(sql: str):
    def execute(connection, name: str) -> None:
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(sql.format(connection.dialect.identifier_preparer.quote(name)))
        finally:
            cursor.close()

    return execute


def _emit_begin(connection) -> None:
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        cursor.execute("BEGIN")
    finally:
        cursor.close()


def _savepoint_committed(connection, _name, _context) -> None:
    from burgerplatform.core import page_cache

    page_cache._before_commit(connection)


def _savepoint_rolled_back(connection, _name, _context) -> None:
    from burgerplatform.core import page_cache

    page_cache._forget_writes(connection)


def _needs_real_commits(request) -> bool:
    """Tests marked `commits` (another connection, thread or app must see the data; the
    browser tests' live server) run on committed data, emptied afterwards."""
    return request.node.get_closest_marker("commits") is not None


class DrawClock:
    """The draws' clock in tests (`draws.utcnow`): the real time, moved on by
    `number_is_known`. A list is published before the moment its number is known (a day
    from its start at the earliest: tomorrow), and the number entered after it, so a test
    lets that moment pass instead of waiting for it."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.ahead

    def today(self) -> date:
        """The clock's day in the platform's time zone."""
        return self().astimezone(ZoneInfo("Europe/Brussels")).date()

    def number_is_known(self) -> None:
        self.ahead += timedelta(days=1)


DRAW_CLOCK = DrawClock()


@pytest.fixture(autouse=True)
def draw_clock(monkeypatch):
    from burgerplatform.consultations import draws

    DRAW_CLOCK.ahead = timedelta(0)
    monkeypatch.setattr(draws, "utcnow", DRAW_CLOCK)
    return DRAW_CLOCK


@pytest.fixture(autouse=True)
def clean_db(request, app, smtp):
    """Every test starts with empty tables. Most tests run in a transaction that is
    rolled back (fast); tests marked `commits` commit for real and the tables are emptied
    after them. Either way, tables holding rows after a test fail that test."""
    # Any test that builds another app re-reads RATELIMIT_ENABLED; keep limits paused.
    limiter.enabled = False
    if _needs_real_commits(request):
        yield
        with app.app_context():
            db.session.remove()
            _empty_tables()
            db.session.remove()
        left = []
    else:
        with _rolled_back(app):
            yield
        with app.app_context():
            left = _tables_with_rows()
            if left:
                _empty_tables()
            db.session.remove()
    smtp[1].messages.clear()
    if "page_cache" in app.extensions:  # the app lives for the session; its pages do not
        app.extensions["page_cache"].clear()
    if left:
        pytest.fail(
            "rows were left behind by a test that runs in a rolled-back transaction "
            f"(in {', '.join(left)}): mark it @pytest.mark.commits if it needs another "
            "connection, thread or app to see its data",
            pytrace=False,
        )


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
        # A form that creates something refuses a post without its one-time key
        # (core.forms.OnceForm): send a fresh one as the page would, for the form and for
        # every prefixed form the data names. `form_key=None` sends none.
        for prefix in {""} | {name.rsplit("-", 1)[0] + "-" for name in data if "-" in name}:
            data.setdefault(prefix + "form_key", secrets.token_urlsafe(24))
        data = {n: v for n, v in data.items() if not (n.endswith("form_key") and v is None)}
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


_TERM = re.compile(r'<dfn class="term"><a [^>]*>(?:<abbr [^>]*>)?(.*?)(?:</abbr>)?</a></dfn>')


def without_terms(html: str) -> str:
    """A page's HTML with the glossary's explanations (site/glossary.py) unwrapped, for
    tests that look for a sentence in which a domain word is explained."""
    return _TERM.sub(r"\1", html)


def speak(app, language: str, *people) -> None:
    """Give these users pages in `language` (their own setting wins over the browser's)."""
    from burgerplatform.accounts.models import User

    with app.app_context():
        for person in people:
            db.session.get(User, person.id).locale = language
        db.session.commit()
        db.session.remove()


def speak_english(app, *people) -> None:
    """Give these users English pages, so assertions can read the source strings."""
    speak(app, "en", *people)


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
