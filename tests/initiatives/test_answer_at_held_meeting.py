"""The zorgraad's answer is dated at a meeting that took place, next to the initiative it
answers; staff and zorgraad members reach their work list from the menu."""

from __future__ import annotations

from datetime import timedelta

import pytest

from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, Status
from tests.conftest import speak_english

BASE = "/meetjesland/initiatives"


def future_meeting(app, world, days: int = 20) -> str:
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting

    with app.test_request_context(base_url="http://localhost"):
        start = utcnow() + timedelta(days=days)
        meeting = create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{world.zone.id}",
            zone_id=world.zone.id,
            title="Wintervergadering",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=None,
            location="Eeklo",
        )
        db.session.commit()
        uid = meeting.uid
        db.session.remove()
    return uid


def test_an_answer_dated_at_a_meeting_that_has_not_happened_is_refused(app, world, make_initiative):
    from sqlalchemy import select

    from burgerplatform.accounts.models import User
    from burgerplatform.initiatives import workflow
    from burgerplatform.initiatives.models import AnswerKind
    from burgerplatform.meetings.models import Meeting

    ini_id = make_initiative("on_agenda")
    uid = future_meeting(app, world)
    with app.test_request_context():
        ini = db.session.get(Initiative, ini_id)
        meeting = db.session.scalar(select(Meeting).where(Meeting.uid == uid))
        with pytest.raises(DomainError) as refused:
            workflow.answer(
                ini, db.session.get(User, world.staff.id), AnswerKind.ADOPTED, "Goed", meeting
            )
        assert refused.value.field == "meeting"
        assert "Wintervergadering" in str(refused.value.message)
        assert ini.status is Status.ON_AGENDA and ini.answered_at is None
        db.session.rollback()


def test_staff_who_answer_at_a_future_meeting_read_why_and_nothing_is_published(
    app, make_client, world, make_initiative
):
    ini = make_initiative("on_agenda")
    uid = future_meeting(app, world)
    speak_english(app, world.staff)
    staff = make_client()
    staff.login(world.staff.email)
    form = staff.get(f"{BASE}/{ini}/manage").get_data(as_text=True)
    answer_part = form[form.index('id="answer-title"') :]
    assert "Wintervergadering" not in answer_part  # only meetings that took place
    assert "Zorgraad december" in answer_part
    response = staff.post(
        f"{BASE}/{ini}/answer",
        {"kind": "adopted", "reason": "Een goed idee.", "referred_to": "", "meeting": uid},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "“Wintervergadering” has not taken place yet" in html
    assert "Een goed idee." in html  # what was typed is kept
    with app.app_context():
        stored = db.session.get(Initiative, ini)
        assert stored.status is Status.ON_AGENDA and stored.answer_kind is None


def test_the_answer_form_shows_the_initiative_being_answered(
    app, make_client, world, make_initiative
):
    ini = make_initiative("on_agenda", title="Vervoer naar het ziekenhuis")
    with app.app_context():
        db.session.get(Initiative, ini).request = "Een vrijwilligersbusje op dinsdag."
        db.session.commit()
    speak_english(app, world.zorgraad)
    member = make_client()
    member.login(world.zorgraad.email)
    html = member.get(f"{BASE}/{ini}/manage").get_data(as_text=True)
    answer_part = html[html.index('id="answer-title"') :]
    assert "The initiative you answer: Vervoer naar het ziekenhuis" in answer_part
    assert "Een vrijwilligersbusje op dinsdag." in answer_part
    assert "Wie geen auto heeft, raakt moeilijk in het ziekenhuis." in answer_part


def test_staff_and_zorgraad_members_find_the_work_list_in_the_menu(make_client, world):
    for person in (world.staff, world.zorgraad):
        client = make_client()
        client.login(person.email)
        header = client.get("/").get_data(as_text=True).split("</header>")[0]
        assert f'href="{BASE}/work"' in header, person.email
    citizen = make_client()
    citizen.login(world.author.email)
    assert "/work" not in citizen.get("/").get_data(as_text=True).split("</header>")[0]
