"""Meetings of the klankbordgroep: staff plan them in the round's meeting space; the
members see them, are told, and can add them to their calendar."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from burgerplatform.extensions import db


def test_staff_plan_a_meeting_for_the_group_and_members_see_it_with_ical(
    app, make_client, make_user, staged_round
):
    from burgerplatform.core.db import utcnow
    from burgerplatform.meetings.models import Meeting
    from burgerplatform.notifications.models import Notification

    staged = staged_round("gather")
    space = f"/meetings/in/round:{staged.round_id}/"
    staff = make_client()
    staff.login(staged.setup.staff_email)
    assert 'id="group-meetings-link"' in staff.get(staged.base).get_data(as_text=True)
    assert staff.get(space).status_code == 200
    start = (utcnow() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    end = (utcnow() + timedelta(days=5, hours=2)).strftime("%Y-%m-%dT%H:%M")
    planned = staff.post(
        f"{space}new",
        {
            "title": "Eerste bijeenkomst",
            "starts_at": start,
            "ends_at": end,
            "location": "Dienstencentrum Eeklo",
            "agenda": "Kennismaken",
        },
    )
    assert planned.status_code == 302, planned.get_data(as_text=True)[:2000]

    member = make_client()
    member.login(staged.members[0])
    assert 'id="group-meetings-link"' in member.get(staged.base).get_data(as_text=True)
    listing = member.get(space)
    assert listing.status_code == 200 and "Eerste bijeenkomst" in listing.get_data(as_text=True)
    feed = member.get(f"{space}calendar.ics")
    assert feed.status_code == 200 and "Eerste bijeenkomst" in feed.get_data(as_text=True)
    with app.app_context():
        meeting = db.session.scalar(select(Meeting))
        assert meeting.space == f"round:{staged.round_id}"
        told = db.session.scalars(select(Notification.user_id)).all()
        assert len(set(told)) >= 2  # both seated members

    # Someone outside the group does not see where the group meets.
    outsider = make_user(zone_id=staged.setup.zone_id)
    other = make_client()
    other.login(outsider.email)
    assert other.get(space).status_code == 404
    assert make_client().get(space).status_code == 404
