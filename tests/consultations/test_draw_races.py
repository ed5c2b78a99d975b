"""Two requests at the same moment on one round's draw (two tabs, two staff members):
one list per round, and one number picks one group. The other request was computed on
what it read before the first one's write landed; these tests give it exactly that."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from burgerplatform.consultations import draws
from burgerplatform.consultations.models import DrawRecord, DrawStatus, Round, Seat
from burgerplatform.core.domain import PhaseError
from burgerplatform.extensions import db
from tests.consultations.conftest import tomorrow
from tests.consultations.test_published_draw import _prepare


def _pending(round_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(DrawRecord)
        .where(
            DrawRecord.round_id == round_id,
            DrawRecord.status.in_([DrawStatus.QUEUED, DrawStatus.RUNNING, DrawStatus.PUBLISHED]),
        )
    )


def test_a_second_publish_at_the_same_moment_follows_the_first_list_not_a_list_of_its_own(
    app, pool_zone, make_round, monkeypatch
):
    """Both requests found no pending draw; the first one's list was saved in between."""
    round_id = make_round(pool_zone(12), size=4)
    with app.test_request_context():
        round_ = db.session.get_one(Round, round_id)
        first = draws.start_draw(round_, source="bron 1", known_on=tomorrow())
        db.session.commit()
        # The second request read "no pending draw" before the first was saved.
        monkeypatch.setattr(draws, "pending_draw", _none_once(draws.pending_draw))
        second = draws.start_draw(round_, source="bron 1", known_on=tomorrow())
        db.session.commit()
        assert second.id == first.id
        assert _pending(round_id) == 1
        # With a source of its own it is told which source the first list has.
        monkeypatch.setattr(draws, "pending_draw", _none_once(draws.pending_draw))
        with pytest.raises(PhaseError, match="bron 1"):
            draws.start_draw(round_, source="bron 2", known_on=tomorrow())
        db.session.rollback()
        assert _pending(round_id) == 1


def _none_once(real):
    calls = []

    def pending_draw(round_):
        calls.append(round_)
        return None if len(calls) == 1 else real(round_)

    return pending_draw


def test_the_database_refuses_a_second_pending_list_for_a_round(app, pool_zone, make_round):
    """Whatever the code path: the unique index holds one pending draw per round."""
    from sqlalchemy.exc import IntegrityError

    round_id = make_round(pool_zone(12), size=4)
    with app.app_context():
        db.session.add(DrawRecord(round_id=round_id, status=DrawStatus.PUBLISHED))
        db.session.commit()
        db.session.add(DrawRecord(round_id=round_id, status=DrawStatus.QUEUED))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
        # A discarded or finished list does not count: a new one may follow it.
        db.session.add(DrawRecord(round_id=round_id, status=DrawStatus.DISCARDED))
        db.session.add(DrawRecord(round_id=round_id, status=DrawStatus.DONE))
        db.session.commit()


def test_a_number_confirmed_while_another_confirmation_picked_the_group_invites_nobody(
    app, pool_zone, make_round
):
    """The second confirmation read the list as still waiting; the first one's pick
    landed before its own write. It is refused in words, not a 500, and nobody more is
    invited (before: three groups of 12 invited for one round of 12 seats)."""
    setup = pool_zone(12)
    round_id = make_round(setup, size=4)
    _staff, _base, record = _prepare(app, setup, round_id)
    with app.test_request_context():
        stale = db.session.get_one(DrawRecord, record.id)
        assert stale.status is DrawStatus.PUBLISHED
        # The first confirmation's pick, written behind this request's back (its object
        # still says "published", as the second request's did).
        db.session.execute(
            update(DrawRecord)
            .where(DrawRecord.id == record.id)
            .values(status=DrawStatus.DONE, public_number="101", number_entered_at=func.now())
            .execution_options(synchronize_session=False)
        )
        assert stale.status is DrawStatus.PUBLISHED
        with pytest.raises(PhaseError):
            draws.enter_number(stale, "202")
        assert db.session.scalar(select(func.count()).where(Seat.round_id == round_id)) == 0
        db.session.refresh(stale)
        assert stale.public_number == "101"
