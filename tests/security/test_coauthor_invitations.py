"""Co-author invitations hold what proeftuin invitations hold: one use, only the invited
address, and removal ends the link (tests/proeftuinen/test_invitations.py)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import link_in
from tests.security.mail_flows import build_scene


@pytest.fixture
def scene(app, make_zone, make_user):
    return build_scene(app, make_zone, make_user)


def invite(client, scene, email, deliver) -> str:
    url = f"/{scene.zone_slug}/initiatives/{scene.initiative_id}/coauthors"
    assert client.post(url, {"email": email}).status_code == 302
    mail = [m for m in deliver() if email in str(m["To"])][-1]
    return re.sub(r"^https?://[^/]+", "", link_in(mail))


def coauthor_id(app, email) -> int:
    from burgerplatform.extensions import db
    from burgerplatform.initiatives.models import Coauthor

    with app.app_context():
        found = db.session.scalar(db.select(Coauthor.id).where(Coauthor.email == email))
        db.session.remove()
        return found


def test_a_removed_coauthor_cannot_come_back_with_the_old_link(
    app, client, make_client, make_user, scene, deliver
):
    mia = make_user(email="mia@example.org", display_name="Mia")
    client.login(scene.author_email)
    path = invite(client, scene, mia.email, deliver)
    mia_client = make_client()
    mia_client.login(mia.email)
    assert mia_client.post(path).status_code == 302
    edit = f"/{scene.zone_slug}/initiatives/{scene.initiative_id}/edit"
    assert mia_client.get(edit).status_code == 200
    # The link is spent once accepted.
    assert mia_client.get(path).status_code == 404
    remove = f"/{scene.zone_slug}/initiatives/{scene.initiative_id}/coauthors"
    assert client.post(f"{remove}/{coauthor_id(app, mia.email)}/remove").status_code == 302
    assert mia_client.post(path).status_code == 404
    assert mia_client.get(edit).status_code == 403


def test_removing_an_invitation_before_it_is_opened_ends_the_link(
    app, client, make_client, make_user, scene, deliver
):
    mia = make_user(email="mia@example.org", display_name="Mia")
    client.login(scene.author_email)
    first = invite(client, scene, mia.email, deliver)
    remove = f"/{scene.zone_slug}/initiatives/{scene.initiative_id}/coauthors"
    assert client.post(f"{remove}/{coauthor_id(app, mia.email)}/remove").status_code == 302
    second = invite(client, scene, mia.email, deliver)
    mia_client = make_client()
    mia_client.login(mia.email)
    assert mia_client.post(first).status_code == 404
    assert mia_client.post(second).status_code == 302
