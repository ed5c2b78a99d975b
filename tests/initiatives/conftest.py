"""Fixtures for initiatives: two zones with their people, a zorgraad meeting, and a factory
that brings an initiative to any status through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role


@dataclass
class World:
    zone: object
    other_zone: object
    author: object
    supporter: object
    neighbour: object  # a second citizen of the zone
    outsider: object  # a citizen of the other zone
    staff: object
    zorgraad: object
    other_staff: object
    meeting_uid: str


@pytest.fixture
def world(app, make_zone, make_user):
    zone = make_zone(
        slug="meetjesland", name="ELZ Meetjesland", support_threshold=2, response_days=30
    )
    other = make_zone(slug="kbv", name="ELZ Klein-Brabant Vaartland")
    w = World(
        zone=zone,
        other_zone=other,
        author=make_user(display_name="An", zone_id=zone.id, email="an@example.org"),
        supporter=make_user(display_name="Jef", zone_id=zone.id, email="jef@example.org"),
        neighbour=make_user(display_name="Mia", zone_id=zone.id, email="mia@example.org"),
        outsider=make_user(display_name="Fatima", zone_id=other.id, email="fatima@example.org"),
        staff=make_user(
            display_name="Sofie", roles=[(zone.id, Role.STAFF)], email="staff@example.org"
        ),
        zorgraad=make_user(
            display_name="Marleen",
            roles=[(zone.id, Role.ZORGRAAD_MEMBER)],
            email="zorgraad@example.org",
        ),
        other_staff=make_user(
            display_name="Koen", roles=[(other.id, Role.STAFF)], email="koen@example.org"
        ),
        meeting_uid="",
    )
    with app.test_request_context(base_url="http://localhost"):
        from burgerplatform.meetings.models import MeetingKind
        from burgerplatform.meetings.services import create_meeting

        # In progress: staff can still put initiatives on its agenda, and the zorgraad's
        # answer can be dated at it (an answer needs a meeting that has started).
        start = utcnow() - timedelta(hours=1)
        meeting = create_meeting(
            kind=MeetingKind.ZORGRAAD,
            space=f"zone:{zone.id}",
            zone_id=zone.id,
            title="Zorgraad december",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            created_by=None,
            location="Eeklo",
        )
        db.session.commit()
        w.meeting_uid = meeting.uid
        db.session.remove()
    return w


STEPS = ["draft", "in_review", "published", "on_agenda", "answered", "realised"]


@pytest.fixture
def make_initiative(app, world):
    """Create an initiative by the world's author and walk it to `status`; returns its id."""

    def factory(
        status: str = "published", title: str = "Vervoer naar het ziekenhuis", **fields
    ) -> int:
        from sqlalchemy import select

        from burgerplatform.accounts.models import User
        from burgerplatform.initiatives import services, workflow
        from burgerplatform.initiatives.models import AnswerKind
        from burgerplatform.meetings.models import Meeting
        from burgerplatform.zones.models import Zone

        with app.test_request_context(base_url="http://localhost"):
            zone = db.session.get(Zone, world.zone.id)
            author = db.session.get(User, world.author.id)
            staff = db.session.get(User, world.staff.id)
            data = services.DraftData(
                title=title,
                summary=fields.get(
                    "summary", "Wie geen auto heeft, raakt moeilijk in het ziekenhuis."
                ),
                body=fields.get("body", "De bus rijdt maar één keer per uur naar AZ Alma."),
            )
            ini = services.save_draft(zone, author, data)
            target = STEPS.index(status) if status in STEPS else None
            if status == "sent_back":
                workflow.submit(ini, author)
                workflow.send_back(ini, staff, "Haal de naam van de buurvrouw weg.")
            elif status == "closed":
                target = STEPS.index("answered")
            if target is not None:
                if target >= 1:
                    workflow.submit(ini, author)
                if target >= 2:
                    workflow.approve(ini, staff)
                if target >= 3:
                    workflow.put_on_agenda(ini, staff)
                if target >= 4:
                    meeting = db.session.scalar(
                        select(Meeting).where(Meeting.uid == world.meeting_uid)
                    )
                    workflow.answer(ini, staff, AnswerKind.ADOPTED, "Goed idee.", meeting)
                if target >= 5:
                    workflow.finish(ini, staff, True, "Het busje rijdt.")
            if status == "closed":
                workflow.finish(ini, staff, False, "Doorverwezen en afgerond.")
            db.session.commit()
            ini_id = ini.id
            db.session.remove()
        return ini_id

    return factory
