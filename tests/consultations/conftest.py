"""Factories for rounds: a zone with a pool of citizens with varied answers."""

from __future__ import annotations

import random
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from burgerplatform.extensions import db


@dataclass
class Setup:
    zone_id: int
    slug: str
    staff_email: str
    members: list[str]  # e-mails of pool members


@pytest.fixture
def pool_zone(app, make_zone, make_user):
    """A zone with staff and a pool of `size` citizens; every one answers some questions."""
    from burgerplatform.consultations import pool
    from burgerplatform.zones.models import Role, Zone

    def factory(size: int = 12, seed: int = 5, zone=None) -> Setup:
        zone = zone or make_zone()
        staff = make_user(roles=[(zone.id, Role.STAFF)])
        rng = random.Random(seed)
        emails = []
        users = [make_user(zone_id=zone.id) for _ in range(size)]
        with app.test_request_context():
            z = db.session.get(Zone, zone.id)
            cats = {c.key: c for c in pool.categories(z)}
            for i, user in enumerate(users):
                from burgerplatform.accounts.models import User

                u = db.session.get(User, user.id)
                values = {
                    cats["municipality"].values[i % 2].id,
                    rng.choice(cats["age_band"].values).id,
                }
                if i % 3 == 0:
                    values.add(cats["lived_experience"].values[1].id)  # informal carer
                if i % 4 == 0:
                    values.add(cats["lived_experience"].values[0].id)  # chronic illness
                pool.join_or_update(z, u, values, consent=True)
                emails.append(u.email)
            db.session.commit()
        return Setup(zone.id, zone.slug, staff.email, emails)

    return factory


@pytest.fixture
def make_round(app):
    """A round in a zone, with optional quotas {(category key, value index): (min, max)}."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations import draws, pool, services
    from burgerplatform.zones.models import Zone

    def factory(
        setup: Setup, size: int = 3, quotas=None, rotation_rounds: int = 0, **fields
    ) -> int:
        with app.test_request_context():
            zone = db.session.get(Zone, setup.zone_id)
            staff = db.session.scalar(select(User).where(User.email == setup.staff_email))
            round_ = services.create_round(
                zone,
                staff,
                fields.get("title", "Vervoer naar de huisarts"),
                "Hoe geraken mensen zonder auto bij de huisarts?",
                "",
                "PZON-cluster",
                None,
                fields.get("open_to_all", False),
            )
            cats = {c.key: c for c in pool.categories(zone)}
            wanted = {cats[key].values[i].id: limits for (key, i), limits in (quotas or {}).items()}
            draws.set_group(round_, size, rotation_rounds, 0, True, 10, wanted)
            db.session.commit()
            return round_.id

    return factory


def accepted_seat(member, round_=None, round_id=None, days: int = 7):
    """A seat in the klankbordgroep that `member` (a PoolMember) has accepted, made
    directly: for tests that need a seated member, not the draw."""
    from datetime import timedelta

    from burgerplatform.consultations.models import Seat, SeatStatus
    from burgerplatform.core.db import utcnow

    seat = Seat(
        member=member,
        status=SeatStatus.ACCEPTED,
        reply_by=utcnow() + timedelta(days=days),
        answered_at=utcnow(),
    )
    if round_ is not None:
        seat.round = round_
    else:
        seat.round_id = round_id
    db.session.add(seat)
    return seat


def run_jobs(app):
    from burgerplatform.core import jobs

    with app.test_request_context():
        jobs.run_pending()
        db.session.remove()


@dataclass
class Staged:
    """A round put straight into a phase, with what that phase needs to act on."""

    setup: Setup
    round_id: int
    members: list[str]  # e-mails of the two seated members
    zorgraad_email: str
    online_id: int | None = None  # input of the first member, used in the recommendation
    offline_id: int | None = None  # offline input with an e-mail contact, not used
    rec_id: int | None = None
    correction_id: int | None = None  # an open correction of the second member

    @property
    def base(self) -> str:
        return f"/{self.setup.slug}/rounds/{self.round_id}"


@pytest.fixture
def staged_round(app, pool_zone, make_round, make_user):
    """staged_round(phase) -> Staged: a round in `phase` (a Phase value), two accepted
    seats, and from gather on input; from co-draft on a recommendation; in review an open
    correction. The phase is set directly: the test is about what happens there."""
    from burgerplatform.consultations.models import (
        ContactMethod,
        Contribution,
        Phase,
        PoolMember,
        Recommendation,
        RecommendationVersion,
        ReviewKind,
        ReviewResponse,
        Round,
    )
    from burgerplatform.zones.models import Role

    def factory(phase: str = "co_define", seated: bool = True, pool_size: int = 6) -> Staged:
        setup = pool_zone(pool_size)
        round_id = make_round(setup, size=2)
        zorgraad = make_user(roles=[(setup.zone_id, Role.ZORGRAAD_MEMBER)])
        staged = Staged(setup, round_id, setup.members[:2] if seated else [], zorgraad.email)
        with app.test_request_context():
            round_ = db.session.get(Round, round_id)
            round_.phase = Phase(phase)
            members = []
            if seated:
                for email in staged.members:
                    from burgerplatform.accounts.models import User

                    user = db.session.scalar(select(User).where(User.email == email))
                    member = db.session.scalar(
                        select(PoolMember).where(PoolMember.user_id == user.id)
                    )
                    accepted_seat(member, round_=round_)
                    members.append(user)
            index = round_.phase_index
            if index >= 1 and members:
                online = Contribution(
                    round_id=round_id,
                    zone_id=setup.zone_id,
                    author_id=members[0].id,
                    body="Een buurtauto.",
                )
                offline = Contribution(
                    round_id=round_id,
                    zone_id=setup.zone_id,
                    body="De belbus is duur.",
                    offline=True,
                    source_event="Markt",
                    contact_name="Maria",
                    contact_method=ContactMethod.EMAIL,
                    contact_detail="maria@example.org",
                )
                db.session.add_all([online, offline])
                db.session.flush()
                staged.online_id, staged.offline_id = online.id, offline.id
                if index >= 2:
                    rec = Recommendation(
                        round_id=round_id, title="Buurtauto", body="Steun een buurtauto."
                    )
                    rec.versions.append(
                        RecommendationVersion(
                            number=1, title=rec.title, body=rec.body, author_id=members[0].id
                        )
                    )
                    rec.sources = [online]
                    db.session.add(rec)
                    db.session.flush()
                    staged.rec_id = rec.id
                if index >= 3:
                    correction = ReviewResponse(
                        round_id=round_id,
                        user_id=members[1].id,
                        kind=ReviewKind.CORRECTION,
                        body="Noem ook de belbus.",
                    )
                    db.session.add(correction)
                    db.session.flush()
                    staged.correction_id = correction.id
            db.session.commit()
        return staged

    return factory


@pytest.fixture
def english_pages(app):
    """english_pages(): everyone reads English pages from now on, so a test can read the
    source strings."""
    from sqlalchemy import update

    from burgerplatform.accounts.models import User

    def switch():
        with app.app_context():
            db.session.execute(update(User).values(locale="en"))
            db.session.commit()

    return switch


def today():
    """Today in the platform's time zone, by the draws' clock (see `DrawClock`)."""
    from tests.conftest import DRAW_CLOCK

    return DRAW_CLOCK.today()


def tomorrow():
    """The first day a list published now can name as the day its number is known."""
    from datetime import timedelta

    return today() + timedelta(days=1)


def draw_form(source: str, known_on: str | None = None, known_at: str = "") -> dict:
    """The staff's form that publishes a list: the source and from when its number is
    known (tomorrow by default: a list is published before it; `number_is_known` then
    lets that moment pass, so that the number can be entered)."""
    day = known_on or tomorrow().isoformat()
    return {"source": source, "known_on": day, "known_at": known_at}


def number_is_known() -> None:
    """Let the moment pass from which the number of the list just published is known."""
    from tests.conftest import DRAW_CLOCK

    DRAW_CLOCK.number_is_known()
