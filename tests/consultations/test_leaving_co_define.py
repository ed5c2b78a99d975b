"""Leaving co-define with invitations still open (issue 13, journey 2).

The staff see what is still open before they close the question, and confirm it; the
open invitations are then withdrawn and each invitee is told the truth (the group went
ahead without their answer), and a late answer gets that message, never an error page.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db

from .conftest import Setup


@pytest.fixture
def half_answered(app, pool_zone, make_round, english_pages):
    """A round in co-define: four invitations, two accepted (one from each municipality)
    and two open; a quota of 2 to 4 seats for the first municipality, so it is not met."""
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import PoolMember, Round

    setup: Setup = pool_zone(12)  # member i lives in municipality i % 2
    round_id = make_round(setup, size=4, quotas={("municipality", 0): (2, 4)})
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        members = list(
            db.session.scalars(
                select(PoolMember)
                .where(PoolMember.zone_id == setup.zone_id)
                .order_by(PoolMember.id)
            )
        )
        seats = [draws.invite(round_, members[i]) for i in (0, 1, 4, 5)]
        for seat in seats[:2]:
            draws.answer(seat, accept=True)
        open_ids = [s.id for s in seats[2:]]
        open_users = [s.member.user_id for s in seats[2:]]
        db.session.commit()
    english_pages()
    return setup, round_id, open_ids, open_users


def _statuses(app, seat_ids):
    from burgerplatform.consultations.models import Seat

    with app.app_context():
        return [db.session.get(Seat, i).status.value for i in seat_ids]


def _phase(app, round_id):
    from burgerplatform.consultations.models import Round

    with app.app_context():
        return db.session.get(Round, round_id).phase.value


def test_staff_see_open_invitations_and_unmet_quotas_before_closing_the_question(
    app, client, half_answered
):
    setup, round_id, open_ids, _users = half_answered
    client.login(setup.staff_email)
    page = client.get(f"/{setup.slug}/rounds/{round_id}").get_data(as_text=True)
    assert "2 invitations are still open" in page
    quota = re.search(r'<li class="unmet-quota">(.*?)</li>', page).group(1)
    assert "has 1 seat; 2 to 4 wanted" in quota  # one seat, not "1 seats"
    assert 'name="confirm"' in page


def test_closing_the_question_without_confirming_changes_nothing(app, client, half_answered):
    setup, round_id, open_ids, _users = half_answered
    client.login(setup.staff_email)
    response = client.post(f"/{setup.slug}/rounds/{round_id}/phase", {"to": "gather"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Tick that the group goes ahead as it is" in html
    assert 'aria-invalid="true"' in html
    assert _phase(app, round_id) == "co_define"
    assert _statuses(app, open_ids) == ["invited", "invited"]


def test_confirmed_open_invitations_are_withdrawn_and_each_invitee_is_told_the_truth(
    app, client, half_answered
):
    from burgerplatform.notifications.models import Notification

    setup, round_id, open_ids, open_users = half_answered
    client.login(setup.staff_email)
    response = client.post(
        f"/{setup.slug}/rounds/{round_id}/phase", {"to": "gather", "confirm": "y"}
    )
    assert response.status_code == 302
    assert _phase(app, round_id) == "gather"
    assert _statuses(app, open_ids) == ["withdrawn", "withdrawn"]
    with app.app_context():
        told = db.session.execute(select(Notification.user_id, Notification.kind)).all()
    for user_id in open_users:
        assert (user_id, "round.invitation_withdrawn") in told
        assert (user_id, "round.phase") not in told  # they are not in the group
    group = client.get(f"/{setup.slug}/rounds/{round_id}/group").get_data(as_text=True)
    assert "2 invitations were withdrawn: the group went ahead without an answer." in group


def test_accepting_a_withdrawn_invitation_says_the_group_went_ahead_without_an_error(
    app, client, make_client, half_answered
):
    from burgerplatform.accounts.models import User

    setup, round_id, open_ids, open_users = half_answered
    client.login(setup.staff_email)
    client.post(f"/{setup.slug}/rounds/{round_id}/phase", {"to": "gather", "confirm": "y"})
    with app.app_context():
        email = db.session.get(User, open_users[0]).email
    invitee = make_client()
    invitee.login(email)
    url = f"/{setup.slug}/rounds/{round_id}/invitation"
    page = invitee.get(url)
    assert page.status_code == 200
    assert "went ahead without an answer to your invitation" in page.get_data(as_text=True)
    assert 'name="decision"' not in page.get_data(as_text=True)
    late = invitee.post(url, {"decision": "accept"})
    assert late.status_code == 400
    html = late.get_data(as_text=True)
    assert "went ahead without an answer to your invitation" in html
    assert "group is complete" not in html
    assert _statuses(app, open_ids) == ["withdrawn", "withdrawn"]
    round_page = invitee.get(f"/{setup.slug}/rounds/{round_id}").get_data(as_text=True)
    assert "answer your invitation" not in round_page


def test_a_complete_group_moves_on_with_the_plain_button(app, client, half_answered):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Round, Seat, SeatStatus

    setup, round_id, open_ids, _users = half_answered
    with app.test_request_context():
        for seat_id in open_ids:
            draws.answer(db.session.get(Seat, seat_id), accept=True)
        round_ = db.session.get(Round, round_id)
        assert not draws.open_ends(round_).any
        db.session.commit()
    client.login(setup.staff_email)
    page = client.get(f"/{setup.slug}/rounds/{round_id}").get_data(as_text=True)
    assert 'name="confirm"' not in page
    assert (
        client.post(f"/{setup.slug}/rounds/{round_id}/phase", {"to": "gather"}).status_code == 302
    )
    assert _phase(app, round_id) == "gather"
    with app.app_context():
        statuses = {s.status for s in db.session.scalars(select(Seat))}
    assert statuses == {SeatStatus.ACCEPTED}


def test_only_a_list_waiting_in_co_define_before_anyone_is_invited_holds_the_question(
    app, pool_zone, make_round
):
    """The round page offers to close the question unless a list holds it: one being made
    or waiting for its number, in co-define, before anyone is invited (the service
    `draws.list_holding_the_question`, which the page asks)."""
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import (
        DrawRecord,
        DrawStatus,
        Phase,
        PoolMember,
        Round,
    )

    setup: Setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        assert draws.list_holding_the_question(round_) is None  # no list at all
        record = DrawRecord(
            round_id=round_id,
            status=DrawStatus.QUEUED,
            seed=1,
            group_size=4,
            pool_size=12,
            algorithm="test",
            probabilities={},
            selected=[],
        )
        db.session.add(record)
        db.session.flush()
        for status in (DrawStatus.QUEUED, DrawStatus.RUNNING, DrawStatus.PUBLISHED):
            record.status = status
            assert draws.list_holding_the_question(round_) is record, status
        for status in (DrawStatus.DONE, DrawStatus.DISCARDED, DrawStatus.FAILED):
            record.status = status
            assert draws.list_holding_the_question(round_) is None, status
        record.status = DrawStatus.PUBLISHED
        round_.phase = Phase.GATHER  # the question is closed already
        assert draws.list_holding_the_question(round_) is None
        round_.phase = Phase.CO_DEFINE
        member = db.session.scalars(
            select(PoolMember).where(PoolMember.zone_id == setup.zone_id)
        ).first()
        draws.invite(round_, member)  # someone is invited: the group is being formed
        assert draws.list_holding_the_question(round_) is None
        db.session.rollback()
