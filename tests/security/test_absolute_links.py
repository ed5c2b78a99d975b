"""Links in mails, feeds and calendars point at the platform, whatever the request says.

An attacker who sends `Host: evil.example` (or `X-Forwarded-Host` behind a proxy) to the
password-reset form must not get a reset link to their own server mailed to the victim.
Every absolute URL comes from BASE_URL (core/urls.py) and other hosts are refused.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from burgerplatform import create_app
from burgerplatform.core import jobs
from burgerplatform.extensions import db
from config import TestConfig
from tests.conftest import Client, mail_text
from tests.security.mail_flows import MAIL_ROUTES, build_scene, pages_with_absolute_urls

EVIL = "evil.example"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scene(app, make_zone, make_user):
    return build_scene(app, make_zone, make_user)


def queued_mails(app) -> int:
    with app.app_context():
        n = db.session.scalar(
            db.select(db.func.count(jobs.Job.id)).where(jobs.Job.kind == "send_mail")
        )
        db.session.remove()
        return n


def run_every_flow(app, scene, **headers):
    """Each mail-producing route once, then each page that prints absolute URLs, every
    request (the form's token too) with `headers`; returns the responses."""

    def with_headers(client):
        plain = client.raw.open

        def send(*args, **kwargs):
            kwargs["headers"] = {**headers, **dict(kwargs.get("headers") or {})}
            return plain(*args, **kwargs)

        client.raw.open = send

    def make_client(actor=None):
        client = Client(app)
        if app.config["TRUSTED_HOSTS"]:
            # Log in and take the form's token from the right host: the other is refused.
            if actor:
                client.login(actor)
            token = client.token()
            client.token = lambda page=None: token
            with_headers(client)
        else:
            with_headers(client)
            if actor:
                client.login(actor)
        return client

    responses = []
    for n, (endpoint, route) in enumerate(MAIL_ROUTES.items()):
        client = make_client(route.actor(scene))
        if route.prepare:
            route.prepare(app, scene)
        responses.append((endpoint, route.send(client, scene, n)))
    visitor = make_client()
    for page in pages_with_absolute_urls(scene):
        responses.append((page, visitor.raw.get(page)))
    return responses


@pytest.mark.parametrize(
    "headers",
    [{"Host": EVIL}, {"Host": f"{EVIL}:443"}, {"Host": "localhost.evil.example"}],
    ids=["host", "host-with-port", "host-lookalike"],
)
def test_a_request_for_another_host_is_refused_and_mails_nothing(app, scene, headers):
    before = queued_mails(app)
    for what, response in run_every_flow(app, scene, **headers):
        assert response.status_code == 400, what
        assert EVIL not in response.get_data(as_text=True), what
    assert queued_mails(app) == before


def test_behind_a_proxy_a_forwarded_host_is_refused_and_mails_nothing(
    app, scene, smtp, monkeypatch
):
    monkeypatch.setenv("TRUST_PROXY", "1")
    proxied = create_app(TestConfig, MAIL_PORT=smtp[0].port, MAIL_SERVER="127.0.0.1")
    try:
        before = queued_mails(app)
        for what, response in run_every_flow(proxied, scene, **{"X-Forwarded-Host": EVIL}):
            assert response.status_code == 400, what
            assert EVIL not in response.get_data(as_text=True), what
        assert queued_mails(app) == before
        # The proxy's own host is served as usual.
        own = Client(proxied).raw.get("/privacy", headers={"X-Forwarded-Host": "localhost"})
        assert own.status_code == 200
    finally:
        with proxied.app_context():
            db.session.remove()
            db.engine.dispose()


def test_every_mailed_link_and_printed_url_points_at_base_url_even_without_the_host_check(
    app, scene, deliver, monkeypatch
):
    """Defence in depth: with the host check switched off (an operator's mistake), the
    links are still built from BASE_URL, never from the request."""
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)
    monkeypatch.setitem(app.config, "BASE_URL", "https://burgers.example.be")
    for what, response in run_every_flow(app, scene, Host=EVIL):
        assert response.status_code < 400, what
        body = response.get_data(as_text=True)
        assert EVIL not in body, what
        if what.endswith((".xml", ".ics")):
            assert "https://burgers.example.be/" in body, what
    # The co-author accepts: the authors' notification mail links to the initiative too.
    mails = deliver()
    assert len(mails) >= len(MAIL_ROUTES)
    for mail in mails:
        text = mail_text(mail)
        html = mail.get_body(preferencelist=("html",)).get_content()
        assert EVIL not in text + html + str(mail["Message-ID"]), mail["Subject"]
        assert "https://burgers.example.be/" in text, mail["Subject"]


def test_a_notification_mail_links_to_base_url_even_when_sent_from_another_host(
    app, scene, deliver, monkeypatch
):
    from burgerplatform.accounts.models import User
    from burgerplatform.notifications.services import notify

    monkeypatch.setitem(app.config, "BASE_URL", "https://burgers.example.be")
    monkeypatch.setitem(app.config, "TRUSTED_HOSTS", None)
    with app.test_request_context(base_url=f"http://{EVIL}"):
        person = db.session.scalar(db.select(User).where(User.email == scene.author_email))
        notify([person], "initiative.coauthor_joined", {"title": "T", "name": "N"}, "/privacy")
        db.session.commit()
    (mail,) = deliver()
    assert "https://burgers.example.be/privacy" in mail_text(mail)
    assert EVIL not in mail_text(mail)


# --- The static half: no code builds an absolute URL from the request -------------------

FORBIDDEN_ATTRIBUTES = {"host_url", "url_root", "host", "base_url", "root_url"}


def _python_offences(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "_external":
            found.append(f"{path}:{node.lineno}: _external=")
        if (
            isinstance(node, ast.Attribute)
            and node.attr in FORBIDDEN_ATTRIBUTES
            and isinstance(node.value, ast.Name)
            and node.value.id == "request"
        ):
            found.append(f"{path}:{node.lineno}: request.{node.attr}")
    return found


def test_no_code_builds_an_absolute_url_from_the_request():
    helper = ROOT / "burgerplatform" / "core" / "urls.py"
    # The app's own url_for (links built from a template per shape): it hands a caller's
    # `_external` on to Flask's and never sets it.
    url_for_itself = ROOT / "burgerplatform" / "core" / "app.py"
    offences = []
    for path in sorted((ROOT / "burgerplatform").rglob("*.py")):
        if path not in (helper, url_for_itself):
            offences += _python_offences(path)
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.is_file():
            text = path.read_text()
            for needle in ("_external", "request.host", "request.url_root", "request.base_url"):
                if needle in text:
                    offences.append(f"{path}: {needle}")
    assert offences == []
