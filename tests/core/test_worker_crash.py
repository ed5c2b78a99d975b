"""A mail worker killed mid-job (SIGKILL, power cut) loses no mail, and a mail sent
again after such a crash is recognisable as the same mail."""

from __future__ import annotations

from datetime import timedelta

from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.jobs import Job, JobStatus
from burgerplatform.extensions import db
from tests.core.mail_helpers import queue_one


def crash_while_running(job: Job, minutes_ago: float) -> None:
    """What a killed worker leaves behind: the job claimed, never finished."""
    assert jobs._claim(job.id)
    db.session.execute(
        db.update(Job)
        .where(Job.id == job.id)
        .values(locked_at=utcnow() - timedelta(minutes=minutes_ago))
    )
    db.session.commit()


def test_a_mail_held_by_a_killed_worker_is_sent_by_the_next_one(app, ctx, smtp):
    job = queue_one()
    crash_while_running(job, minutes_ago=16)
    assert jobs.run_pending() == 1
    assert len(smtp[1].messages) == 1
    db.session.refresh(job)
    assert job.status is JobStatus.DONE


def test_a_job_still_running_elsewhere_is_not_taken_twice(app, ctx, smtp):
    job = queue_one()
    crash_while_running(job, minutes_ago=1)  # as far as anyone can tell, still busy
    assert jobs.run_pending() == 0
    assert smtp[1].messages == []


def test_how_long_a_claimed_job_is_left_alone_is_configurable(app, ctx, smtp):
    job = queue_one()
    crash_while_running(job, minutes_ago=1)
    app.config["JOB_STALE_SECONDS"] = 30
    try:
        assert jobs.run_pending() == 1
    finally:
        del app.config["JOB_STALE_SECONDS"]
    assert len(smtp[1].messages) == 1


def test_a_mail_delivered_again_after_a_crash_carries_the_same_message_id(app, ctx, smtp):
    job = queue_one()
    assert jobs.run_pending() == 1
    # The worker died after the server said OK but before it recorded "done":
    db.session.execute(db.update(Job).where(Job.id == job.id).values(status=JobStatus.PENDING))
    db.session.commit()
    assert jobs.run_pending() == 1
    first, second = smtp[1].messages
    assert first["Message-ID"] == second["Message-ID"]
    assert f"job{job.id}" in first["Message-ID"]
