"""The draw as a background job: audit record, replay, invitations, replacements, rotation."""

from __future__ import annotations

from burgerplatform.extensions import db
from tests.consultations.conftest import run_jobs


def _draw(app, round_id: int, seed: int = 42):
    from burgerplatform.consultations import draws
    from burgerplatform.consultations.models import Round

    with app.test_request_context():
        record = draws.start_draw(db.session.get(Round, round_id), seed)
        db.session.commit()
        record_id = record.id
    run_jobs(app)
    return record_id


def test_a_draw_runs_as_a_job_and_records_everything_needed_to_replay_it(
    app, pool_zone, make_round
):
    from burgerplatform.consultations import draws, queries
    from burgerplatform.consultations.models import DrawRecord, DrawStatus, Round, SeatStatus
    from burgerplatform.core.jobs import Job

    # 30 people: 5 informal carers in each municipality, enough to be counted when the
    # rules are saved (fewer than 5 would count as none).
    setup = pool_zone(30)
    round_id = make_round(
        setup, size=4, quotas={("municipality", 0): (2, 2), ("lived_experience", 1): (1, 4)}
    )
    record_id = _draw(app, round_id, seed=777)
    with app.test_request_context():
        record = db.session.get(DrawRecord, record_id)
        assert record.status is DrawStatus.DONE, record.error
        assert db.session.get(Job, record.job_id).progress == 100
        assert len(record.selected) == 4 and record.seed == 777
        assert len(record.pool_hash) == 64 and record.pool_size == 30
        # A pool of 30: leximin, to the end.
        assert record.algorithm.startswith("leximin over answer profiles")
        assert sorted(pid for group in record.profiles for pid in group) == sorted(
            record.probabilities
        )
        assert [q["min"] for q in record.quotas] == [2, 1]
        assert len(record.probabilities) == 30 and record.min_probability > 0
        # Replaying from the stored distribution and seed gives the same group.
        assert draws.replay(record) == sorted(record.selected)
        round_ = queries.load_round_for_group(round_id)
        assert {s.member.pseudonym for s in round_.seats} == set(record.selected)
        assert all(s.status is SeatStatus.INVITED for s in round_.seats)
        assert db.session.get(Round, round_id).seats[0].member.user.email in setup.members


def test_invited_people_get_a_notification_and_an_email(app, pool_zone, make_round, deliver):
    setup = pool_zone(6)
    round_id = make_round(setup, size=2)
    _draw(app, round_id)
    messages = deliver()
    invited = [m for m in messages if str(m["To"]).strip("<>") in setup.members]
    assert len(invited) == 2
    assert all("klankbordgroep" in str(m["Subject"]) for m in invited)
    # Staff hear that the draw is done.
    assert any(setup.staff_email in str(m["To"]) for m in messages)


def test_a_draw_that_fails_on_a_sensitive_quota_names_no_quota_and_no_count(
    app, pool_zone, make_round
):
    from burgerplatform.audit.models import AuditEvent
    from burgerplatform.consultations import audit_record, draws, pool
    from burgerplatform.consultations.models import DrawRecord, DrawStatus, Quota, Round
    from burgerplatform.core.jobs import Job
    from burgerplatform.notifications.models import Notification
    from burgerplatform.zones.models import Zone

    # 8 people: a group of 3 with a sensitive quota needs the group plus 5.
    setup = pool_zone(8)
    round_id = make_round(setup, size=3)
    # Nobody in the pool lives with a disability. The group page does not look (it is a
    # sensitive answer); the draw does, and fails, saying which quota only when it is not
    # sensitive.
    with app.test_request_context():
        round_ = db.session.get(Round, round_id)
        zone = db.session.get(Zone, round_.zone_id)
        value = {c.key: c for c in pool.categories(zone)}["lived_experience"].values[2]
        round_.quotas.append(Quota(value_id=value.id, min=2, max=3))
        db.session.flush()
        assert draws.draw_blocked(round_) is None
        record = draws.start_draw(round_, 42)
        db.session.commit()
        record_id = record.id
    run_jobs(app)
    fixed = {
        "nl": "De pool kan deze quota niet samen halen. We zeggen niet welke quota over "
        "gevoelige antwoorden",
        "fr": "Le pool ne permet pas d'atteindre ces quotas ensemble.",
        "en": "The pool cannot meet these quotas together.",
    }
    for language, text in fixed.items():
        with app.test_request_context(headers={"Accept-Language": language}):
            record = db.session.get(DrawRecord, record_id)
            assert record.status is DrawStatus.FAILED
            assert record.error_message.startswith(text), record.error_message
            assert record.error_params == {}
            audit = audit_record.staff_record(record)
            said = repr(
                [
                    record.error,
                    audit["error"],
                    db.session.get(Job, record.job_id).result,
                    [n.params for n in db.session.scalars(db.select(Notification))],
                    [e.detail for e in db.session.scalars(db.select(AuditEvent))],
                ]
            )
            assert "beperking" not in said and "disability" not in said, said
            assert not any(ch.isdigit() for ch in record.error_message)


def test_a_decline_draws_a_replacement_who_keeps_the_quotas(app, pool_zone, make_round):
    from burgerplatform.consultations import draws, queries, sortition
    from burgerplatform.consultations.models import DrawRecord, SeatStatus

    setup = pool_zone(12)
    quotas = {("municipality", 0): (1, 1), ("municipality", 1): (2, 2)}
    round_id = make_round(setup, size=3, quotas=quotas)
    record_id = _draw(app, round_id)
    with app.test_request_context():
        round_ = queries.load_round_for_group(round_id)
        first = round_.seats[0]
        new = draws.answer(first, accept=False)
        db.session.commit()
        assert first.status is SeatStatus.DECLINED
        assert new is not None and new.replacement and new.member_id != first.member_id
        holding = [s.member for s in round_.seats if s.status is SeatStatus.INVITED]
        rows = draws.pool_rows(
            holding,
            __import__("burgerplatform.consultations.pool", fromlist=["x"]).categories_by_id(
                setup.zone_id
            ),
        )
        assert sortition.meets_quotas(rows, draws.quota_rules(round_))
        record = db.session.get(DrawRecord, record_id)
        assert record.replacements[0]["for"] == first.member.pseudonym
        assert record.replacements[0]["chosen"] == new.member.pseudonym


def test_no_answer_in_time_expires_the_invitation_and_draws_a_replacement(
    app, pool_zone, make_round
):
    from datetime import timedelta

    from burgerplatform.consultations import queries
    from burgerplatform.consultations.models import SeatStatus
    from burgerplatform.core import jobs
    from burgerplatform.core.db import utcnow

    setup = pool_zone(6)
    round_id = make_round(setup, size=2)
    _draw(app, round_id)
    with app.test_request_context():
        # The expiry job runs at the reply date (simulated: the clock is 11 days on).
        first_seats = [s.id for s in queries.load_round_for_group(round_id).seats]
        jobs.run_pending(now=utcnow() + timedelta(days=11), limit=len(first_seats) + 1)
        round_ = queries.load_round_for_group(round_id)
        by_id = {s.id: s for s in round_.seats}
        assert all(by_id[i].status is SeatStatus.EXPIRED for i in first_seats)
        new = [s for s in round_.seats if s.id not in first_seats]
        assert len(new) == 2 and all(s.replacement for s in new)
        assert queries.latest_draw(round_).replacements[0]["reason"] == "expired"


def test_people_seated_in_the_last_round_are_left_out_of_the_next_draw(app, pool_zone, make_round):
    from burgerplatform.consultations import draws, queries
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(8)
    first_id = make_round(setup, size=3, rotation_rounds=1, title="Eerste")
    _draw(app, first_id)
    with app.test_request_context():
        seated = set()
        for seat in queries.load_round_for_group(first_id).seats:
            draws.answer(seat, accept=True)
            seated.add(seat.member.pseudonym)
        db.session.commit()
    second_id = make_round(setup, size=3, rotation_rounds=1, title="Tweede")
    record_id = _draw(app, second_id)
    with app.test_request_context():
        record = db.session.get(DrawRecord, record_id)
        assert set(record.left_out) == seated
        assert not seated & set(record.selected)
        assert not seated & set(record.probabilities)


def test_a_draw_running_longer_than_the_stale_window_keeps_its_job(
    app, pool_zone, make_round, monkeypatch
):
    """A draw that outlives the stale window (a slow or busy machine) is not started again
    by a second worker."""
    from datetime import timedelta

    from burgerplatform.consultations import draws, sortition
    from burgerplatform.core.db import utcnow
    from burgerplatform.core.jobs import Job, JobStatus

    real_draw = sortition.draw
    locks = []

    def slow_draw(*args):
        job = db.session.scalar(db.select(Job).where(Job.status == JobStatus.RUNNING))
        job.locked_at = utcnow() - timedelta(minutes=20)  # the solver has been busy long
        progress = args[6]
        progress(job.progress + 1)  # a small step: no new percentage worth a commit
        locks.append(db.session.get(Job, job.id).locked_at)
        return real_draw(*args)

    monkeypatch.setattr(draws.sortition, "draw", slow_draw)
    setup = pool_zone(6)
    _draw(app, make_round(setup, size=2))
    assert locks and utcnow() - locks[0] < timedelta(minutes=1), "the job looked abandoned"


def test_the_public_round_page_gives_the_lowest_chance_in_the_readers_number_format(
    app, pool_zone, make_round, make_client
):
    from burgerplatform.consultations.models import DrawRecord

    setup = pool_zone(9)
    round_id = make_round(setup, size=3)
    record_id = _draw(app, round_id)
    with app.app_context():
        lowest = db.session.get(DrawRecord, record_id).min_probability  # 3 of 9: a third
    assert round(lowest, 3) == 0.333
    page = {}
    for language in ("nl", "fr", "en"):
        visitor = make_client()
        visitor.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        page[language] = visitor.get(f"/{setup.slug}/rounds/{round_id}").get_data(as_text=True)
    assert "33,3%" in page["nl"] and "33,3\xa0%" in page["fr"] and "33.3%" in page["en"]
