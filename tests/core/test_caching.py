"""HTTP caching: hashed static files, revalidation of public pages, nothing shared when
personal, compression."""

from __future__ import annotations

import gzip
import re

import pytest

from burgerplatform.core.security import CSP

STYLESHEET = re.compile(r'href="(/static/css/main\.[0-9a-f]{12}\.css)"')


def test_stylesheets_have_hashed_names_and_are_cached_for_a_year(client):
    html = client.get("/privacy").get_data(as_text=True)
    url = STYLESHEET.search(html).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    cache = response.cache_control
    assert cache.public and cache.immutable and cache.max_age == 365 * 24 * 3600
    assert b".skip-link" in response.get_data()


def test_a_stale_hash_is_not_found_and_the_plain_name_is_revalidated(client):
    assert client.get("/static/css/main.000000000000.css").status_code == 404
    plain = client.get("/static/css/main.css")
    assert plain.status_code == 200
    assert plain.cache_control.no_cache and not plain.cache_control.immutable
    again = client.get("/static/css/main.css", headers={"If-None-Match": plain.headers["ETag"]})
    assert again.status_code == 304


def test_static_files_are_sent_gzipped_to_browsers_that_accept_it(client):
    response = client.get("/static/css/main.css", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    body = gzip.decompress(response.get_data())
    assert body == client.get("/static/css/main.css").get_data()


def test_a_public_page_answers_304_when_the_visitor_has_it_already(client, make_zone):
    zone = make_zone()
    first = client.get(f"/{zone.slug}/")  # the first visit sets the session cookie
    assert first.status_code == 200
    second = client.get(f"/{zone.slug}/")
    etag = second.headers["ETag"]
    assert second.cache_control.no_cache
    # The page holds this visitor's CSRF token: never in a shared cache.
    assert second.cache_control.private and not second.cache_control.public
    third = client.get(f"/{zone.slug}/", headers={"If-None-Match": etag})
    assert third.status_code == 304
    assert third.get_data() == b""


def test_a_changed_page_is_sent_again_in_full(client, make_zone):
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Zone

    zone = make_zone()
    client.get(f"/{zone.slug}/")
    etag = client.get(f"/{zone.slug}/").headers["ETag"]
    with client.app.app_context():
        db.session.get(Zone, zone.id).name = "ELZ Nieuwe Naam"
        db.session.commit()
    response = client.get(f"/{zone.slug}/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "ELZ Nieuwe Naam" in response.get_data(as_text=True)


def test_the_api_can_be_revalidated_by_any_cache(client, make_zone):
    make_zone()
    response = client.get("/api/v1/zones")
    assert response.status_code == 200
    assert response.cache_control.public and response.cache_control.no_cache
    again = client.get("/api/v1/zones", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_logged_in_pages_carry_no_shared_cache_headers(client, make_user, make_zone):
    zone = make_zone()
    user = make_user(zone_id=zone.id)
    client.login(user.email)
    for url in ("/notifications/", f"/{zone.slug}/", "/account"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "ETag" not in response.headers, url
        assert response.cache_control.private and response.cache_control.no_cache, url
        assert not response.cache_control.public, url


def test_a_response_that_sets_a_cookie_has_no_etag(app):
    fresh = app.test_client()  # no session yet: this visit creates one
    response = fresh.get("/privacy")
    assert "session=" in response.headers.get("Set-Cookie", "")
    assert "ETag" not in response.headers
    assert not response.cache_control.public


def test_pages_are_compressed_and_keep_the_security_headers(client):
    client.get("/privacy")
    response = client.get("/privacy", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    # Weak: the same page whatever the encoding (and whatever the CSRF token's stamp).
    assert response.headers["ETag"].startswith('W/"')
    assert response.headers["Content-Security-Policy"] == CSP
    html = gzip.decompress(response.get_data()).decode()
    assert "<html" in html
    again = client.get(
        "/privacy", headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]}
    )
    assert again.status_code == 304


def test_pages_load_nothing_from_other_sites(client, make_zone):
    zone = make_zone()
    for url in ("/", f"/{zone.slug}/", "/privacy", "/login"):
        html = client.get(url).get_data(as_text=True)
        for attribute in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not attribute.startswith(("http:", "https:", "//")), (url, attribute)


@pytest.mark.commits  # a second app must use its own database session
def test_bench_hooks_exist_only_when_benchmarking(app, client, tmp_path):
    from burgerplatform import create_app
    from burgerplatform.core.permissions import PUBLIC
    from config import TestConfig

    assert "X-Query-Count" not in client.get("/healthz").headers
    assert client.get("/__bench/ceiling/home").status_code == 404

    (tmp_path / "home.html").write_bytes(b"<!doctype html><p>stored</p>")
    bench = create_app(
        TestConfig,
        BENCH=True,
        BENCH_CEILING_DIR=str(tmp_path),
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
    )
    assert bench.view_functions["bench.ceiling"].permission is PUBLIC
    with bench.test_client() as visitor:
        health = visitor.get("/healthz/ready")
        assert health.headers["X-Query-Count"] == "2"  # SELECT 1, the schema's version
        ceiling = visitor.get("/__bench/ceiling/home")
        assert ceiling.get_data() == b"<!doctype html><p>stored</p>"
        assert ceiling.headers["X-Query-Count"] == "0"
        assert visitor.get("/__bench/ceiling/..%2Fsecret").status_code == 404
    with bench.app_context():
        from burgerplatform.extensions import db

        db.engine.dispose()
