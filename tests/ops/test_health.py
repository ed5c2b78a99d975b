"""/healthz says what is wrong (issue 21, item 2): it was green while Redis was away and
while the code was ahead of the database. Each dependency is broken here in turn."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from burgerplatform.core import health
from burgerplatform.core.db import utcnow
from burgerplatform.core.jobs import Job, JobStatus
from burgerplatform.extensions import db


def beat(app, seconds_ago: int = 0) -> None:
    with app.app_context():
        health.beat(now=utcnow() - timedelta(seconds=seconds_ago))


def test_everything_is_green_with_a_migrated_database_and_a_working_worker(app, client):
    beat(app)
    response = client.get("/healthz")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["version"] == health.version() != ""
    assert body["schema"]["found"] == body["schema"]["expected"]
    assert body["worker"]["status"] == "ok"
    assert body["queue"] == {
        "status": "ok",
        "waiting": 0,
        "oldest_waiting_seconds": 0,
        "limit_seconds": 600,
    }


def test_a_worker_that_never_started_or_stopped_shows(app, client):
    assert client.get("/healthz").get_json()["worker"]["status"] == "never seen"
    beat(app, seconds_ago=600)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["worker"]["status"] == "stale"
    assert response.get_json()["worker"]["last_seen_seconds_ago"] >= 600
    # The web can still serve: a load balancer keeps sending traffic.
    assert client.get("/healthz/ready").status_code == 200


def test_a_job_waiting_too_long_shows_with_its_age(app, client):
    beat(app)
    with app.app_context():
        db.session.add(
            Job(kind="mail", status=JobStatus.PENDING, run_after=utcnow() - timedelta(minutes=20))
        )
        db.session.commit()
    response = client.get("/healthz")
    assert response.status_code == 503
    queue = response.get_json()["queue"]
    assert queue["status"] == "behind"
    assert queue["waiting"] == 1
    assert queue["oldest_waiting_seconds"] >= 1200


def test_redis_unreachable_makes_the_site_not_ready(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:1/0")
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.get_json()["redis"]["status"] == "unreachable"


def test_redis_that_answers_is_ok(app, client, monkeypatch):
    redis = pytest.importorskip("redis")
    try:
        redis.Redis(socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setitem(app.config, "REDIS_URL", "redis://127.0.0.1:6379/15")
    assert client.get("/healthz/ready").get_json()["redis"]["status"] == "ok"


@pytest.mark.parametrize(
    ("revision", "status"),
    [
        ("5e2a9c1d7b43", "behind the code"),
        (None, "not migrated"),
    ],
)
def test_a_database_not_at_the_codes_migration_makes_the_site_not_ready(
    app, client, revision, status
):
    with app.app_context():
        db.session.execute(text("DELETE FROM alembic_version"))
        if revision:
            db.session.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": revision})
        db.session.commit()
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.get_json()["schema"]["status"] == status


def test_liveness_needs_nothing_but_the_process(client):
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "version": health.version()}


@pytest.mark.parametrize("url", ["/healthz/live", "/healthz/ready", "/healthz"])
def test_health_answers_a_container_check_at_an_internal_address(client, url):
    """The image's HEALTHCHECK and a load balancer ask 127.0.0.1:8000, not BASE_URL's host."""
    response = client.get(url, headers={"Host": "10.0.0.5:8000"})
    assert response.status_code in (200, 503)
    assert response.is_json
    assert client.get("/", headers={"Host": "10.0.0.5:8000"}).status_code == 400  # pages not


def test_during_an_upgrade_the_old_code_stays_ready_and_says_the_schema_is_newer(app, client):
    with app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
        db.session.commit()
    response = client.get("/healthz/ready")
    assert response.status_code == 200
    assert response.get_json()["schema"]["status"] == "newer than the code"
