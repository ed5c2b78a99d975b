"""The page cache: anonymous visitors get a stored page, never older than the last write,
never with another visitor's token, never someone's personal page."""

from __future__ import annotations

import html
import re

import pytest
from flask import template_rendered
from sqlalchemy import text, update

from burgerplatform.core import jobs
from burgerplatform.core.page_cache import VERSION_QUERY
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone
from tests.conftest import Client, without_terms
from tests.initiatives import conftest as initiative_fixtures

BASE = "/meetjesland/initiatives"
# The zone with its people, and initiatives in any status (tests/initiatives/conftest.py).
world = initiative_fixtures.world
make_initiative = initiative_fixtures.make_initiative
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def cache(app):
    return app.extensions["page_cache"]


@pytest.fixture
def rendered(app):
    """rendered() -> the templates rendered since the last call: none for a stored page."""
    seen: list[str] = []

    def record(sender, template, context, **extra):
        seen.append(template.name)

    template_rendered.connect(record, app)

    def take() -> list[str]:
        names = list(seen)
        seen.clear()
        return names

    yield take
    template_rendered.disconnect(record, app)


@pytest.fixture
def visit(count_queries):
    """visit(client, url, **kw) -> (response, SQL statements it ran)."""

    def run(client, url: str, method: str = "get", **kwargs):
        return count_queries(lambda: getattr(client.raw, method)(url, **kwargs))

    return run


def without_token(body: str) -> str:
    return TOKEN.sub("", body)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    # The text a reader sees: the glossary's explanations unwrapped, entities decoded.
    return html.unescape(without_terms(response.get_data(as_text=True)))


def anonymous(app, language: str = "en") -> Client:
    visitor = Client(app, language)
    visitor.get("/privacy")  # a returning visitor: the session cookie is set
    return visitor


def rename_zone(app, zone_id: int, name: str) -> None:
    with app.app_context():
        db.session.get(Zone, zone_id).name = name
        db.session.commit()
        db.session.remove()


# --- Hits ----------------------------------------------------------------------------


def test_a_second_anonymous_visit_gets_the_same_page_without_running_the_view(
    app, make_zone, rendered, visit, monkeypatch
):
    import burgerplatform.site.views as site_views

    zone = make_zone(name="ELZ Meetjesland")
    visitor = anonymous(app)
    calls = []
    real = site_views.list_zones
    monkeypatch.setattr(site_views, "list_zones", lambda: calls.append(1) or real())
    rendered()
    first, first_sql = visit(visitor, "/")
    assert rendered() == ["site/home.html"] and calls == [1]
    second, second_sql = visit(visitor, "/")
    assert rendered() == [] and calls == [1]
    assert second_sql == 1 < first_sql  # the data version only
    assert "ELZ</abbr> Meetjesland" in second.get_data(as_text=True)
    assert without_token(second.get_data(as_text=True)) == without_token(
        first.get_data(as_text=True)
    )
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    assert second.headers["Vary"] == first.headers["Vary"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]

    # A zone page: the zone is looked up from the URL before any view; nothing more.
    visit(visitor, f"/{zone.slug}/")
    rendered()
    _response, sql = visit(visitor, f"/{zone.slug}/")
    assert rendered() == [] and sql == 2


def test_the_data_version_is_read_before_anything_the_page_shows(app, make_zone, count_queries):
    zone = make_zone()
    visitor = anonymous(app)
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert visitor.get(f"/{zone.slug}/").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    # Anything read before the version could be older than it, and stored under it.
    assert "cache_versions" in statements[0]
    assert "FROM zones" in statements[1]


def test_the_api_and_the_feed_are_served_from_memory_with_their_headers(app, make_zone, visit):
    zone = make_zone()
    visitor = anonymous(app)
    first, _ = visit(visitor, "/api/v1/zones")
    second, sql = visit(visitor, "/api/v1/zones")
    assert sql == 1
    assert second.get_data() == first.get_data()
    assert second.mimetype == "application/json"
    assert second.cache_control.public and second.headers["ETag"] == first.headers["ETag"]

    feed = f"/{zone.slug}/what-happened/feed.xml"
    visit(visitor, feed)
    again, sql = visit(visitor, feed)
    assert sql == 2 and again.mimetype == "application/atom+xml"
    # The feed's links come from BASE_URL; another host name is refused, never stored.
    other, _ = visit(visitor, feed, base_url="http://elders.example")
    assert other.status_code == 400 and "elders.example" not in other.get_data(as_text=True)
    assert "http://localhost/" in again.get_data(as_text=True)


def test_head_and_304_are_answered_from_memory(app, make_zone, visit):
    zone = make_zone()
    url = f"/{zone.slug}/"
    visitor = anonymous(app)
    full, _ = visit(visitor, url)
    head, sql = visit(visitor, url, method="head")
    assert sql == 2 and head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Length"] == str(len(full.get_data()))
    stored, sql = visit(visitor, url)
    assert sql == 2
    # The ETag leaves the token out: the stored page has the rendered one's validator.
    assert stored.headers["ETag"] == full.headers["ETag"]
    assert stored.headers["ETag"].startswith('W/"') and stored.cache_control.private
    unchanged, sql = visit(visitor, url, headers={"If-None-Match": stored.headers["ETag"]})
    assert sql == 2 and unchanged.status_code == 304 and unchanged.get_data() == b""


# --- Every committed write shows at once ---------------------------------------------


def test_a_comment_and_a_support_are_on_the_next_anonymous_view(
    app, make_client, world, make_initiative, rendered
):
    ini = make_initiative("published")
    url = f"{BASE}/{ini}"
    visitor = anonymous(app)
    assert "0 supports" in page(visitor, url)
    page(visitor, url)
    citizen = make_client()
    citizen.login(world.supporter.email)
    assert citizen.post(f"{url}/comments", {"body": "Ik neem ook de bus"}).status_code == 302
    rendered()
    assert "Ik neem ook de bus" in page(visitor, url)
    assert rendered()  # rendered again, not served
    assert citizen.post(f"{url}/support").status_code == 302
    assert "1 support " in page(visitor, url)


def test_a_staff_decision_is_on_the_next_anonymous_view(app, make_client, world, make_initiative):
    ini = make_initiative("published")
    url = f"{BASE}/{ini}"
    visitor = anonymous(app)
    assert "On the zorgraad's agenda" not in page(visitor, url)
    assert "On the zorgraad's agenda" not in page(visitor, url)
    staff = make_client()
    staff.login(world.staff.email)
    assert staff.post(f"{url}/agenda", {"reason": ""}).status_code == 302
    assert "On the zorgraad's agenda" in page(visitor, url)
    listing = page(visitor, "/meetjesland/what-happened?status=on_agenda")
    assert "Vervoer naar het ziekenhuis" in listing


def test_a_job_run_by_the_worker_is_on_the_next_anonymous_view(app, make_zone):
    zone = make_zone(name="ELZ Oud")
    visitor = anonymous(app)
    page(visitor, f"/{zone.slug}/")
    assert "ELZ Oud" in page(visitor, f"/{zone.slug}/")

    @jobs.handler("test.rename-zone")
    def rename(job):
        db.session.get(Zone, job.payload["zone_id"]).name = "ELZ Nieuw"

    try:
        with app.test_request_context(base_url="http://localhost"):
            jobs.enqueue("test.rename-zone", {"zone_id": zone.id})
            db.session.commit()
            assert jobs.run_pending() == 1
            db.session.remove()
    finally:
        jobs._HANDLERS.pop("test.rename-zone", None)
    assert "ELZ Nieuw" in page(visitor, f"/{zone.slug}/")


@pytest.mark.parametrize("how", ["bulk update()", "text()"])
def test_a_bulk_update_is_on_the_next_anonymous_view(app, make_zone, how):
    zone = make_zone(name="ELZ Oud")
    visitor = anonymous(app)
    page(visitor, f"/{zone.slug}/")
    assert "ELZ Oud" in page(visitor, f"/{zone.slug}/")
    with app.app_context():
        if how == "text()":
            db.session.execute(
                text("UPDATE zones SET name = :name WHERE id = :id"),
                {"name": "ELZ Nieuw", "id": zone.id},
            )
        else:
            db.session.execute(update(Zone).where(Zone.id == zone.id).values(name="ELZ Nieuw"))
        db.session.commit()
        db.session.remove()
    assert "ELZ Nieuw" in page(visitor, f"/{zone.slug}/")


def test_only_a_committed_change_moves_the_data_version(app, make_zone, rendered):
    zone = make_zone()

    def version():
        return db.session.execute(VERSION_QUERY).scalar()

    with app.app_context():
        before = version()
        db.session.commit()
        db.session.get(Zone, zone.id).name = "Teruggedraaid"
        db.session.flush()
        db.session.rollback()
        assert version() == before
        # The worker's idle poll is an UPDATE that touches no row, every second.
        db.session.execute(update(Zone).where(Zone.id == -1).values(name="niemand"))
        db.session.commit()
        assert version() == before
        db.session.get(Zone, zone.id).name = "Echt"
        db.session.commit()
        assert version() != before
        db.session.remove()

    visitor = anonymous(app)
    page(visitor, f"/{zone.slug}/")
    with app.test_request_context(base_url="http://localhost"):
        jobs.run_pending()  # nothing due
        db.session.remove()
    rendered()
    assert "Echt" in page(visitor, f"/{zone.slug}/")
    assert rendered() == []


def test_a_proeftuin_made_members_only_is_gone_for_visitors_at_once(
    app, make_zone, make_user, visit
):
    from burgerplatform.proeftuinen.models import Proeftuin, Visibility
    from tests.proeftuinen.helpers import add_topic, setup_proeftuin

    made = setup_proeftuin(app, make_zone, make_user)
    topic_id, _post = add_topic(app, made["id"], made["members"][0].id, title="Buurtsoep")
    url = f"/proeftuinen/{made['id']}/topics/{topic_id}"
    visitor = anonymous(app)
    assert "Buurtsoep" in page(visitor, url)
    # Stored in front of the rule that loads the proeftuin: only the version is read.
    _response, sql = visit(visitor, url)
    assert sql == 1
    with app.app_context():
        db.session.get(Proeftuin, made["id"]).visibility = Visibility.MEMBERS_ONLY
        db.session.commit()
        db.session.remove()
    assert visitor.get(url).status_code == 404
    assert visitor.get(url).status_code == 404


def test_a_stored_initiative_page_costs_the_version_and_the_zone(
    app, world, make_initiative, visit
):
    url = f"{BASE}/{make_initiative('published')}"
    visitor = anonymous(app)
    page(visitor, url)
    _response, sql = visit(visitor, url)
    assert sql == 2
    draft = f"{BASE}/{make_initiative('draft')}"
    assert visitor.get(draft).status_code == 404
    assert visitor.get(draft).status_code == 404


# --- Nobody gets another's page ------------------------------------------------------


def test_logged_in_people_never_get_or_fill_a_stored_page(
    app, make_zone, make_user, make_client, rendered
):
    zone = make_zone()
    url = f"/{zone.slug}/"
    user = make_user(zone_id=zone.id, display_name="Griet")
    member = make_client()
    member.login(user.email)  # a write: before the anonymous visit fills the cache
    visitor = anonymous(app)
    page(visitor, url)
    rendered()
    logout = 'action="/logout"'
    assert logout in page(member, url)
    assert logout in page(member, url)
    assert rendered() == ["zones/show.html", "zones/show.html"]
    anonymous_page = page(visitor, url)
    assert rendered() == [] and logout not in anonymous_page

    app.extensions["page_cache"].clear()
    page(member, url)
    page(member, url)
    rendered()
    page(visitor, url)
    assert rendered() == ["zones/show.html"]


def test_a_visitor_kept_logged_in_by_their_cookie_gets_their_own_page(
    app, make_zone, make_user, client
):
    from tests.conftest import PASSWORD

    zone = make_zone()
    url = f"/{zone.slug}/"
    user = make_user(zone_id=zone.id, email="an@example.org")
    client.post("/login", {"email": user.email, "password": PASSWORD, "remember": "y"})
    visitor = anonymous(app)
    page(visitor, url)
    assert 'action="/logout"' not in page(visitor, url)
    client.raw.delete_cookie("session")  # the browser was closed: only the remember cookie
    assert 'action="/logout"' in page(client, url)


def test_two_visitors_get_their_own_csrf_token_and_both_can_post(app, make_zone, visit):
    zone = make_zone()
    url = f"/{zone.slug}/"
    first, second = Client(app), Client(app)  # new visitors: no session cookie yet
    one, _ = visit(first, url)
    two, sql = visit(second, url)
    assert sql == 2  # served from memory
    token_one = TOKEN.search(one.get_data(as_text=True)).group(1)
    token_two = TOKEN.search(two.get_data(as_text=True)).group(1)
    assert token_one != token_two
    # Each visitor got a session cookie of their own, never the first one's again.
    cookies = [r.headers.get("Set-Cookie", "") for r in (one, two)]
    assert all(c.startswith("session=") for c in cookies) and cookies[0] != cookies[1]
    # Another visitor's token is refused: the language button sends back, nothing changed.
    refused = second.raw.post("/language", data={"lang": "fr", "csrf_token": token_one})
    assert refused.status_code == 303
    for visitor, token, lang in ((first, token_one, "fr"), (second, token_two, "nl")):
        answer = visitor.raw.post(
            "/language", data={"lang": lang, "csrf_token": token, "next": url}
        )
        assert answer.status_code == 302 and answer.headers["Location"] == url
        assert f'<html lang="{lang}">' in page(visitor, url)


def test_each_language_is_stored_apart(app, make_zone, visit):
    zone = make_zone()
    url = f"/{zone.slug}/"
    dutch, french = anonymous(app, "nl"), anonymous(app, "fr")
    for _ in range(2):
        assert "Gemeenten" in page(dutch, url)
        assert "Communes" in page(french, url)
    _response, sql = visit(french, url)
    assert sql == 2
    # A switch of language is in the session; the page follows at once.
    token = french.token()
    french.raw.post("/language", data={"lang": "nl", "csrf_token": token})
    assert "Gemeenten" in page(french, url)


def test_a_flashed_message_is_shown_once_and_never_stored(app, make_zone, rendered):
    zone = make_zone()
    url = f"/{zone.slug}/"
    visitor, other = anonymous(app), anonymous(app)
    page(visitor, url)
    assert visitor.get("/notifications/").status_code == 302  # "Please log in to continue."
    rendered()
    assert "Please log in to continue." in page(visitor, url)
    assert rendered() == ["zones/show.html"]
    assert "Please log in to continue." not in page(visitor, url)
    assert "Please log in to continue." not in page(other, url)


# --- Bounds --------------------------------------------------------------------------


def test_stored_pages_expire_after_their_max_age(app, make_zone, cache, rendered, monkeypatch):
    zone = make_zone()
    url = f"/{zone.slug}/"
    now = [1000.0]
    monkeypatch.setattr(cache, "clock", lambda: now[0])
    visitor = anonymous(app)
    page(visitor, url)
    now[0] += app.config["PAGE_CACHE_SECONDS"] - 1
    rendered()
    page(visitor, url)
    assert rendered() == []
    now[0] += 2
    page(visitor, url)
    assert rendered() == ["zones/show.html"]


def test_the_byte_bound_pushes_out_the_least_recently_used_pages(
    app, make_zone, cache, rendered, monkeypatch
):
    zone = make_zone()
    visitor = anonymous(app)
    page(visitor, f"/{zone.slug}/")
    one_page = cache.size
    monkeypatch.setattr(cache, "max_bytes", 4 * one_page + one_page // 2)
    for n in range(1, 6):
        page(visitor, f"/{zone.slug}/?n={n}")
    assert cache.size <= cache.max_bytes and len(cache.entries) == 4
    rendered()
    page(visitor, f"/{zone.slug}/?n=5")  # the newest: still there
    assert rendered() == []
    page(visitor, f"/{zone.slug}/")  # the oldest: pushed out
    assert rendered() == ["zones/show.html"]


@pytest.mark.commits  # a second app on the same database must see the data
def test_with_the_cache_off_every_visit_renders_and_reads_no_version(app, make_zone):
    from burgerplatform import create_app
    from config import TestConfig

    zone = make_zone()
    plain = create_app(
        TestConfig,
        PAGE_CACHE_ENABLED=False,
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
    )
    assert "page_cache" not in plain.extensions
    statements: list[str] = []
    from sqlalchemy import event

    with plain.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda c, cur, s, *a: statements.append(s))
    try:
        with plain.test_client() as visitor:
            for _ in range(2):
                assert visitor.get(f"/{zone.slug}/").status_code == 200
    finally:
        with plain.app_context():
            db.engine.dispose()
    assert statements and not any("cache_versions" in s for s in statements)


@pytest.mark.commits  # a second app on the same database must see the data
def test_the_bench_query_count_of_a_stored_page_is_its_real_count(app, make_zone):
    from burgerplatform import create_app
    from config import TestConfig

    make_zone()
    bench = create_app(
        TestConfig, BENCH=True, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"]
    )
    try:
        with bench.test_client() as visitor:
            visitor.get("/privacy")
            rendered = visitor.get("/")
            stored = visitor.get("/")
        assert int(rendered.headers["X-Query-Count"]) > 1
        assert stored.headers["X-Query-Count"] == "1"  # the data version
    finally:
        with bench.app_context():
            db.engine.dispose()
