"""E-mail that is never lost: written with the change, delivered by the worker."""

from __future__ import annotations

from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.jobs import Job, JobStatus
from burgerplatform.core.mail import queue_mail
from burgerplatform.extensions import db
from tests.core.mail_helpers import queue_one


def test_a_mail_is_delivered_once_with_a_plain_text_and_html_part(app, ctx, smtp):
    queue_one("http://x/confirm/abc")
    assert jobs.run_pending() == 1
    assert jobs.run_pending() == 0
    (mail,) = smtp[1].messages
    assert mail["Subject"] == "Onderwerp"
    assert mail.get_body(preferencelist=("plain",)) is not None
    assert mail.get_body(preferencelist=("html",)) is not None


def test_a_rolled_back_change_sends_no_mail(app, ctx, smtp):
    queue_mail(
        "an@example.org",
        "Onderwerp",
        "confirm",
        locale="nl",
        user=type("U", (), {"display_name": "An"})(),
        link="http://x",
    )
    db.session.rollback()
    assert jobs.run_pending() == 0
    assert smtp[1].messages == []


def test_a_mail_server_that_is_down_delays_mail_but_loses_none(app, ctx, smtp):
    queue_one()
    real_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 1  # nothing listens there
    try:
        assert jobs.run_pending() == 1
    finally:
        app.config["MAIL_PORT"] = real_port
    job = db.session.scalar(db.select(Job))
    assert job.status is JobStatus.PENDING and job.attempts == 1 and job.last_error
    assert job.run_after > utcnow()
    assert jobs.run_pending() == 0  # not due yet
    # Later, the server is back:
    assert jobs.run_pending(now=job.run_after) == 1
    assert len(smtp[1].messages) == 1
    db.session.refresh(job)
    assert job.status is JobStatus.DONE


def test_a_job_that_keeps_failing_is_given_up_and_kept_for_inspection(app, ctx):
    @jobs.handler("always_fails")
    def fail(job):
        raise RuntimeError("boom")

    job = jobs.enqueue("always_fails")
    db.session.commit()
    for _ in range(app.config["JOB_MAX_ATTEMPTS"]):
        db.session.refresh(job)
        jobs.run_pending(now=job.run_after)
    db.session.refresh(job)
    assert job.status is JobStatus.FAILED
    assert "boom" in job.last_error


def test_two_workers_never_run_the_same_job(app, ctx):
    job = jobs.enqueue("send_mail", {"to": "x@example.org"})
    db.session.commit()
    assert jobs._claim(job.id) is True
    assert jobs._claim(job.id) is False


def test_the_worker_command_delivers_mail_and_plans_the_digest_and_the_purge(app, ctx, smtp):
    queue_one()
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert len(smtp[1].messages) == 1
    planned = set(db.session.scalars(db.select(Job.kind).where(Job.status == JobStatus.PENDING)))
    assert planned == {
        "send_digests",
        "purge_redactions",
        "expire_unconfirmed_accounts",
        "forget_delivered_mail",
        "drop_expired_allowances",  # payments past the 7 years the law keeps them
        "lapse_unconfirmed_groups",  # groups nobody confirmed for a year are hidden
    }
