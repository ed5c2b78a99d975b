"""Meeting pages: planning, attendance, minutes with corrections, iCal — for proeftuin
and zorgraad spaces, with who may do what checked on every route."""

from __future__ import annotations

import re
from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.meetings.models import Meeting, Minutes, MinutesStatus
from burgerplatform.notifications.models import Notification
from burgerplatform.proeftuinen.models import Visibility
from burgerplatform.zones.models import Role
from tests.proeftuinen.helpers import setup_proeftuin

SOON = (utcnow() + timedelta(days=10)).strftime("%Y-%m-%d")


def meeting_form(**overrides):
    data = {
        "title": "Buurtoverleg",
        "starts_at": f"{SOON}T19:00",
        "ends_at": f"{SOON}T21:00",
        "location": "Buurthuis De Linde, Eeklo",
        "online_url": "",
        "agenda": "1. Welkom\n2. Buurtsoep",
    }
    data.update(overrides)
    return data


def plan(client, space: str, **overrides) -> str:
    response = client.post(f"/meetings/in/{space}/new", meeting_form(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[-1]


def stored(app, uid: str) -> Meeting:
    with app.app_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.uid == uid))
        db.session.expunge(meeting)
        return meeting


def test_coach_plans_a_meeting_and_members_are_told(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    meeting = stored(app, uid)
    assert meeting.kind.value == "proeftuin"
    # Typed as Belgian time (19:00 in winter is 18:00 UTC).
    assert meeting.starts_at.hour == 18
    page = client.get(f"/meetings/{uid}").get_data(as_text=True)
    assert "Buurtoverleg" in page and "Buurthuis De Linde" in page
    with app.app_context():
        told = db.session.scalars(
            select(Notification.user_id).where(Notification.kind == "meeting.planned")
        ).all()
    assert sorted(told) == sorted(m.id for m in s["members"])
    # Each member reads the date in their own language and time zone, whatever the
    # coach's language was.
    from flask_babel import force_locale

    from burgerplatform.notifications.kinds import text_for

    with app.app_context():
        note = db.session.scalar(select(Notification).where(Notification.kind == "meeting.planned"))
        params = dict(note.params)
    with app.test_request_context():
        with force_locale("fr"):
            french = text_for("meeting.planned", params)
        with force_locale("nl"):
            dutch = text_for("meeting.planned", params)
    assert "19:00" in french and "19:00" in dutch and french != dutch


def test_a_meeting_without_place_or_link_is_refused_with_what_was_typed(
    app, client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    response = client.post(
        f"/meetings/in/proeftuin:{s['id']}/new", meeting_form(location="", title="Mijn titel")
    )
    assert response.status_code == 400
    assert 'value="Mijn titel"' in response.get_data(as_text=True)
    response = client.post(
        f"/meetings/in/proeftuin:{s['id']}/new",
        meeting_form(ends_at=f"{SOON}T18:00"),
    )
    assert response.status_code == 400


def test_a_member_cannot_plan_and_a_stranger_cannot_see_a_members_only_meeting(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    member = make_client()
    member.login(s["members"][0].email)
    assert member.get(f"/meetings/in/proeftuin:{s['id']}/new").status_code == 403
    assert member.get(f"/meetings/{uid}").status_code == 200
    assert member.post(f"/meetings/{uid}/cancel").status_code == 403
    assert member.get(f"/meetings/{uid}/edit").status_code == 403
    stranger = make_client()
    stranger.login(make_user().email)
    for url in [
        f"/meetings/{uid}",
        f"/meetings/{uid}/calendar.ics",
        f"/meetings/in/proeftuin:{s['id']}/",
        f"/meetings/in/proeftuin:{s['id']}/calendar.ics",
    ]:
        assert stranger.get(url).status_code == 404, url
        assert make_client().get(url).status_code == 404, url
    assert stranger.post(f"/meetings/{uid}/attendance", {"answer": "yes"}).status_code == 404


def test_attendance_yes_no_maybe_is_counted(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    client.post(f"/meetings/{uid}/attendance", {"answer": "yes"})
    client.logout()
    client.login(s["members"][0].email)
    assert client.post(f"/meetings/{uid}/attendance", {"answer": "maybe"}).status_code == 302
    assert client.post(f"/meetings/{uid}/attendance", {"answer": "nonsense"}).status_code == 400
    page = client.get(f"/meetings/{uid}").get_data(as_text=True)
    assert re.search(r"1\D+1\D+0", page.split('id="attendance-title"')[1])


def test_minutes_are_corrected_by_a_participant_then_final(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    body = "We spraken af dat Jef de soep maakt."
    assert client.post(f"/meetings/{uid}/minutes", {"body": body}).status_code == 302
    member = make_client()
    member.login(s["members"][0].email)
    # A draft is the writer's: members do not see it and cannot correct it yet.
    assert body not in member.get(f"/meetings/{uid}").get_data(as_text=True)
    refused = member.post(
        f"/meetings/{uid}/minutes/corrections", {"suggestion": "x", "reason": "y"}
    )
    assert refused.status_code == 400
    until = (utcnow() + timedelta(days=7)).strftime("%Y-%m-%d")
    assert (
        client.post(f"/meetings/{uid}/minutes/review", {"review_until": until}).status_code == 302
    )
    assert body in member.get(f"/meetings/{uid}").get_data(as_text=True)
    # The member proposes; the member may not accept it.
    assert (
        member.post(
            f"/meetings/{uid}/minutes/corrections",
            {
                "passage": "Jef de soep maakt",
                "suggestion": "An en Jef samen de soep maken",
                "reason": "We spraken af het samen te doen.",
            },
        ).status_code
        == 302
    )
    with app.app_context():
        minutes = db.session.scalar(select(Minutes))
        correction_id = minutes.corrections[0].id
    assert member.post(f"/meetings/{uid}/corrections/{correction_id}/accept").status_code == 403
    # Final is refused while a correction waits for an answer.
    client.post(f"/meetings/{uid}/minutes/final")
    with app.app_context():
        assert db.session.scalar(select(Minutes)).status is MinutesStatus.REVIEW
    assert (
        client.post(f"/meetings/{uid}/corrections/{correction_id}/accept", {"body": ""}).status_code
        == 302
    )
    assert client.post(f"/meetings/{uid}/minutes/final").status_code == 302
    with app.app_context():
        minutes = db.session.scalar(select(Minutes))
        assert minutes.status is MinutesStatus.FINAL
        assert minutes.body == "We spraken af dat An en Jef samen de soep maken."
        told = db.session.scalars(
            select(Notification.kind).where(Notification.user_id == s["members"][0].id)
        ).all()
    assert "minutes.review" in told and "minutes.final" in told
    page = make_client().get(f"/meetings/{uid}").get_data(as_text=True)
    assert "An en Jef samen de soep maken" in page  # final minutes and accepted list are public


def test_a_correction_not_taken_over_needs_an_answer(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    client.post(f"/meetings/{uid}/minutes", {"body": "Tekst"})
    until = (utcnow() + timedelta(days=7)).strftime("%Y-%m-%d")
    client.post(f"/meetings/{uid}/minutes/review", {"review_until": until})
    member = make_client()
    member.login(s["members"][1].email)
    member.post(
        f"/meetings/{uid}/minutes/corrections",
        {"suggestion": "Andere tekst", "reason": "Klopt niet"},
    )
    with app.app_context():
        cid = db.session.scalar(select(Minutes)).corrections[0].id
    empty = client.post(f"/meetings/{uid}/corrections/{cid}/answer", {"answer": ""})
    assert empty.status_code == 400
    ok = client.post(f"/meetings/{uid}/corrections/{cid}/answer", {"answer": "Zo is het gezegd."})
    assert ok.status_code == 302


def test_ical_of_one_meeting_and_of_the_space_parse(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    plan(client, f"proeftuin:{s['id']}", title="Tweede overleg")
    single = client.get(f"/meetings/{uid}/calendar.ics")
    assert single.mimetype == "text/calendar"
    events = Calendar.from_ical(single.data).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Buurtoverleg"]
    feed = client.get(f"/meetings/in/proeftuin:{s['id']}/calendar.ics")
    assert len(Calendar.from_ical(feed.data).walk("VEVENT")) == 2


def test_zone_staff_plan_zorgraad_meetings_and_other_zones_staff_cannot(
    app, client, make_client, make_zone, make_user
):
    zone, other = make_zone(), make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    member = make_user(roles=[(zone.id, Role.ZORGRAAD_MEMBER)])
    outsider = make_user(roles=[(other.id, Role.STAFF)])
    client.login(staff.email)
    response = client.post(f"/{zone.slug}/meetings/new", meeting_form(title="Zorgraad december"))
    assert response.status_code == 302
    uid = response.headers["Location"].rsplit("/", 1)[-1]
    assert stored(app, uid).kind.value == "zorgraad"
    assert "Zorgraad december" in client.get(f"/{zone.slug}/meetings/").get_data(as_text=True)
    assert make_client().get(f"/{zone.slug}/meetings/").status_code == 200
    assert make_client().get(f"/{zone.slug}/meetings/calendar.ics").status_code == 200
    foreign = make_client()
    foreign.login(outsider.email)
    assert foreign.get(f"/{zone.slug}/meetings/new").status_code == 403
    assert foreign.get(f"/meetings/{uid}/edit").status_code == 403
    assert foreign.post(f"/meetings/{uid}/minutes", {"body": "x"}).status_code == 403
    assert foreign.post(f"/meetings/{uid}/attendance", {"answer": "yes"}).status_code == 403
    zorgraad = make_client()
    zorgraad.login(member.email)
    assert zorgraad.post(f"/meetings/{uid}/attendance", {"answer": "yes"}).status_code == 302
    with app.app_context():
        told = db.session.scalars(
            select(Notification.user_id).where(Notification.kind == "meeting.planned")
        ).all()
    assert told == [member.id]


def test_agenda_items_about_initiatives_are_listed_without_crashing(
    app, client, make_zone, make_user
):
    from burgerplatform.meetings import services

    zone = make_zone()
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    client.login(staff.email)
    uid = (
        client.post(f"/{zone.slug}/meetings/new", meeting_form())
        .headers["Location"]
        .rsplit("/", 1)[-1]
    )
    with app.test_request_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.uid == uid))
        services.add_agenda_item(
            meeting, "Initiatief: een buurtbus", subject_type="initiative", subject_id=7
        )
        db.session.commit()
    page = client.get(f"/meetings/{uid}")
    assert page.status_code == 200
    assert "Initiatief: een buurtbus" in page.get_data(as_text=True)


def test_cancelling_tells_members_and_stops_attendance(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    assert client.post(f"/meetings/{uid}/cancel").status_code == 302
    assert stored(app, uid).cancelled_at is not None
    member = make_client()
    member.login(s["members"][0].email)
    assert member.post(f"/meetings/{uid}/attendance", {"answer": "yes"}).status_code == 400


def test_after_a_meeting_ended_nobody_can_still_say_they_come(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    member = make_client()
    member.login(s["members"][0].email)
    assert member.post(f"/meetings/{uid}/attendance", {"answer": "no"}).status_code == 302
    with app.app_context():
        meeting = db.session.scalar(select(Meeting).where(Meeting.uid == uid))
        meeting.starts_at = utcnow() - timedelta(days=2, hours=2)
        meeting.ends_at = utcnow() - timedelta(days=2)
        db.session.commit()
    refused = member.post(f"/meetings/{uid}/attendance", {"answer": "yes"})
    assert refused.status_code == 400
    assert "Deze vergadering is voorbij" in refused.get_data(as_text=True)
    page = member.get(f"/meetings/{uid}").get_data(as_text=True)
    assert 'action="/meetings/' + uid + '/attendance"' not in page
    assert "Deze vergadering is voorbij" in page
    # The answer given before the meeting stands.
    assert re.search(r"0\D+0\D+1", page.split('id="attendance-title"')[1])


def test_every_manager_route_refuses_members_and_hides_from_strangers(
    app, client, make_client, make_zone, make_user
):
    s = setup_proeftuin(app, make_zone, make_user, visibility=Visibility.MEMBERS_ONLY)
    client.login(s["coach"].email)
    uid = plan(client, f"proeftuin:{s['id']}")
    client.post(f"/meetings/{uid}/minutes", {"body": "Tekst"})
    until = (utcnow() + timedelta(days=7)).strftime("%Y-%m-%d")
    client.post(f"/meetings/{uid}/minutes/review", {"review_until": until})
    member = make_client()
    member.login(s["members"][0].email)
    member.post(f"/meetings/{uid}/minutes/corrections", {"suggestion": "Beter", "reason": "Zo"})
    with app.app_context():
        cid = db.session.scalar(select(Minutes)).corrections[0].id
    manager_routes = [
        ("get", f"/meetings/{uid}/edit"),
        ("post", f"/meetings/{uid}/edit"),
        ("post", f"/meetings/{uid}/cancel"),
        ("post", f"/meetings/{uid}/minutes"),
        ("post", f"/meetings/{uid}/minutes/review"),
        ("post", f"/meetings/{uid}/corrections/{cid}/accept"),
        ("post", f"/meetings/{uid}/corrections/{cid}/answer"),
        ("post", f"/meetings/{uid}/minutes/final"),
        ("get", f"/meetings/in/proeftuin:{s['id']}/new"),
        ("post", f"/meetings/in/proeftuin:{s['id']}/new"),
    ]
    stranger = make_client()
    stranger.login(make_user().email)
    for method, url in manager_routes:
        assert getattr(member, method)(url).status_code == 403, url
        assert getattr(stranger, method)(url).status_code == 404, url
    assert (
        stranger.post(f"/meetings/{uid}/minutes/corrections", {"suggestion": "x"}).status_code
        == 404
    )
    with app.app_context():
        assert db.session.scalar(select(Minutes)).status is MinutesStatus.REVIEW


def test_the_calendar_description_keeps_the_agendas_lines(app, client, make_zone, make_user):
    s = setup_proeftuin(app, make_zone, make_user)
    client.login(s["coach"].email)
    uid = plan(
        client,
        f"proeftuin:{s['id']}",
        agenda="## Agenda\n\n1. Welkom\n2. **Buurtsoep** & afspraken\n\nTot dan!",
    )
    events = Calendar.from_ical(client.get(f"/meetings/{uid}/calendar.ics").data).walk("VEVENT")
    assert str(events[0]["DESCRIPTION"]) == (
        "Agenda\n\n1. Welkom\n2. Buurtsoep & afspraken\n\nTot dan!"
    )
