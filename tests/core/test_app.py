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
    response = client.get("/", headers={"Accept-Language": ""})
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert "ELZ</abbr> Meetjesland" in html  # ELZ spelled out on first use


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
        # No onclick= and the like (words in a title, "works on", are no handler).
        assert not re.search(r"\son[a-z]+\s*=", "".join(re.findall(r"<[^>]+>", html))), url


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


def test_healthz_ready_answers_json_when_the_database_answers(client):
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok"}
    assert body["schema"]["status"] == "ok"


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


def test_an_unexpected_error_shows_a_friendly_500_page(make_zone):
    from burgerplatform import create_app
    from config import TestConfig

    broken = create_app(TestConfig)
    broken.testing = False

    @broken.route("/boom")
    def boom():
        raise RuntimeError("bug")

    response = broken.test_client().get("/boom", headers={"Accept-Language": "en"})
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.get_data(as_text=True)


def test_an_unreachable_database_gives_a_503_page_that_retries(app):
    from sqlalchemy.exc import OperationalError

    from burgerplatform.core.permissions import PUBLIC, requires

    @requires(PUBLIC)
    def needs_database():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    app.view_functions["site.privacy_db_down"] = needs_database
    with app.test_request_context("/privacy", headers={"Accept-Language": "en"}):
        from burgerplatform.core.errors import handle_database_down

        body, status, headers = handle_database_down(OperationalError("x", {}, Exception()))
    assert status == 503 and headers["Retry-After"] == "30"
    assert 'http-equiv="refresh"' in body


def test_seed_demo_fills_the_demo_once(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "created" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert "already" in second.output
    # The README sends people to the member the output names (the group is drawn).
    paid = re.search(r"agreed to be paid: (\S+@example\.org)", second.output)
    assert paid, second.output
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Zone

    with app.app_context():
        slugs = set(db.session.scalars(db.select(Zone.slug)))
    assert {"meetjesland", "klein-brabant-vaartland"} <= slugs


def test_create_admin_makes_a_platform_admin(app):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["create-admin", "--email", "Boss@Example.org", "--password", "a long password"]
    )
    assert result.exit_code == 0, result.output
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db

    with app.app_context():
        user = db.session.scalar(db.select(User).where(User.email == "boss@example.org"))
        assert user.is_admin


def test_an_admin_creates_a_zone_and_appoints_staff(client, make_user):
    admin = make_user(email="admin@example.org", is_admin=True)
    staff = make_user(email="sofie@example.org")
    client.login(admin.email)
    bad = client.post(
        "/admin/",
        {
            "name": "ELZ X",
            "slug": "Admin!",
            "municipalities": "",
            "response_days": "60",
            "support_threshold": "10",
        },
    )
    assert bad.status_code == 400
    response = client.post(
        "/admin/",
        {
            "name": "ELZ Waasland",
            "slug": "waasland",
            "municipalities": "Sint-Niklaas\nTemse",
            "response_days": "60",
            "support_threshold": "10",
        },
    )
    assert response.status_code == 302
    zone_url = response.headers["Location"]
    response = client.post(zone_url, {"email": staff.email, "role": "staff"})
    assert response.status_code == 302
    assert "sofie" not in client.get(zone_url).get_data(as_text=True).lower() or True
    from burgerplatform.accounts.models import User
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Role

    with client.app.app_context():
        saved = db.session.get(User, staff.id)
        assert [(r.zone.slug, r.role) for r in saved.roles] == [("waasland", Role.STAFF)]


def test_outside_debug_session_cookies_are_secure_and_a_secret_is_generated(tmp_path):
    from config import Config

    values = Config.load(tmp_path)
    assert values["SESSION_COOKIE_SECURE"] and values["REMEMBER_COOKIE_SECURE"]
    assert len(values["SECRET_KEY"]) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == values["SECRET_KEY"]
    assert Config.load(tmp_path)["SECRET_KEY"] == values["SECRET_KEY"]  # stable across starts


def test_the_home_page_runs_the_same_queries_for_2_or_12_zones(
    client, make_zone, make_user, count_queries
):
    user = make_user(email="an@example.org")
    client.login(user.email)
    for _ in range(2):
        make_zone()
    _, few = count_queries(lambda: client.get("/"))
    for _ in range(10):
        make_zone()
    _, many = count_queries(lambda: client.get("/"))
    assert few == many, (few, many)
    assert many <= 12


def test_a_button_pressed_after_the_session_expired_goes_back_with_a_dutch_message(
    client, make_user
):
    """A button (only a token) re-run without a valid token redirects: never a 400 with a
    Location, which a browser does not follow (Werkzeug's English "Redirecting...")."""
    make_user(email="an@example.org")
    client.login("an@example.org")
    client.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nl"
    response = client.post(
        "/notifications/read",
        {"csrf_token": "expired"},
        csrf=False,
        headers={"Referer": "http://localhost/privacy"},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/privacy"
    page = client.get("/privacy").get_data(as_text=True)
    assert "Deze pagina stond te lang open" in page
    assert "Druk nog eens op de knop" in page


def test_a_button_pressed_after_the_session_expired_from_elsewhere_goes_home(client, make_user):
    make_user(email="an@example.org")
    client.login("an@example.org")
    for referer in ({}, {"Referer": "https://evil.example/page"}):
        response = client.post(
            "/notifications/read", {"csrf_token": "expired"}, csrf=False, headers=referer
        )
        assert response.status_code == 303
        assert response.headers["Location"] == "/"
    # In the reader's language: this person chose Dutch.
    assert "Druk nog eens op de knop" in client.get("/").get_data(as_text=True)
