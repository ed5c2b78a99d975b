"""While the database is away (restarting, overloaded) every page answers 503 with the
friendly page, also for someone who is logged in, and needs nothing from the database."""

from __future__ import annotations

import pytest

from burgerplatform import create_app
from burgerplatform.extensions import limiter
from config import TestConfig

# Nothing listens on port 1: every connection is refused at once, as during a restart.
NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:1/burgerplatform"
# A second app with its own (absent) database: the session must not be the test's.
pytestmark = pytest.mark.commits


@pytest.fixture
def app_without_database():
    application = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=NOWHERE)
    limiter.enabled = False
    return application


@pytest.mark.parametrize("logged_in", [False, True], ids=["visitor", "logged in"])
def test_a_page_answers_the_friendly_503_while_the_database_is_away(
    app_without_database, logged_in
):
    client = app_without_database.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    if logged_in:
        from burgerplatform.core.security import client_identifier

        # A session as after logging in (user 1, session version 1, this browser).
        with app_without_database.test_request_context(environ_base=client.environ_base):
            browser = client_identifier()
        with client.session_transaction() as session:
            session.update({"_user_id": "1:1", "_fresh": True, "_id": browser})
    urls = ["/", "/meetjesland/", "/meetjesland/initiatives/1"]
    if logged_in:
        urls.append("/account")  # a visitor is sent to the login page without a lookup
    for url in urls:
        response = client.get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 503, (url, html[:500])
        assert "The platform is briefly unavailable" in html
        assert response.headers["Retry-After"] == "30"


def test_healthz_says_503_in_json_while_the_database_is_away(app_without_database):
    for url in ("/healthz", "/healthz/ready"):
        response = app_without_database.test_client().get(url)
        assert response.status_code == 503
        assert response.get_json()["database"]["status"] == "unreachable"
    assert app_without_database.test_client().get("/healthz/live").status_code == 200


def test_a_mail_worker_started_while_the_database_is_away_waits_for_it(
    app_without_database, monkeypatch
):
    waits = []

    class Stop(Exception):
        pass

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 2:
            raise Stop  # two rounds of waiting are enough to see it does not give up

    monkeypatch.setattr("time.sleep", sleep)
    result = app_without_database.test_cli_runner().invoke(args=["worker"])
    assert isinstance(result.exception, Stop), result.output
    assert waits == [5, 5]
