"""Background work in a database table, run by `flask worker`.

Chosen over a separate queue so that a job (a mail, a draw) is written in the same
transaction as the change that causes it: a rolled-back change leaves no job, and a
committed one always has its job. The same table works on SQLite (the demo) and
PostgreSQL (production, several workers: claiming is an atomic conditional UPDATE).
"""

from __future__ import annotations

import enum
import logging
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from flask import current_app
from sqlalchemy import JSON, CursorResult, Index, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column

from burgerplatform.core import metrics
from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.extensions import Model, db

log = logging.getLogger("burgerplatform.jobs")

Handler = Callable[["Job"], Any]
_HANDLERS: dict[str, Handler] = {}


class JobStatus(enum.Enum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Model):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_run_after", "status", "run_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(
        enum_column(JobStatus, "job_status"), default=JobStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    run_after: Mapped[datetime] = mapped_column(default=utcnow)
    locked_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    # For long jobs (a draw): 0-100, shown to the person waiting for it.
    progress: Mapped[int] = mapped_column(default=0)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        _HANDLERS[kind] = func
        return func

    return register


# What the worker schedules when it starts: each module adds its recurring jobs in its
# wiring (`init_app`), so the worker needs to know none of them.
_PERIODIC: list[Callable[[], None]] = []


def periodic(schedule: Callable[[], None]) -> Callable[[], None]:
    """Add a function that keeps one recurring job pending (with `ensure_scheduled`)."""
    if schedule not in _PERIODIC:
        _PERIODIC.append(schedule)
    return schedule


def schedule_periodic() -> None:
    """Make sure every recurring job is pending once (the worker calls this at start)."""
    for schedule in _PERIODIC:
        schedule()


def enqueue(
    kind: str, payload: dict[str, Any] | None = None, run_after: datetime | None = None
) -> Job:
    """Add a job to the current transaction; it runs only if the transaction commits."""
    job = Job(kind=kind, payload=payload or {}, run_after=run_after or utcnow())
    db.session.add(job)
    db.session.flush()
    return job


def ensure_scheduled(kind: str, run_after: datetime) -> None:
    """Keep exactly one pending job of a recurring kind (a digest, a nightly purge)."""
    exists = db.session.scalar(
        select(Job.id).where(Job.kind == kind, Job.status == JobStatus.PENDING)
    )
    if not exists:
        enqueue(kind, run_after=run_after)


def _claim(job_id: int) -> bool:
    # The scoped session's execute() is typed as a plain Result; an UPDATE gives a
    # CursorResult, which has the rowcount.
    claimed = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.PENDING)
            .values(status=JobStatus.RUNNING, locked_at=utcnow(), attempts=Job.attempts + 1)
        ),
    )
    db.session.commit()
    return claimed.rowcount == 1


def _requeue_stale() -> None:
    """A worker killed mid-job leaves it RUNNING; give it back after a while (long
    enough that a slow job still running elsewhere is not taken twice)."""
    cutoff = utcnow() - timedelta(seconds=current_app.config.get("JOB_STALE_SECONDS", 900))
    db.session.execute(
        update(Job)
        .where(Job.status == JobStatus.RUNNING, Job.locked_at < cutoff)
        .values(status=JobStatus.PENDING)
    )
    db.session.commit()


class Superseded(Exception):
    """Another worker took this job over (it looked abandoned): this one stops, and what
    it did since its last heartbeat is rolled back."""


def heartbeat(job: Job, attempt: int | None = None) -> None:
    """A long job (a draw in a large pool takes most of an hour) says it is still alive,
    so `_requeue_stale` does not hand it to a second worker while it runs.

    With `attempt` (the job's `attempts` when this worker claimed it) the heartbeat is
    also a fence: if another worker has claimed the job since, it raises `Superseded`
    instead of committing, so the job's work is done once."""
    if attempt is not None:
        still_ours(job, attempt)
    else:
        job.locked_at = utcnow()
    db.session.commit()


def still_ours(job: Job, attempt: int) -> None:
    """Renew the lock in the current transaction, or raise `Superseded` (after a rollback)
    when another worker has claimed the job since this one did (the row lock of the
    UPDATE also holds off a new claim until this transaction ends)."""
    renewed = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == JobStatus.RUNNING, Job.attempts == attempt)
            .values(locked_at=utcnow())
        ),
    )
    if renewed.rowcount != 1:
        db.session.rollback()
        raise Superseded(f"job {job.id} was taken over by another worker")


def run_job(job: Job) -> None:
    func = _HANDLERS.get(job.kind)
    kind, started = job.kind, time.perf_counter()
    outcome = "done"
    try:
        if func is None:
            raise LookupError(f"no handler for job kind {job.kind!r}")
        job.result = func(job)
        job.status = JobStatus.DONE
        job.finished_at = utcnow()
        job.last_error = None
        db.session.commit()
    except Superseded:
        # The job is another worker's now: leave its row as that worker keeps it.
        db.session.rollback()
        outcome = "superseded"
        log.warning("job %s (%s) was taken over by another worker; stopped", job.id, job.kind)
    except Exception:
        db.session.rollback()
        job = db.session.get_one(Job, job.id)
        job.last_error = traceback.format_exc(limit=5)[-4000:]
        if job.attempts >= current_app.config["JOB_MAX_ATTEMPTS"]:
            job.status = JobStatus.FAILED
            job.finished_at = utcnow()
            outcome = "failed"
            log.error("job %s (%s) failed for good", job.id, job.kind)
        else:
            delay = current_app.config["JOB_RETRY_BASE_SECONDS"] * 2 ** (job.attempts - 1)
            job.status = JobStatus.PENDING
            job.run_after = utcnow() + timedelta(seconds=delay)
            outcome = "retry"
            log.warning("job %s (%s) failed, retry in %ss", job.id, job.kind, delay)
        db.session.commit()
    finally:
        metrics.observe_job(kind, outcome, time.perf_counter() - started)


def run_pending(limit: int = 100, now: datetime | None = None) -> int:
    """Run due jobs; return how many ran. Used by the worker loop and by tests."""
    ran = 0
    _requeue_stale()
    while ran < limit:
        due = db.session.scalars(
            select(Job.id)
            .where(Job.status == JobStatus.PENDING, Job.run_after <= (now or utcnow()))
            .order_by(Job.run_after, Job.id)
            .limit(10)
        ).all()
        if not due:
            break
        for job_id in due:
            if ran >= limit:
                break
            if not _claim(job_id):
                continue  # another worker took it
            run_job(db.session.get_one(Job, job_id))
            ran += 1
    return ran


# How often a running worker says it is alive (/healthz allows WORKER_STALE_SECONDS).
BEAT_SECONDS = 30


def work_forever(interval: float = 1.0, beat: Callable[[], None] | None = None) -> None:
    log.info("worker started")
    last_beat = 0.0
    while True:
        try:
            if beat is not None and time.monotonic() - last_beat >= BEAT_SECONDS:
                beat()  # /healthz shows a worker that stopped
                last_beat = time.monotonic()
            ran = run_pending()
        except Exception:  # the database may be restarting; keep the worker alive
            log.exception("worker loop failed; retrying")
            db.session.rollback()
            ran = 0
        db.session.remove()
        if not ran:
            time.sleep(interval)
