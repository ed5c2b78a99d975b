"""My meetings (issue 13): one page with every upcoming meeting a person is invited to,
across the zorgraad, their klankbordgroepen and their proeftuinen, with their answer and
one calendar file; never a meeting of a space they do not belong to."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from icalendar import Calendar

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.proeftuinen.helpers import setup_proeftuin


@pytest.fixture
def world(app, make_zone, make_user):
    """An, member of a proeftuin, of the zorgraad of a second zone and of the
    klankbordgroep of a round in a third; and spaces she is not in."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import PoolMember, Round
    from burgerplatform.zones.models import Zone
    from burgerplatform.zones.services import appoint
    from tests.consultations.conftest import accepted_seat

    s = setup_proeftuin(app, make_zone, make_user)
    an = s["members"][0]
    zorgraad_zone, round_zone, other_zone = make_zone(), make_zone(), make_zone()
    other_proeftuin = setup_proeftuin(app, make_zone, make_user)
    with app.app_context():
        user = db.session.get(User, an.id)
        user.locale = "en"
        appoint(user, db.session.get(Zone, zorgraad_zone.id), Role.ZORGRAAD_MEMBER)
        rounds = []
        for title in ("Vervoer", "Wachtpost"):
            round_ = Round(zone_id=round_zone.id, title=title, question_draft="Hoe?")
            db.session.add(round_)
            rounds.append(round_)
        db.session.flush()
        member = PoolMember(
            zone_id=round_zone.id,
            user_id=an.id,
            pseudonym=secrets.token_hex(8),
            consent_version="1",
        )
        db.session.add(member)
        accepted_seat(member, round_=rounds[0])
        db.session.commit()
        mine = {
            "zorgraad": f"zone:{zorgraad_zone.id}",
            "round": f"round:{rounds[0].id}",
            "proeftuin": f"proeftuin:{s['id']}",
        }
        others = {
            "zorgraad": f"zone:{other_zone.id}",
            "round": f"round:{rounds[1].id}",
            "proeftuin": f"proeftuin:{other_proeftuin['id']}",
        }
    return {
        "an": an,
        "mine": mine,
        "others": others,
        "zones": {"zorgraad": zorgraad_zone.id, "round": round_zone.id, "proeftuin": s["zone"].id},
    }


KINDS = {"zorgraad": "zorgraad", "round": "round", "proeftuin": "proeftuin"}


def add_meeting(app, space: str, zone_id: int | None, title: str, days: float, **extra):
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.meetings.services import create_meeting

    kind = {"zone": MeetingKind.ZORGRAAD, "round": MeetingKind.ROUND}.get(
        space.split(":")[0], MeetingKind.PROEFTUIN
    )
    start = utcnow() + timedelta(days=days)
    with app.app_context():
        meeting = create_meeting(
            kind=kind,
            space=space,
            zone_id=zone_id,
            title=title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            created_by=None,
        )
        for key, value in extra.items():
            setattr(meeting, key, value)
        db.session.commit()
        return meeting.uid


def test_my_meetings_lists_every_space_i_belong_to_with_my_answer_and_no_other(app, client, world):
    from burgerplatform.meetings.models import Attendance, AttendanceAnswer, Meeting

    uids = {
        name: add_meeting(app, space, world["zones"][name], f"Mijn {name}", 3)
        for name, space in world["mine"].items()
    }
    for name, space in world["others"].items():
        add_meeting(app, space, None, f"Andere {name}", 3)
    add_meeting(app, world["mine"]["proeftuin"], None, "Voorbij", -5)
    add_meeting(app, world["mine"]["round"], None, "Afgelast", 4, cancelled_at=utcnow())
    with app.app_context():
        meeting = db.session.scalar(db.select(Meeting).where(Meeting.uid == uids["round"]))
        db.session.add(
            Attendance(meeting_id=meeting.id, user_id=world["an"].id, answer=AttendanceAnswer.YES)
        )
        db.session.commit()
    client.login(world["an"].email)
    response = client.get("/meetings/mine")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name, uid in uids.items():
        assert f"Mijn {name}" in page and f"/meetings/{uid}" in page
    assert "Andere" not in page and "Voorbij" not in page
    assert "Afgelast" in page and "Cancelled" in page
    item = page.split(f'id="meeting-{uids["round"]}"')[1].split("</li>")[0]
    assert "Your answer: I will come" in item and "Vervoer" in item
    item = page.split(f'id="meeting-{uids["zorgraad"]}"')[1].split("</li>")[0]
    assert "You have not answered yet" in item
    assert 'href="/meetings/mine/past"' in page
    past = client.get("/meetings/mine/past").get_data(as_text=True)
    assert "Voorbij" in past and "Mijn round" not in past and "Andere" not in past


def test_my_calendar_holds_my_meetings_only(app, client, world):
    uids = {
        add_meeting(app, space, None, f"Mijn {name}", 3) for name, space in world["mine"].items()
    }
    uids.add(add_meeting(app, world["mine"]["zorgraad"], None, "Vorige maand", -20))
    for name, space in world["others"].items():
        add_meeting(app, space, None, f"Andere {name}", 3)
    client.login(world["an"].email)
    response = client.get("/meetings/mine/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "no-store" in response.headers["Cache-Control"]
    calendar = Calendar.from_ical(response.data)
    found = {str(e["uid"]).split("@")[0] for e in calendar.walk("VEVENT")}
    assert found == uids


def test_my_meetings_need_a_login_and_are_linked_from_my_participation(app, client, world):
    for url in ("/meetings/mine", "/meetings/mine/past", "/meetings/mine/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    client.login(world["an"].email)
    page = client.get("/my-participation").get_data(as_text=True)
    assert 'href="/meetings/mine"' in page


def test_my_meetings_page_queries_do_not_grow_with_spaces_and_meetings(
    app, client, world, make_zone, make_user, count_queries
):
    from burgerplatform.zones.models import Zone
    from burgerplatform.zones.services import appoint

    client.login(world["an"].email)

    def grow(times: int):
        for _ in range(times):
            zone = make_zone()
            with app.app_context():
                from burgerplatform.accounts.models import User

                appoint(
                    db.session.get(User, world["an"].id),
                    db.session.get(Zone, zone.id),
                    Role.ZORGRAAD_MEMBER,
                )
                db.session.commit()
            add_meeting(app, f"zone:{zone.id}", zone.id, "Zorgraad", 2)
            for space in world["mine"].values():
                add_meeting(app, space, None, "Nog een", 2)
                add_meeting(app, space, None, "Vroeger", -2)

    counts = []
    for times in (2, 8):
        grow(times)
        for url in ("/meetings/mine", "/meetings/mine/past", "/meetings/mine/calendar.ics"):
            response, n = count_queries(lambda url=url: client.get(url))
            assert response.status_code == 200, url
            counts.append((url, n))
    small, large = counts[:3], counts[3:]
    assert small == large, counts


def test_someone_in_no_space_sees_that_there_are_no_meetings(app, client, make_user, world):
    add_meeting(app, world["mine"]["zorgraad"], None, "Zorgraad", 3)
    newcomer = make_user(locale="en")
    client.login(newcomer.email)
    page = client.get("/meetings/mine").get_data(as_text=True)
    assert "You have no upcoming meetings." in page and "Zorgraad" not in page.split("<main")[1]
    calendar = Calendar.from_ical(client.get("/meetings/mine/calendar.ics").data)
    assert not list(calendar.walk("VEVENT"))
