"""Review: the group confirms the advice or says what it corrects, before it goes to the
zorgraad; a correction closed without a change tells the member why."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from burgerplatform.extensions import db


def _plan_zorgraad_meeting(app, zone_id: int) -> None:
    from burgerplatform.core.db import utcnow
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting

    with app.app_context():
        start = utcnow() + timedelta(days=7)
        create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone_id}",
            zone_id=zone_id,
            title="Zorgraad",
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            created_by=None,
        )
        db.session.commit()


def _phase(app, round_id: int) -> str:
    from burgerplatform.consultations.models import Round

    with app.app_context():
        return db.session.get(Round, round_id).phase.value


def test_advice_goes_to_the_zorgraad_only_once_half_the_group_confirmed_and_corrections_answered(
    app, make_client, staged_round, english_pages
):
    staged = staged_round("review")
    english_pages()
    _plan_zorgraad_meeting(app, staged.setup.zone_id)
    staff = make_client()
    staff.login(staged.setup.staff_email)
    # Nobody confirmed and a correction is open: staff see why, and sending is refused.
    page = staff.get(staged.base).get_data(as_text=True)
    assert 'id="submit-refused"' in page
    assert "0 of the 2 members confirmed the advice; at least 1 must" in page
    assert "1 proposed correction still waits for an answer." in page
    assert "Send the advice to the zorgraad" not in page
    refused = staff.post(f"{staged.base}/phase", {"to": "submitted"})
    assert refused.status_code == 400
    assert _phase(app, staged.round_id) == "review"

    member = make_client()
    member.login(staged.members[0])
    assert member.post(f"{staged.base}/review", {"decision": "confirm"}).status_code == 302
    still = staff.post(f"{staged.base}/phase", {"to": "submitted"})
    assert still.status_code == 400
    assert "still waits for an answer" in still.get_data(as_text=True)

    prefix = f"r{staged.correction_id}-"
    answered = staff.post(
        f"{staged.base}/review/{staged.correction_id}",
        {prefix + "resolution": "kept", prefix + "answer": "De belbus staat in aanbeveling 1."},
    )
    assert answered.status_code == 302
    page = staff.get(staged.base).get_data(as_text=True)
    assert 'id="submit-refused"' not in page and "Send the advice to the zorgraad" in page
    assert staff.post(f"{staged.base}/phase", {"to": "submitted"}).status_code == 302
    assert _phase(app, staged.round_id) == "submitted"


def test_a_correction_closed_without_change_tells_the_member_why(
    app, make_client, staged_round, english_pages
):
    from burgerplatform.notifications.models import Notification

    staged = staged_round("review")
    english_pages()
    url = f"{staged.base}/review/{staged.correction_id}"
    prefix = f"r{staged.correction_id}-"
    staff = make_client()
    staff.login(staged.setup.staff_email)
    # "Changed" while the text did not change is refused, and what was typed stays.
    untrue = staff.post(url, {prefix + "resolution": "changed", prefix + "answer": "Gedaan."})
    html = untrue.get_data(as_text=True)
    assert untrue.status_code == 400
    assert "The advice has not changed since this correction was proposed." in html
    assert "Gedaan." in html
    # Kept without a reason is refused too.
    assert (
        staff.post(url, {prefix + "resolution": "kept", prefix + "answer": ""}).status_code == 400
    )
    reason = "De belbus valt buiten de vraag van de zorgraad."
    assert (
        staff.post(url, {prefix + "resolution": "kept", prefix + "answer": reason}).status_code
        == 302
    )

    member = make_client()
    member.login(staged.members[1])
    page = member.get(staged.base).get_data(as_text=True)
    assert f'The advice stays as it is, because:</strong> <span lang="nl">{reason}</span>' in page
    with app.app_context():
        told = db.session.scalars(
            select(Notification).where(Notification.kind == "round.correction_answered")
        ).all()
        assert len(told) == 1 and f"#review-{staged.correction_id}" in told[0].url


def test_a_correction_is_closed_as_changed_only_after_the_advice_changed(
    app, make_client, staged_round, english_pages
):
    staged = staged_round("review")
    english_pages()
    member = make_client()
    member.login(staged.members[0])
    edit = member.post(
        f"{staged.base}/recommendations/{staged.rec_id}/edit",
        {
            "title": "Buurtauto",
            "body": "Steun een buurtauto, en maak de belbus goedkoper.",
            "sources": [str(staged.online_id)],
        },
    )
    assert edit.status_code == 302
    staff = make_client()
    staff.login(staged.setup.staff_email)
    prefix = f"r{staged.correction_id}-"
    done = staff.post(
        f"{staged.base}/review/{staged.correction_id}",
        {prefix + "resolution": "changed", prefix + "answer": "De belbus staat er nu in."},
    )
    assert done.status_code == 302
    page = staff.get(staged.base).get_data(as_text=True)
    assert (
        'The advice was changed:</strong> <span lang="nl">De belbus staat er nu in.</span>' in page
    )


def test_the_public_page_shows_how_many_members_confirmed(
    app, make_client, staged_round, english_pages
):
    staged = staged_round("review")
    english_pages()
    member = make_client()
    member.login(staged.members[0])
    member.post(f"{staged.base}/review", {"decision": "confirm"})
    visitor = make_client()
    page = visitor.get(staged.base).get_data(as_text=True)
    assert (
        "1 of 2 members of the klankbordgroep confirmed that the advice says what was said." in page
    )
