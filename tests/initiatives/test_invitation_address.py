"""A co-author invitation is accepted only by the account with the invited address: a
forwarded mail or a shared computer does not make someone else a co-author."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from burgerplatform.accounts.models import User
from burgerplatform.extensions import db
from burgerplatform.initiatives import services
from burgerplatform.initiatives.models import Coauthor
from tests.conftest import link_in

BASE = "/meetjesland/initiatives"


def invite(client, app, world, ini, deliver, email) -> str:
    """The author invites `email`; returns the invitation's path from the mail."""
    client.login(world.author.email)
    assert client.post(f"{BASE}/{ini}/coauthors", {"email": email}).status_code == 302
    mail = next(m for m in deliver() if email.lower() in str(m["To"]).lower())
    return link_in(mail).split("localhost", 1)[1]


def invitation_state(app) -> tuple[int | None, bool]:
    with app.app_context():
        found = db.session.scalar(db.select(Coauthor))
        state = (found.user_id, found.token_hash is not None)
        db.session.remove()
        return state


def test_another_account_sees_where_the_invitation_went_and_changes_nothing(
    client, make_client, app, world, make_initiative, deliver
):
    ini = make_initiative("draft")
    path = invite(client, app, world, ini, deliver, world.neighbour.email)
    jef = make_client()
    jef.login(world.supporter.email)
    for response in (jef.get(path), jef.post(path)):
        html = response.get_data(as_text=True)
        assert response.status_code == 403
        assert "m***@example.org" in html
        assert world.neighbour.email not in html
        assert f'name="next" value="{path}"' in html  # log out, then log in and come back
    assert invitation_state(app) == (None, True)
    assert jef.get(f"{BASE}/{ini}/edit").status_code == 403
    # Logging out from there leads to the login page, which brings them back.
    out = jef.post("/logout", {"next": path})
    assert out.status_code == 302
    target = urlsplit(out.headers["Location"])
    assert target.path == "/login" and parse_qs(target.query)["next"] == [path]
    # The invited person can still accept.
    mia = make_client()
    mia.login(world.neighbour.email)
    assert mia.post(path).status_code == 302
    assert mia.get(f"{BASE}/{ini}/edit").status_code == 200


def test_the_invited_address_is_matched_whatever_the_capitals(
    client, make_client, app, world, make_initiative, deliver
):
    ini = make_initiative("draft")
    path = invite(client, app, world, ini, deliver, "MIA@Example.org")
    mia = make_client()
    mia.login(world.neighbour.email)
    page = mia.get(path)
    assert page.status_code == 200
    assert mia.post(path).status_code == 302
    assert invitation_state(app) == (world.neighbour.id, False)


def test_accepting_checks_the_address_in_the_service_too(ctx, world, make_initiative):
    invitation = Coauthor(email="mia@example.org")
    assert services.is_invited_address(invitation, User(email=" Mia@Example.ORG "))
    assert not services.is_invited_address(invitation, User(email="jef@example.org"))
    assert services.masked_email("jan.peeters@example.org") == "j***@example.org"
