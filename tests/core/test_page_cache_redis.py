"""The page cache in Redis: every process (every gunicorn worker on every server) serves
the pages another one stored, a write makes all of them render again, and a Redis that is
away never costs a page. Needs Redis at 127.0.0.1:6379 (skipped without it); each test
keeps its keys under its own prefix."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from flask import template_rendered

from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone
from tests.conftest import Client
from tests.core.test_page_cache import rename_zone, without_token

REDIS_URL = "redis://127.0.0.1:6379/0"


def _redis(url: str):
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=1)


@pytest.fixture
def prefix():
    """A key prefix of this test's own; its keys are deleted afterwards."""
    import redis

    client = _redis(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not running at {REDIS_URL}: the shared page cache is untested")
    name = f"bp-test:{uuid.uuid4().hex}:page:"
    yield name
    for key in client.scan_iter(match=name + "*"):
        client.delete(key)
    client.close()


@pytest.fixture
def server_app(app):
    """server_app(**config) -> another app on the test's database with the Redis store, as
    a second gunicorn worker or a second server would run it."""
    from burgerplatform import create_app
    from config import TestConfig

    made = []

    def make(**config):
        other = create_app(
            TestConfig,
            PAGE_CACHE_BACKEND="redis",
            SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
            **config,
        )
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


class Renders:
    """Which templates each app rendered: none for a page served from the cache."""

    def __init__(self, *apps) -> None:
        self.seen: dict[object, list[str]] = {a: [] for a in apps}
        for a in apps:
            template_rendered.connect(self.record, a)

    def record(self, sender, template, context, **extra) -> None:
        self.seen[sender].append(template.name)

    def take(self, app) -> list[str]:
        names, self.seen[app] = self.seen[app], []
        return names


def visitor(app) -> Client:
    client = Client(app)
    client.get("/privacy")  # a returning visitor: the session cookie is set
    return client


def keys(prefix: str) -> list[bytes]:
    return list(_redis(REDIS_URL).scan_iter(match=prefix + "*"))


@pytest.mark.commits  # two more apps on the same database must see the data
def test_a_page_stored_by_one_server_is_served_by_the_other(make_zone, server_app, prefix):
    zone = make_zone(name="ELZ Meetjesland")
    one = server_app(REDIS_URL=REDIS_URL, PAGE_CACHE_REDIS_PREFIX=prefix)
    two = server_app(REDIS_URL=REDIS_URL, PAGE_CACHE_REDIS_PREFIX=prefix)
    renders = Renders(one, two)
    first_visitor, second_visitor = visitor(one), visitor(two)
    renders.take(one), renders.take(two)

    first = first_visitor.get(f"/{zone.slug}/")
    assert first.status_code == 200 and renders.take(one)
    assert len(keys(prefix)) == 1
    second = second_visitor.get(f"/{zone.slug}/")
    assert second.status_code == 200 and renders.take(two) == []
    assert without_token(second.get_data(as_text=True)) == without_token(
        first.get_data(as_text=True)
    )
    # The other way round: the home page stored by the second, served by the first.
    assert second_visitor.get("/").status_code == 200 and renders.take(two)
    assert first_visitor.get("/").status_code == 200 and renders.take(one) == []
    # Each visitor still gets their own token, and their form is accepted. (The token is
    # signed with the second it was made in: compare what is signed, not the signature.)
    in_page = Client.TOKEN_RE.search(second.get_data(as_text=True)).group(1)
    assert in_page.split(".")[0] == second_visitor.token().split(".")[0]


@pytest.mark.commits
def test_a_write_makes_every_server_render_the_new_page(app, make_zone, server_app, prefix):
    zone = make_zone(name="ELZ Meetjesland")
    one = server_app(REDIS_URL=REDIS_URL, PAGE_CACHE_REDIS_PREFIX=prefix)
    two = server_app(REDIS_URL=REDIS_URL, PAGE_CACHE_REDIS_PREFIX=prefix)
    renders = Renders(one, two)
    first_visitor, second_visitor = visitor(one), visitor(two)
    first_visitor.get(f"/{zone.slug}/"), second_visitor.get(f"/{zone.slug}/")
    renders.take(one), renders.take(two)

    rename_zone(one, zone.id, "ELZ Waasland")  # a write through one server

    for _app, client in ((one, first_visitor), (two, second_visitor)):
        page = client.get(f"/{zone.slug}/").get_data(as_text=True)
        assert "Waasland" in page and "Meetjesland" not in page
    assert renders.take(one) and renders.take(two) == []  # the second used the first's page
    with app.app_context():
        assert db.session.get(Zone, zone.id).name == "ELZ Waasland"


@pytest.mark.commits
def test_logged_in_pages_and_flashed_messages_are_never_put_in_redis(
    app, make_zone, make_user, server_app, prefix
):
    zone = make_zone()
    user = make_user(email="lid@example.org")
    one = server_app(REDIS_URL=REDIS_URL, PAGE_CACHE_REDIS_PREFIX=prefix)
    member = Client(one)
    member.login(user.email)
    assert member.get(f"/{zone.slug}/").status_code == 200
    assert member.get("/").status_code == 200
    assert keys(prefix) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, on a free port, that the test may stop."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not shutil.which(binary):
        pytest.skip("redis-server is not installed: a stopped Redis is untested")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [binary, "--port", str(port), "--save", "", "--appendonly", "no", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        try:
            _redis(url).ping()
            break
        except Exception:
            time.sleep(0.1)
    yield url, process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.commits
def test_pages_are_served_while_redis_is_stopped_and_it_is_logged_once(
    make_zone, server_app, own_redis, caplog, monkeypatch
):
    # A migration test in the same process ran Alembic's fileConfig, which disables the
    # loggers that existed then.
    monkeypatch.setattr(logging.getLogger("burgerplatform"), "disabled", False)
    url, process = own_redis
    zone = make_zone(name="ELZ Meetjesland")
    one = server_app(REDIS_URL=url)
    renders = Renders(one)
    reader = visitor(one)
    assert reader.get(f"/{zone.slug}/").status_code == 200
    renders.take(one)
    assert reader.get(f"/{zone.slug}/").status_code == 200 and renders.take(one) == []

    process.terminate()
    process.wait(timeout=10)
    caplog.set_level(logging.WARNING, logger="burgerplatform")
    started = time.monotonic()
    for _ in range(3):
        page = reader.get(f"/{zone.slug}/")
        assert page.status_code == 200 and "Meetjesland" in page.get_data(as_text=True)
        assert renders.take(one)  # rendered, as without a cache
    assert time.monotonic() - started < 5
    warnings = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.commits
def test_a_redis_that_never_answered_costs_no_page(make_zone, server_app):
    zone = make_zone()
    # Port 1 on this machine: nothing listens, the connection is refused.
    one = server_app(REDIS_URL="redis://127.0.0.1:1/0")
    reader = visitor(one)
    for _ in range(2):
        assert reader.get(f"/{zone.slug}/").status_code == 200
        assert reader.get("/").status_code == 200
