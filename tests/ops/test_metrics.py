"""/metrics for Prometheus (issue 21, item 4): only with the token, and it counts what an
operator alerts on: requests, jobs by kind, mails the server refused, the waiting queue."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from burgerplatform.core import health, jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.jobs import Job, JobStatus
from burgerplatform.extensions import db

TOKEN = "s3cret-metrics-token"


@pytest.fixture
def token(app, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    return TOKEN


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[sample.name, tuple(sorted(sample.labels.items()))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_metrics_are_not_found_without_the_right_token(app, client, monkeypatch):
    assert client.get("/metrics").status_code == 404  # no token configured: no endpoint
    monkeypatch.setitem(app.config, "METRICS_TOKEN", TOKEN)
    assert client.get("/metrics").status_code == 404
    for wrong in ("Bearer nope", TOKEN, f"Basic {TOKEN}", f"Bearer {TOKEN}x"):
        response = client.get("/metrics", headers={"Authorization": wrong})
        assert response.status_code == 404
        assert b"burgerplatform_" not in response.data


def test_a_request_is_counted_by_endpoint_and_status_class(client, token):
    before = scrape(client)
    assert client.get("/healthz/live").status_code == 200
    after = scrape(client)
    labels = {"method": "GET", "endpoint": "site.healthz_live", "status": "2xx"}
    assert value(after, "burgerplatform_requests_total", **labels) == (
        value(before, "burgerplatform_requests_total", **labels) + 1
    )
    count = "burgerplatform_request_duration_seconds_count"
    assert value(after, count, endpoint="site.healthz_live") == (
        value(before, count, endpoint="site.healthz_live") + 1
    )


def test_a_job_run_shows_with_its_kind_and_outcome(app, client, token):
    jobs.handler("metrics_test")(lambda job: {"ok": True})
    before = scrape(client)
    with app.app_context():
        jobs.enqueue("metrics_test")
        db.session.commit()
        assert jobs.run_pending() == 1
    after = scrape(client)
    done = {"kind": "metrics_test", "outcome": "done"}
    assert value(after, "burgerplatform_jobs_total", **done) == (
        value(before, "burgerplatform_jobs_total", **done) + 1
    )
    count = "burgerplatform_job_duration_seconds_count"
    assert value(after, count, kind="metrics_test") == value(before, count, kind="metrics_test") + 1


def test_the_queue_gauges_show_a_waiting_job_and_the_worker(app, client, token):
    samples = scrape(client)
    assert value(samples, "burgerplatform_jobs_waiting") == 0
    assert ("burgerplatform_worker_last_seen_seconds", ()) not in samples  # never seen
    with app.app_context():
        health.beat(now=utcnow() - timedelta(seconds=90))
        db.session.add(
            Job(kind="mail", status=JobStatus.PENDING, run_after=utcnow() - timedelta(minutes=5))
        )
        db.session.commit()
    samples = scrape(client)
    assert value(samples, "burgerplatform_jobs_waiting") == 1
    assert value(samples, "burgerplatform_oldest_waiting_job_seconds") >= 300
    assert value(samples, "burgerplatform_worker_last_seen_seconds") >= 90


def test_a_mail_the_server_refuses_is_counted_as_a_failure(app, client, token, monkeypatch):
    from burgerplatform.core.mail import queue_mail

    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setitem(app.config, "MAIL_PORT", closed)
    before = value(scrape(client), "burgerplatform_mail_failures_total")
    with app.test_request_context(base_url="http://localhost"):
        queue_mail(
            "bert@example.org",
            "Hello",
            "notification",
            user={"display_name": "Bert"},
            text="hello",
            link="/",
        )
        db.session.commit()
        assert jobs.run_pending() == 1
        job = db.session.scalars(db.select(Job).where(Job.kind == "send_mail")).one()
        assert job.status == JobStatus.PENDING  # it will be tried again
        db.session.remove()
    assert value(scrape(client), "burgerplatform_mail_failures_total") == before + 1


RUN = [sys.executable, "-c"]
COUNT = (
    "from burgerplatform.core import metrics; "
    "metrics.observe_request('GET', 'site.home', 200, 0.01)"
)
SHOW = "from burgerplatform.core import metrics; print(metrics.scrape({})[0].decode())"


def test_several_gunicorn_workers_are_added_up_in_multiprocess_mode(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _process in range(2):  # two workers, one request each
        subprocess.run([*RUN, COUNT], env=env, check=True)
    shown = subprocess.run([*RUN, SHOW], env=env, check=True, capture_output=True, text=True)
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(shown.stdout)
        for s in family.samples
    }
    labels = {"method": "GET", "endpoint": "site.home", "status": "2xx"}
    assert value(samples, "burgerplatform_requests_total", **labels) == 2
    # At the web's start, files of processes that ended go; a live one's would stay.
    from burgerplatform.core.metrics import forget_dead_processes

    assert forget_dead_processes(str(tmp_path)) >= 2
    assert not list(tmp_path.glob("counter_*.db"))


def test_a_command_without_the_metrics_folder_still_runs(tmp_path):
    # e.g. `flask db upgrade` in the migrate container: the folder cannot be made there.
    blocked = tmp_path / "file"
    blocked.write_text("")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(blocked / "metrics")}
    done = subprocess.run(
        [*RUN, COUNT + "; " + SHOW.split("; ", 1)[1]],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert "burgerplatform_requests_total" in done.stdout
