"""Phases of a round: each step checks where the round stands, and everyone is told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from tests.consultations.conftest import run_jobs


@pytest.fixture
def drawn(app, pool_zone, make_round):
    """A round with an accepted klankbordgroep of 2, in co-define."""
    from burgerplatform.consultations import draws, queries
    from burgerplatform.consultations.models import Round

    setup = pool_zone(6)
    round_id = make_round(setup, size=2)
    with app.test_request_context():
        draws.start_draw(db.session.get(Round, round_id), 11)
        db.session.commit()
    run_jobs(app)
    with app.test_request_context():
        for seat in queries.load_round_for_group(round_id).seats:
            draws.answer(seat, accept=True)
        db.session.commit()
    return setup, round_id


def _people(setup, round_id):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import queries

    staff = db.session.scalar(select(User).where(User.email == setup.staff_email))
    round_ = queries.load_round_for_group(round_id)
    return round_, staff, queries.members_of(round_)


def test_a_round_goes_through_every_phase_and_contributors_hear_the_outcome(app, drawn):
    from burgerplatform.consultations import services
    from burgerplatform.consultations.models import ContactMethod, Outcome, Phase
    from burgerplatform.core.db import utcnow
    from burgerplatform.meetings.models import AgendaItem, MeetingKind
    from burgerplatform.meetings.services import create_meeting
    from burgerplatform.notifications.models import Notification

    setup, round_id = drawn
    with app.test_request_context():
        round_, staff, (ann, bob) = _people(setup, round_id)
        with pytest.raises(DomainError):
            services.start_drafting(round_, staff)  # still in co-define
        suggestion = services.suggest(round_, ann, "Een betere vraag?", "")
        with pytest.raises(DomainError):
            services.start_gathering(round_, staff)  # the suggestion is unanswered
        services.answer_suggestion(suggestion, round_, accept=True, answer="")
        assert round_.co_defined and round_.question == "Een betere vraag?"
        services.start_gathering(round_, staff)
        online = services.contribute(round_, ann, "Een buurtauto.", may_gather=True)
        offline = services.add_offline(
            round_,
            staff,
            "De belbus is duur.",
            "Markt",
            "Eeklo",
            None,
            "Maria",
            ContactMethod.POST,
            "Markt 1",
            consent=True,
        )
        stray = services.contribute(round_, bob, "Iets anders.", may_gather=True)
        services.start_drafting(round_, staff)
        rec = services.propose(
            round_, ann, "Buurtauto", "Steun een buurtauto.", [online.id, offline.id]
        )
        services.edit(
            rec, bob, "Buurtauto", "Steun een buurtauto.\nEn de belbus.", [online.id, offline.id]
        )
        assert [v.number for v in rec.versions] == [1, 2]
        assert ("add", "En de belbus.") in services.diff(rec.versions[0], rec.versions[1])
        with pytest.raises(DomainError):
            services.start_review(round_, staff)  # `stray` is neither used nor explained
        services.mark_unused(stray, "Buiten het onderwerp")
        services.start_review(round_, staff)
        correction = services.respond(round_, ann, confirm=False, body="Noem de ouderen.")
        services.respond(round_, bob, confirm=True, body="")
        with pytest.raises(DomainError):
            services.respond(round_, bob, confirm=True, body="")  # once is enough
        with pytest.raises(DomainError):
            services.submit(round_, staff)  # the correction is unanswered
        services.answer_review(correction, "De ouderen staan al in de toelichting.", changed=False)
        with pytest.raises(DomainError):
            services.submit(round_, staff)  # no zorgraad meeting planned
        start = utcnow() + timedelta(days=7)
        meeting = create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{setup.zone_id}",
            zone_id=setup.zone_id,
            title="Zorgraad",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            created_by=None,
        )
        services.submit(round_, staff)
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.subject_type == "round"))
        assert item.meeting_id == meeting.id and item.subject_id == round_.id
        with pytest.raises(DomainError):
            services.publish_answer(round_, staff)  # no answer recorded yet
        services.record_outcome(rec, Outcome.ADAPTED, "In twee gemeenten.")
        services.publish_answer(round_, staff)
        assert round_.phase is Phase.FOLLOW_UP
        services.add_update(rec, staff, "De eerste auto rijdt.")
        db.session.commit()
        told = db.session.execute(select(Notification.user_id, Notification.kind)).all()
        # Ann's input was used; Bob's was not (and he is told why).
        assert (ann.id, "round.input_used") in told
        assert (bob.id, "round.input_unused") in told
        assert (bob.id, "round.input_used") not in told


def test_the_printable_letter_tells_an_offline_contributor_what_happened(app, client, drawn):
    from burgerplatform.consultations import services
    from burgerplatform.consultations.models import ContactMethod, Phase

    setup, round_id = drawn
    with app.test_request_context():
        round_, staff, (ann, _bob) = _people(setup, round_id)
        round_.phase = Phase.GATHER
        offline = services.add_offline(
            round_,
            staff,
            "Te weinig bussen.",
            "Op tour",
            "Maldegem",
            None,
            "Jan",
            ContactMethod.POST,
            "Kerkstraat 2",
            consent=True,
        )
        round_.phase = Phase.CO_DRAFT
        services.propose(round_, ann, "Meer bussen", "Vraag De Lijn om meer bussen.", [offline.id])
        db.session.commit()
        offline_id = offline.id
    client.login(setup.staff_email)
    page = client.get(f"/{setup.slug}/rounds/{round_id}/contributions/{offline_id}/letter")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Kerkstraat 2" in text and "Meer bussen" in text


def test_offline_contact_details_are_kept_only_with_consent(app, drawn):
    from burgerplatform.consultations import services
    from burgerplatform.consultations.models import ContactMethod, Phase

    setup, round_id = drawn
    with app.test_request_context():
        round_, staff, _members = _people(setup, round_id)
        round_.phase = Phase.GATHER
        with pytest.raises(DomainError):
            services.add_offline(
                round_,
                staff,
                "Tekst",
                "Markt",
                "",
                None,
                "Jan",
                ContactMethod.PHONE,
                "0470 00 00 00",
                consent=False,
            )


def test_a_citizen_of_the_zone_may_give_input_only_when_the_round_is_open(
    app, client, make_user, pool_zone, make_round
):
    from burgerplatform.consultations.models import Phase, Round

    setup = pool_zone(2)
    closed = make_round(setup, title="Gesloten")
    opened = make_round(setup, title="Open", open_to_all=True)
    with app.app_context():
        for rid in (closed, opened):
            db.session.get(Round, rid).phase = Phase.GATHER
        db.session.commit()
    citizen = make_user(zone_id=setup.zone_id)
    client.login(citizen.email)
    body = {"body": "Mijn idee"}
    assert client.post(f"/{setup.slug}/rounds/{closed}/contributions", body).status_code == 403
    assert client.post(f"/{setup.slug}/rounds/{opened}/contributions", body).status_code == 302
    empty = client.post(f"/{setup.slug}/rounds/{opened}/contributions", {"body": ""})
    assert empty.status_code == 400
