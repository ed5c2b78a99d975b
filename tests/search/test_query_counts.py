"""The search page runs as many SQL statements with 5 matches of every kind as with 50
(each source reads its hits in one query, whatever it finds)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.zones.models import Role
from tests.core.test_query_counts import LARGE, MAX_QUERIES, SMALL


@pytest.fixture
def scene(app, make_zone, make_user):
    zone = make_zone(slug="meetjesland", name="ELZ Meetjesland")
    staff = make_user(roles=[(zone.id, Role.STAFF)])
    coach = make_user(roles=[(zone.id, Role.COACH)])
    citizen = make_user(zone_id=zone.id)
    return {"zone": zone, "staff": staff, "coach": coach, "citizen": citizen}


def add_matches(app, scene, n: int, start: int) -> None:
    """n of every kind that "bus" finds: proposals, rounds with advice and a group
    meeting, topics in a public and in a members-only proeftuin, zorgraad meetings."""
    from burgerplatform.consultations.models import Recommendation, Round
    from burgerplatform.initiatives.models import Initiative, Status
    from burgerplatform.meetings.models import Meeting, MeetingKind
    from burgerplatform.proeftuinen.models import (
        MemberRole,
        Membership,
        Proeftuin,
        Topic,
        Visibility,
    )

    zone_id = scene["zone"].id
    with app.app_context():
        now = utcnow()
        for i in range(start, start + n):
            db.session.add(
                Initiative(
                    zone_id=zone_id,
                    title=f"Een bus {i}",
                    summary="De bus rijdt te weinig.",
                    body="Tekst.",
                    status=Status.PUBLISHED,
                    published_at=now,
                )
            )
            round_ = Round(
                zone_id=zone_id, title=f"Ronde over de bus {i}", question_draft="Welke bus?"
            )
            db.session.add(round_)
            db.session.flush()
            db.session.add(Recommendation(round_id=round_.id, title=f"Belbus {i}", body="Bus."))
            for kind, space in (
                (MeetingKind.ZORGRAAD, f"zone:{zone_id}"),
                (MeetingKind.ROUND, f"round:{round_.id}"),
            ):
                db.session.add(
                    Meeting(
                        kind=kind,
                        space=space,
                        zone_id=zone_id,
                        title=f"Over de bus {i}",
                        starts_at=now + timedelta(days=i),
                        ends_at=now + timedelta(days=i, hours=1),
                    )
                )
            for visibility in Visibility:
                proeftuin = Proeftuin(name=f"Proeftuin {i}", zone_id=zone_id, visibility=visibility)
                proeftuin.memberships.append(
                    Membership(user_id=scene["coach"].id, role=MemberRole.COACH)
                )
                db.session.add(proeftuin)
                db.session.flush()
                db.session.add(Topic(proeftuin_id=proeftuin.id, title=f"De bus {i}"))
        db.session.commit()


@pytest.mark.parametrize("who", ["anonymous", "citizen", "staff", "coach"])
def test_the_search_page_runs_the_same_queries_with_5_or_50_matches_of_each_kind(
    app, scene, make_client, count_queries, who
):
    client = make_client()
    if who != "anonymous":
        client.login(scene[who].email)

    def measure() -> int:
        # Adding data moves the page cache's version: both requests are searched.
        response, queries = count_queries(lambda: client.get("/zoeken?q=bus"))
        assert response.status_code == 200
        assert 'rel="next"' in response.get_data(as_text=True)  # more than one page found
        return queries

    add_matches(app, scene, SMALL, 0)
    small = measure()
    add_matches(app, scene, LARGE - SMALL, SMALL)
    large = measure()
    assert small == large, f"{small} queries with {SMALL} of each, {large} with {LARGE}"
    assert large <= MAX_QUERIES
