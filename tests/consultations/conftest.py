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
