"""Logged out while writing (e.g. in another tab): after logging in, the person is back on
the form's page with what they typed, never on a 405 page."""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db
from burgerplatform.initiatives.models import InitiativeComment
from tests.conftest import PASSWORD

BASE = "/meetjesland/initiatives"


def _login_via(client, location: str, email: str):
    """Follow the login page the refused POST sent us to, and log in there."""
    assert urlsplit(location).path == "/login"
    next_url = parse_qs(urlsplit(location).query)["next"][0]
    response = client.post(location, {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == next_url
    return next_url


def test_a_comment_typed_while_logged_out_is_back_in_the_form_after_login(
    client, app, world, make_initiative
):
    ini = make_initiative("published")
    client.login(world.supporter.email)
    token = client.token(f"{BASE}/{ini}")
    client.logout()  # the session ends in another tab
    typed = "Ik woon in Eeklo & wacht al <drie> maanden op een afspraak."
    response = client.post(
        f"{BASE}/{ini}/comments",
        {"body": typed, "csrf_token": token},
        headers={"Referer": f"http://localhost{BASE}/{ini}"},
    )
    assert response.status_code == 302
    page = _login_via(client, response.headers["Location"], world.supporter.email)
    assert page == f"{BASE}/{ini}"
    shown = client.get(page)
    assert shown.status_code == 200
    html = unescape(shown.get_data(as_text=True))
    assert typed in html
    assert "We hebben bewaard wat je typte" in html  # the person's own language: Dutch
    with app.app_context():
        assert db.session.scalar(select(InitiativeComment.id)) is None  # nothing posted
        db.session.remove()
    # Once back in its form, it is not filled in again on the next visit.
    assert typed not in unescape(client.get(page).get_data(as_text=True))


def test_a_comment_sent_without_referer_after_logout_never_lands_on_a_405(
    client, world, make_initiative
):
    ini = make_initiative("published")
    response = client.post(f"{BASE}/{ini}/comments", {"body": "Hallo"})
    page = _login_via(client, response.headers["Location"], world.supporter.email)
    assert client.get(page).status_code == 200


def test_a_new_proposal_typed_while_logged_out_is_back_in_the_form_after_login(client, world):
    client.login(world.author.email)
    token = client.token(f"{BASE}/new")
    client.logout()
    response = client.post(
        f"{BASE}/new",
        {
            "title": "Een huisarts op zaterdag",
            "body": "In onze gemeente is er op zaterdag geen huisarts te bereiken.",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    page = _login_via(client, response.headers["Location"], world.author.email)
    assert page == f"{BASE}/new"
    html = unescape(client.get(page).get_data(as_text=True))
    assert "Een huisarts op zaterdag" in html
    assert "In onze gemeente is er op zaterdag geen huisarts te bereiken." in html


def test_a_password_sent_while_logged_out_is_never_kept(client, world, app):
    from burgerplatform.core.forms import KEPT_FORM

    client.post("/account/delete", {"password": "geheim-geheim-123", "title": "x"})
    with client.raw.session_transaction() as session:
        kept = session.get(KEPT_FORM, {}).get("fields", {})
    assert not any("password" in name for name in kept)


@pytest.mark.parametrize("token", ["old", "none"])
def test_the_login_page_says_what_was_typed_is_kept_and_only_then(
    app, world, make_initiative, token
):
    """Sent while logged out (a session that ended, with its token or without): the login
    page says the text is kept, as it is; a form sent with nothing typed gets the plain
    "log in to continue"."""
    from tests.conftest import Client

    ini = make_initiative("published")
    for typed, said in (
        ("Ik wacht al drie maanden op een afspraak.", "We hebben bewaard wat je typte"),
        ("   ", "Meld je aan om verder te gaan."),
    ):
        client = Client(app, language="nl")
        data = {"body": typed}
        if token == "old":
            client.login(world.supporter.email)
            data["csrf_token"] = client.token(f"{BASE}/{ini}")
            client.logout()
        response = client.post(
            f"{BASE}/{ini}/comments",
            data,
            csrf=token == "old",
            headers={"Referer": f"http://localhost{BASE}/{ini}"},
        )
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == "/login"
        html = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
        assert said in html, (typed, html[html.find("<main") :][:1500])
        if not typed.strip():
            assert "bewaard" not in html
