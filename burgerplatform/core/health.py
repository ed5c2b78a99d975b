"""What a load balancer and an IT supplier need to know: is this process alive, can it
serve (database reachable and at the code's migration head, Redis reachable when
configured), and is the background work going (the worker's last heartbeat, the age of
the oldest job waiting). Each check says what is wrong, in words an operator acts on."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import String, func, select, text
from sqlalchemy.orm import Mapped, mapped_column

from burgerplatform.core.db import utcnow
from burgerplatform.core.jobs import Job, JobStatus
from burgerplatform.extensions import Model, db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@cache
def version() -> str:
    """The installed version (pyproject's), shown in /healthz, the footer and the API."""
    try:
        return metadata.version("burgerplatform")
    except metadata.PackageNotFoundError:  # run from a tree that was never installed
        return "unknown"


class WorkerBeat(Model):
    """A worker's last sign of life: one row per worker process (host and pid)."""

    __tablename__ = "worker_beats"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[str] = mapped_column(String(40), default="")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def beat(now: datetime | None = None) -> None:
    """Called by the worker between jobs (and by `worker --once`); commits."""
    now = now or utcnow()
    row = db.session.get(WorkerBeat, worker_name())
    if row is None:
        row = WorkerBeat(name=worker_name(), started_at=now, seen_at=now, version=version())
        db.session.add(row)
    row.seen_at = now
    # Workers that stopped a day ago are history, not a problem to report.
    db.session.query(WorkerBeat).filter(WorkerBeat.seen_at < now - timedelta(days=1)).delete()
    db.session.commit()


@cache
def _scripts() -> Any:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(config)


def schema_heads() -> frozenset[str]:
    """The migration heads this code expects, read from its migration scripts."""
    return frozenset(_scripts().get_heads())


@dataclass
class Check:
    ok: bool
    status: str  # a word for machines: ok, unreachable, behind, stale...
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"status": self.status, **self.detail}


def check_database() -> Check:
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any failure to answer means "cannot serve"
        db.session.rollback()
        return Check(False, "unreachable", {"error": type(error).__name__})
    return Check(True, "ok")


def check_schema() -> Check:
    expected = schema_heads()
    try:
        found = set(db.session.scalars(text("SELECT version_num FROM alembic_version")))
    except Exception:  # no alembic_version table: never migrated
        db.session.rollback()
        found = set()
    detail = {"expected": sorted(expected), "found": sorted(found)}
    if found == expected:
        return Check(True, "ok", detail)
    if not found:
        return Check(False, "not migrated", detail | {"fix": "flask db upgrade"})
    # A revision this code does not know: the database was upgraded by newer code.
    known = {script.revision for script in _scripts().walk_revisions()}
    if found - known:
        # Expected while an upgrade switches code (migrations run first, README
        # "Upgrading"): the old code still serves, so the load balancer keeps it.
        return Check(True, "newer than the code", detail)
    return Check(False, "behind the code", detail | {"fix": "flask db upgrade"})


def check_redis() -> Check:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return Check(True, "not configured")
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
    except Exception as error:  # refused, timed out, wrong password...
        return Check(False, "unreachable", {"error": type(error).__name__})
    return Check(True, "ok")


def check_worker(now: datetime | None = None) -> Check:
    now = now or utcnow()
    limit = current_app.config.get("WORKER_STALE_SECONDS", 120)
    try:
        last = db.session.scalar(select(func.max(WorkerBeat.seen_at)))
    except Exception:
        db.session.rollback()
        return Check(False, "unknown")
    if last is None:
        return Check(False, "never seen", {"fix": "start `flask worker`"})
    age = int((now - last).total_seconds())
    detail = {"last_seen_seconds_ago": age, "limit_seconds": limit}
    return Check(True, "ok", detail) if age <= limit else Check(False, "stale", detail)


def check_queue(now: datetime | None = None) -> Check:
    now = now or utcnow()
    limit = current_app.config.get("QUEUE_STALE_SECONDS", 600)
    try:
        waiting, oldest = db.session.execute(
            select(func.count(Job.id), func.min(Job.run_after)).where(
                Job.status == JobStatus.PENDING, Job.run_after <= now
            )
        ).one()
    except Exception:
        db.session.rollback()
        return Check(False, "unknown")
    age = int((now - oldest).total_seconds()) if oldest is not None else 0
    detail = {"waiting": waiting, "oldest_waiting_seconds": age, "limit_seconds": limit}
    return Check(True, "ok", detail) if age <= limit else Check(False, "behind", detail)


def metric_values() -> dict[str, float | None]:
    """The database's side of /metrics: the same numbers as /healthz's worker and queue
    checks (None: not known, e.g. no worker ever seen)."""
    worker, queue = check_worker(), check_queue()
    return {
        "jobs_waiting": queue.detail.get("waiting"),
        "oldest_waiting_job_seconds": queue.detail.get("oldest_waiting_seconds"),
        "worker_last_seen_seconds": worker.detail.get("last_seen_seconds_ago"),
    }


def readiness() -> dict[str, Check]:
    """Can this process serve pages? (A load balancer sends no traffic when not.)"""
    database = check_database()
    checks = {"database": database, "redis": check_redis()}
    if database.ok:
        checks["schema"] = check_schema()
    return checks


def everything() -> dict[str, Check]:
    checks = readiness()
    if checks["database"].ok:
        checks["worker"] = check_worker()
        checks["queue"] = check_queue()
    return checks


def report(checks: dict[str, Check]) -> tuple[dict[str, Any], int]:
    ok = all(c.ok for c in checks.values())
    body: dict[str, Any] = {"status": "ok" if ok else "error", "version": version()}
    body |= {name: check.as_json() for name, check in checks.items()}
    return body, 200 if ok else 503
