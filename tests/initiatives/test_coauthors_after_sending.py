"""Sending an initiative ends the co-author invitations nobody accepted yet: the author is
told before sending, and the invited person is not welcomed to write a text that can no
longer change."""

from __future__ import annotations

import pytest

from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Coauthor, Initiative, Status
from tests.conftest import count_rows, speak_english
from tests.initiatives.test_invitation_address import invite

BASE = "/meetjesland/initiatives"


def test_the_author_reads_before_sending_that_an_open_invitation_will_end(
    client, app, world, make_initiative, deliver
):
    ini = make_initiative("draft")
    speak_english(app, world.author)
    invite(client, app, world, ini, deliver, world.neighbour.email)
    html = client.get(f"{BASE}/{ini}/edit").get_data(as_text=True)
    assert "1 person has not accepted your invitation yet (mia@example.org)" in html
    assert 'aria-describedby="open-invitations-note"' in html


def test_a_co_author_who_opens_the_link_after_sending_is_not_welcomed_to_write(
    client, make_client, app, world, make_initiative, deliver
):
    ini = make_initiative("draft")
    path = invite(client, app, world, ini, deliver, world.neighbour.email)
    assert client.post(f"{BASE}/{ini}/submit", {}).status_code == 302
    assert count_rows(app, Coauthor.id) == 0  # the open invitation ended with the sending
    speak_english(app, world.neighbour)
    mia = make_client()
    mia.login(world.neighbour.email)
    for response in (mia.get(path), mia.post(path, follow_redirects=True)):
        html = response.get_data(as_text=True)
        assert response.status_code == 404
        assert "the initiative was sent to staff in the meantime" in html
        assert "You can now write this initiative together" not in html
        assert "can no longer be changed" not in html or "invitation ends" in html
    assert mia.get(f"{BASE}/{ini}/edit").status_code == 403


def test_an_accepted_co_author_stays_an_author_when_it_is_sent(
    client, make_client, app, world, make_initiative, deliver
):
    ini = make_initiative("draft")
    path = invite(client, app, world, ini, deliver, world.neighbour.email)
    mia = make_client()
    mia.login(world.neighbour.email)
    assert mia.post(path).status_code == 302
    assert client.post(f"{BASE}/{ini}/submit", {}).status_code == 302
    assert count_rows(app, Coauthor.id) == 1
    assert mia.get(f"{BASE}/{ini}").status_code == 200


def test_an_invitation_to_an_initiative_that_was_sent_cannot_be_accepted(
    app, world, make_initiative
):
    from burgerplatform.accounts.models import User
    from burgerplatform.initiatives import services

    ini_id = make_initiative("in_review")
    with app.test_request_context(base_url="http://localhost"):
        ini = db.session.get(Initiative, ini_id)
        invitation = Coauthor(initiative=ini, email=world.neighbour.email)
        db.session.add(invitation)
        db.session.flush()
        with pytest.raises(DomainError):
            services.accept_invitation(invitation, db.session.get(User, world.neighbour.id))
        assert invitation.accepted_at is None and ini.status is Status.IN_REVIEW
        db.session.rollback()
