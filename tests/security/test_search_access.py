"""The one search respects every access rule: each actor of the authorisation matrix
searches for words that only hidden, draft, members-only or group-only content holds,
and finds exactly what the module's own pages would show them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from burgerplatform.extensions import db
from tests.security.world import ACTORS, client_for

EVERYONE = set(ACTORS)
# Who may see what, by the rules of the pages themselves.
EXPECTED = {
    # A published proposal and a public proeftuin's topic: everybody.
    "vervoer": EVERYONE,
    "buurtsoep": EVERYONE,
    # A draft proposal: nobody, its author included (the public list's statuses).
    "ontwerpwoord": set(),
    # A post hidden by the coach: its words find its topic for nobody.
    "verborgenwoord": set(),
    # A group listing hidden by the zone's staff: nobody, its contact and staff included
    # (the search lists only what the public register shows).
    "verborgengroep": set(),
    # A topic of the members-only proeftuin Y: its coach, its member and the admin.
    "ledenwoord": {"coach_y", "member", "admin"},
    # A meeting of the klankbordgroep: the zone's staff, the seated member, the admin.
    "groepswoord": {"staff_a", "member", "admin"},
}


@pytest.fixture(scope="module")
def found(app, world):
    """For each actor and word: the titles the search lists (in one rolled-back world
    with the extra content added)."""
    built, sessions, rollback = world
    answers = {}
    with rollback.undone():
        with app.test_request_context():
            _add_content(built)
            db.session.commit()
        for actor in ACTORS:
            client = client_for(app, sessions[actor])
            for word in EXPECTED:
                response = client.get(f"/zoeken?q={word}")
                assert response.status_code == 200, (actor, word, response.status_code)
                answers[actor, word] = response.get_data(as_text=True)
    return answers


def _add_content(built) -> None:
    from burgerplatform.accounts.models import User
    from burgerplatform.core.db import utcnow
    from burgerplatform.groups import services as groups
    from burgerplatform.initiatives import services as initiatives
    from burgerplatform.meetings import services as meetings
    from burgerplatform.meetings.models import MeetingKind
    from burgerplatform.moderation import registry
    from burgerplatform.moderation import services as moderation
    from burgerplatform.moderation.models import HideReason
    from burgerplatform.proeftuinen import discussion
    from burgerplatform.proeftuinen import services as proeftuinen
    from burgerplatform.proeftuinen.models import Proeftuin, Topic
    from burgerplatform.zones.models import Zone

    def user(name):
        return db.session.get(User, built.users[name][0])

    zone = db.session.get(Zone, built.ids["zone_id"])
    initiatives.save_draft(
        zone,
        user("author"),
        initiatives.DraftData(title="Ontwerpwoord", summary="Nog niet af.", body="Later."),
    )
    topic = db.session.get(Topic, built.ids["topic_id"])
    post = discussion.reply(topic, user("author"), "Dit is een verborgenwoord.")
    moderation.hide(
        registry.get_type("proeftuin_post"), post, user("coach_x"), HideReason.OFF_TOPIC, ""
    )
    listing = groups.register_group(
        zone, user("author"), groups.Entry(name="Verborgengroep", purpose="Scheldwoorden."), True
    )
    moderation.hide(
        registry.get_type("group"), listing, user("staff_a"), HideReason.OFFENSIVE, "Scheldnaam"
    )
    members_only = db.session.get(Proeftuin, built.extra["proeftuin_y"])
    proeftuinen.join(members_only, user("member"))
    discussion.start_topic(members_only, user("coach_y"), "Ledenwoord", "Alleen voor leden.")
    start = utcnow() + timedelta(days=4)
    meetings.create_meeting(
        kind=MeetingKind.ROUND,
        space=f"round:{built.ids['round_id']}",
        zone_id=zone.id,
        title="Groepswoord: tweede samenkomst",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        created_by=user("staff_a"),
        location="Eeklo",
    )


TITLES = {
    "vervoer": "Vervoer naar het ziekenhuis",
    "buurtsoep": "Buurtsoep",
    "ontwerpwoord": "Ontwerpwoord",
    "verborgenwoord": "Buurtsoep",
    "verborgengroep": "Verborgengroep",
    "ledenwoord": "Ledenwoord",
    "groepswoord": "Groepswoord: tweede samenkomst",
}


@pytest.mark.parametrize("word", list(EXPECTED))
def test_each_actor_finds_exactly_what_the_pages_let_them_see(found, word):
    title = TITLES[word]
    wrong = []
    for actor in ACTORS:
        listed = f">{title}</a>" in found[actor, word]
        if listed != (actor in EXPECTED[word]):
            wrong.append(f"{actor} {'found' if listed else 'did not find'} {title!r}")
    assert not wrong, "\n".join(wrong)


def test_zone_b_people_find_nothing_of_zone_a_that_the_public_cannot(found):
    for word, allowed in EXPECTED.items():
        if "anonymous" in allowed:
            continue
        for actor in ("citizen_b", "staff_b"):
            assert f">{TITLES[word]}</a>" not in found[actor, word], (actor, word)


def test_the_meetings_rule_in_sql_is_the_spaces_own_rule_for_every_actor(app, world):
    """`spaces.viewable` (the search's SQL) says yes exactly where `spaces.can_view` (the
    meeting pages' rule) does, for every actor and every kind of space."""
    from flask_login import AnonymousUserMixin
    from sqlalchemy import literal, select

    from burgerplatform.accounts.models import User
    from burgerplatform.meetings import spaces

    built, _sessions, rollback = world
    wanted = [
        f"zone:{built.ids['zone_id']}",
        f"zone:{built.extra['zone_b_id']}",
        f"round:{built.ids['round_id']}",
        f"proeftuin:{built.ids['proeftuin_id']}",
        f"proeftuin:{built.extra['proeftuin_y']}",
    ]
    wrong = []
    with rollback.undone(), app.test_request_context():
        for actor in ACTORS:
            user = (
                AnonymousUserMixin()
                if actor == "anonymous"
                else db.session.get(User, built.users[actor][0])
            )
            for space in wanted:
                column = literal(space)
                condition = spaces.viewable(user, column)
                in_sql = condition is None or bool(
                    db.session.scalar(select(column).where(condition))
                )
                if in_sql != spaces.can_view(user, space):
                    wrong.append(f"{actor} {space}: SQL {in_sql}, page {not in_sql}")
    assert not wrong, "\n".join(wrong)
