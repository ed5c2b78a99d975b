"""The rules of an initiative's life, tested on the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from burgerplatform.accounts.models import User
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.extensions import db
from burgerplatform.initiatives import participation, services, workflow
from burgerplatform.initiatives.models import AnswerKind, Initiative, Status, Support
from burgerplatform.meetings.models import Meeting
from burgerplatform.notifications.models import Notification
from burgerplatform.zones.models import Zone


def get(model, id_):
    return db.session.get(model, id_)


def meeting_of(world):
    return db.session.scalar(select(Meeting).where(Meeting.uid == world.meeting_uid))


def kinds_for(user_id):
    return [
        n.kind
        for n in db.session.scalars(
            select(Notification).where(Notification.user_id == user_id).order_by(Notification.id)
        )
    ]


def test_a_repeated_first_save_updates_the_same_draft(ctx, world):
    zone, author = get(Zone, world.zone.id), get(User, world.author.id)
    data = services.DraftData(title="Een ontmoetingsplek")
    first = services.save_draft(zone, author, data, draft_key="k1")
    again = services.save_draft(
        zone, author, services.DraftData(title="Ontmoetingsplek"), draft_key="k1"
    )
    assert first.id == again.id
    assert again.title == "Ontmoetingsplek"
    assert db.session.scalar(select(func.count(Initiative.id))) == 1


def test_only_citizens_of_the_zone_or_its_staff_start_an_initiative(ctx, world):
    zone = get(Zone, world.zone.id)
    with pytest.raises(DomainError):
        services.save_draft(zone, get(User, world.outsider.id), services.DraftData(title="X"))
    assert services.save_draft(zone, get(User, world.staff.id), services.DraftData(title="X"))


def test_an_empty_title_is_refused(ctx, world):
    with pytest.raises(DomainError) as error:
        services.save_draft(
            get(Zone, world.zone.id), get(User, world.author.id), services.DraftData(title="   ")
        )
    assert error.value.field == "title"


def test_sending_twice_is_harmless_and_staff_are_told_once(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("draft"))
    author = get(User, world.author.id)
    assert workflow.submit(ini, author) is True
    assert workflow.submit(ini, author) is False
    assert ini.status is Status.IN_REVIEW
    assert kinds_for(world.staff.id).count("initiative.submitted") == 1


def test_a_sent_back_initiative_keeps_the_message_off_the_public_timeline(
    ctx, world, make_initiative
):
    ini = get(Initiative, make_initiative("sent_back"))
    assert ini.status is Status.SENT_BACK
    assert ini.review_message.startswith("Haal")
    sent_back = [e for e in ini.events if e.kind == "sent_back"]
    assert sent_back and sent_back[0].public is False
    assert "initiative.sent_back" in kinds_for(world.author.id)
    # The authors change it and send it again.
    workflow.submit(ini, get(User, world.author.id))
    assert ini.status is Status.IN_REVIEW


def test_a_step_out_of_order_is_refused(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("draft"))
    staff = get(User, world.staff.id)
    with pytest.raises(DomainError):
        workflow.approve(ini, staff)
    with pytest.raises(DomainError):
        workflow.answer(ini, staff, AnswerKind.ADOPTED, "ok", meeting_of(world))


def test_reaching_the_threshold_puts_it_on_the_agenda_with_a_due_date(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("published"))
    participation.support(ini, get(User, world.supporter.id))
    assert ini.status is Status.PUBLISHED and ini.supports_count == 1
    participation.support(ini, get(User, world.neighbour.id))
    assert ini.supports_count == 2
    assert ini.status is Status.ON_AGENDA
    assert ini.agenda_at is not None
    assert ini.answer_due_at - ini.agenda_at == timedelta(days=30)
    assert ini.events[-1].kind == "threshold"
    assert "initiative.on_agenda" in kinds_for(world.supporter.id)
    assert "initiative.on_agenda_staff" in kinds_for(world.staff.id)


def test_a_support_counts_once_and_can_be_withdrawn(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("published"))
    supporter = get(User, world.supporter.id)
    assert participation.support(ini, supporter) is True
    assert participation.support(ini, supporter) is False
    assert ini.supports_count == 1
    assert participation.withdraw_support(ini, supporter) is True
    assert participation.withdraw_support(ini, supporter) is False
    assert ini.supports_count == 0
    assert db.session.scalar(select(func.count(Support.id))) == 0


def test_citizens_of_another_zone_may_follow_but_not_support(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("published"))
    outsider = get(User, world.outsider.id)
    with pytest.raises(DomainError):
        participation.support(ini, outsider)
    participation.follow(ini, outsider)
    assert participation.is_following(ini, outsider)
    workflow.put_on_agenda(ini, get(User, world.staff.id))
    assert "initiative.on_agenda" in kinds_for(world.outsider.id)


def test_scheduling_adds_an_agenda_item_with_the_author_presenting(ctx, world, make_initiative):
    from burgerplatform.meetings.services import items_about

    ini = get(Initiative, make_initiative("on_agenda"))
    workflow.schedule(ini, get(User, world.staff.id), meeting_of(world), invite_authors=True)
    (item,) = items_about("initiative", ini.id)
    assert item.presenter_id == world.author.id
    assert ini.meeting_id == item.meeting_id
    assert "initiative.invited_to_present" in kinds_for(world.author.id)


def test_a_meeting_of_another_zone_cannot_be_chosen(ctx, world, make_initiative):
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting

    ini_id = make_initiative("on_agenda")
    start = utcnow() + timedelta(days=3)
    foreign = create_meeting(
        kind=MeetingKind.ZORGRAAD,
        space=f"zone:{world.other_zone.id}",
        zone_id=world.other_zone.id,
        title="Elders",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        created_by=None,
    )
    ini = get(Initiative, ini_id)
    with pytest.raises(DomainError):
        workflow.schedule(ini, get(User, world.staff.id), foreign)
    with pytest.raises(DomainError):
        workflow.answer(ini, get(User, world.staff.id), AnswerKind.ADOPTED, "ok", foreign)


def test_an_answer_needs_a_reason_and_a_referral_needs_an_addressee(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("on_agenda"))
    zorgraad = get(User, world.zorgraad.id)
    with pytest.raises(DomainError) as error:
        workflow.answer(ini, zorgraad, AnswerKind.DECLINED, "  ", meeting_of(world))
    assert error.value.field == "reason"
    with pytest.raises(DomainError) as error:
        workflow.answer(ini, zorgraad, AnswerKind.REFERRED, "Niet onze taak", meeting_of(world))
    assert error.value.field == "referred_to"
    workflow.answer(
        ini,
        zorgraad,
        AnswerKind.REFERRED,
        "Niet onze taak",
        meeting_of(world),
        referred_to="Gemeente Eeklo",
    )
    assert ini.status is Status.ANSWERED
    assert ini.answered_on_time is True
    assert ini.events[-1].actor_role.value == "zorgraad"
    assert ini.events[-1].actor_name == ""  # the zorgraad member stays unnamed


def test_progress_then_realised_reaches_everyone_involved(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("published"))
    participation.support(ini, get(User, world.supporter.id))
    participation.follow(ini, get(User, world.outsider.id))
    staff = get(User, world.staff.id)
    workflow.put_on_agenda(ini, staff)
    workflow.answer(ini, staff, AnswerKind.ADOPTED, "Goed idee", meeting_of(world))
    with pytest.raises(DomainError):
        workflow.add_progress(ini, staff, "Later", utcnow() + timedelta(days=2))
    workflow.add_progress(ini, staff, "Het busje is besteld", utcnow(), 40)
    assert ini.progress_percent == 40
    workflow.finish(ini, staff, True, "Het busje rijdt elke dinsdag.")
    assert ini.status is Status.REALISED and ini.progress_percent == 100
    for user_id in (world.supporter.id, world.outsider.id, world.author.id):
        kinds = kinds_for(user_id)
        for kind in ("initiative.answered", "initiative.progress", "initiative.realised"):
            assert kind in kinds, (user_id, kind)
    assert [e.kind for e in ini.events][-4:] == ["on_agenda", "answered", "progress", "realised"]


def test_a_co_author_accepts_with_the_token_once_and_may_edit(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("draft"))
    author, neighbour = get(User, world.author.id), get(User, world.neighbour.id)
    invitation, token = services.invite_coauthor(ini, author, "Mia@Example.org")
    assert invitation.token_hash != token and len(token) > 30
    with pytest.raises(DomainError):
        services.invite_coauthor(ini, author, "mia@example.org")
    zone = get(Zone, world.zone.id)
    found = services.find_invitation(zone, token)
    services.accept_invitation(found, neighbour)
    assert services.can_edit(neighbour, ini)
    assert services.find_invitation(zone, token) is None
    assert "initiative.coauthor_joined" in kinds_for(world.author.id)


def test_comments_have_one_level_of_replies(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("published"))
    jef, mia = get(User, world.supporter.id), get(User, world.neighbour.id)
    first = participation.add_comment(ini, jef, "Goed idee!")
    reply = participation.add_comment(ini, mia, "Akkoord", parent_id=first.id)
    deeper = participation.add_comment(ini, jef, "Dank je", parent_id=reply.id)
    assert reply.parent_id == first.id and deeper.parent_id == first.id
    window = participation.comment_page(ini)
    assert [t.id for t in window.threads] == [first.id]
    assert [r.id for r in window.threads[0].replies] == [reply.id, deeper.id]
    assert window.older is None and window.newer is None
    assert get(Initiative, ini.id).comments_count == 3


def test_comments_wait_until_the_initiative_is_published(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("draft"))
    with pytest.raises(DomainError):
        participation.add_comment(ini, get(User, world.supporter.id), "Hallo")


def test_staff_are_reminded_once_a_week_before_the_answer_is_due(ctx, world, make_initiative):
    ini = get(Initiative, make_initiative("on_agenda"))
    assert workflow.send_due_reminders() == 0  # due in 30 days
    assert (
        db.session.scalar(
            select(func.count(jobs.Job.id)).where(jobs.Job.kind == workflow.REMINDER_JOB)
        )
        == 1
    )
    later = utcnow() + timedelta(days=24)
    assert workflow.send_due_reminders(later) == 1
    assert workflow.send_due_reminders(later) == 0
    assert kinds_for(world.staff.id).count("initiative.answer_due") == 1
    assert ini.reminder_sent_at is not None


def test_the_reminder_job_runs_and_plans_the_next_check(app, world, make_initiative):
    make_initiative("on_agenda")
    with app.test_request_context(base_url="http://localhost"):
        ran = jobs.run_pending(now=utcnow() + timedelta(hours=2))
        assert ran >= 1
        pending = db.session.scalars(
            select(jobs.Job).where(
                jobs.Job.kind == workflow.REMINDER_JOB, jobs.Job.status == jobs.JobStatus.PENDING
            )
        ).all()
        assert len(pending) == 1  # still waiting for an answer: check again tomorrow
        db.session.remove()


def test_a_draft_key_of_someone_else_never_touches_their_draft(ctx, world):
    zone = get(Zone, world.zone.id)
    mine = services.save_draft(
        zone, get(User, world.author.id), services.DraftData(title="Van An"), draft_key="k9"
    )
    other = services.save_draft(
        zone, get(User, world.neighbour.id), services.DraftData(title="Van Mia"), draft_key="k9"
    )
    assert other.id != mine.id and mine.title == "Van An"


def test_a_supporter_who_stops_the_messages_keeps_the_support_and_is_not_told(
    ctx, world, make_initiative
):
    ini = get(Initiative, make_initiative("published"))
    supporter = get(User, world.supporter.id)
    participation.support(ini, supporter)
    assert participation.is_following(ini, supporter)  # supporters follow by default
    participation.unfollow(ini, supporter)
    assert participation.has_supported(ini, supporter) and ini.supports_count == 1
    workflow.put_on_agenda(ini, get(User, world.staff.id))
    assert "initiative.on_agenda" not in kinds_for(world.supporter.id)
