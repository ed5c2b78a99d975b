"""Platform-wide behaviour: permissions declared everywhere, errors, headers, language."""

from __future__ import annotations

import re

import pytest

from burgerplatform.core.permissions import permission_of


def test_every_route_declares_who_may_use_it(app):
    undeclared = []
    with app.app_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            if permission_of(rule.endpoint) is None:
                undeclared.append(f"{rule.endpoint} ({rule.rule})")
    assert not undeclared, "routes without @requires: " + ", ".join(undeclared)


def test_the_home_page_speaks_dutch_by_default(client, make_zone):
    make_zone(name="ELZ Meetjesland")
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "ELZ Meetjesland" in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_browser_language_is_used_when_nothing_was_chosen(client, lang):
    html = client.get("/", headers={"Accept-Language": f"{lang},nl;q=0.5"}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html


def test_an_explicit_switch_beats_the_browser_and_the_users_setting_beats_both(client, make_user):
    client.post("/language", {"lang": "fr", "next": "/privacy"})
    assert '<html lang="fr">' in client.get("/", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    user = make_user(email="an@example.org", locale="en")
    client.login(user.email)
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_the_language_switch_only_returns_to_this_site(client):
    response = client.post("/language", {"lang": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_an_unknown_page_gives_a_translated_404(client):
    response = client.get("/does-not-exist/", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_a_too_large_request_is_refused_with_413_not_500(client):
    response = client.post(
        "/login", {"email": "x@example.org", "password": "x" * (3 * 1024 * 1024)}
    )
    assert response.status_code == 413


def test_pages_carry_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_no_page_has_inline_script(client, make_zone):
    zone = make_zone()
    for url in ["/", f"/{zone.slug}/", "/login", "/register", "/privacy"]:
        html = client.get(url).get_data(as_text=True)
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), url
        assert " on" not in re.sub(r"\s+", " ", "".join(re.findall(r"<[^>]+>", html))).replace(
            " one", ""
        )  # no onclick= and the like


def test_an_expired_session_keeps_what_the_user_typed(client):
    response = client.post(
        "/register",
        {"display_name": "Mariette", "email": "m@example.org", "csrf_token": "expired"},
        csrf=False,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'value="Mariette"' in html
    assert "session had expired" in html or "sessie" in html
    # A fresh token is on the page so that sending again works.
    assert re.search(r'name="csrf_token"[^>]*value="[^"]{20,}"', html)


def test_an_expired_session_does_nothing(client, deliver):
    client.post(
        "/register",
        {
            "display_name": "An",
            "email": "an@example.org",
            "password": "long enough pw",
            "zone": "0",
            "locale": "nl",
            "consent": "y",
            "csrf_token": "bad",
        },
        csrf=False,
    )
    assert deliver() == []


def test_healthz_answers_json_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_a_zone_page_shows_its_promise_and_clusters(client, make_zone):
    zone = make_zone(response_days=45)
    html = client.get(f"/{zone.slug}/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "within 45 days" in html
    assert "PZON" in html


def test_staff_pages_refuse_citizens_and_send_visitors_to_log_in(client, make_user):
    assert client.get("/admin/").headers["Location"].startswith("/login?next=/admin/")
    make_user(email="an@example.org")
    client.login("an@example.org")
    assert client.get("/admin/").status_code == 403
