"""Prometheus metrics for an operator's dashboard and alerts: requests and their
latency, background jobs and their duration (a draw is a job of kind
"klankbordgroep_draw"), mails that failed to send, and the queue and worker seen from
the database at scrape time.

Several gunicorn workers each count their own requests; with PROMETHEUS_MULTIPROC_DIR
set (a tmpfs directory emptied when the service starts) prometheus-client writes the
counts there and /metrics adds them up. Without it the process's own registry serves.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path


def _multiprocess_folder() -> str | None:
    """PROMETHEUS_MULTIPROC_DIR, made if missing. A process that cannot make it (a
    one-off `flask db upgrade` without the units' runtime folder) counts alone rather
    than failing: prometheus-client reads the variable when it is first imported."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return None
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        del os.environ["PROMETHEUS_MULTIPROC_DIR"]
        return None
    return folder


MULTIPROCESS = _multiprocess_folder()

from prometheus_client import (  # noqa: E402 - after the folder is settled
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily  # noqa: E402
from prometheus_client.registry import Collector  # noqa: E402

REQUESTS = Counter(
    "burgerplatform_requests_total",
    "HTTP requests answered, by method, endpoint and status class (2xx, 4xx...).",
    ["method", "endpoint", "status"],
)
REQUEST_SECONDS = Histogram(
    "burgerplatform_request_duration_seconds",
    "Time to answer an HTTP request, by endpoint.",
    ["endpoint"],
)
JOBS = Counter(
    "burgerplatform_jobs_total",
    "Background jobs run, by kind and outcome (done, retry, failed, superseded).",
    ["kind", "outcome"],
)
# A draw in a large pool takes most of an hour: the buckets reach that far.
JOB_SECONDS = Histogram(
    "burgerplatform_job_duration_seconds",
    "Time a background job ran, by kind (kind=klankbordgroep_draw: the draws).",
    ["kind"],
    buckets=(0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, float("inf")),
)
MAIL_FAILURES = Counter(
    "burgerplatform_mail_failures_total",
    "Mails the mail server did not take (the job retries them later).",
)

# Computed from the database at each scrape (health's checks), so every process agrees.
GAUGES = {
    "jobs_waiting": "Jobs due and pending.",
    "oldest_waiting_job_seconds": "Age of the oldest job due and pending.",
    "worker_last_seen_seconds": "Seconds since a worker's last heartbeat (absent: never seen).",
}


def observe_request(method: str, endpoint: str | None, status: int, seconds: float) -> None:
    # The endpoint, not the path: ids in paths would make one series per object.
    name = endpoint or "unmatched"
    REQUESTS.labels(method, name, f"{status // 100}xx").inc()
    REQUEST_SECONDS.labels(name).observe(seconds)


def observe_job(kind: str, outcome: str, seconds: float) -> None:
    JOBS.labels(kind, outcome).inc()
    JOB_SECONDS.labels(kind).observe(seconds)


def mail_failed() -> None:
    MAIL_FAILURES.inc()


class _Database(Collector):
    def __init__(self, values: Mapping[str, float | None]) -> None:
        self.values = values

    def collect(self) -> Iterator[GaugeMetricFamily]:
        for name, text in GAUGES.items():
            value = self.values.get(name)
            if value is not None:
                yield GaugeMetricFamily(f"burgerplatform_{name}", text, value=value)


def scrape(values: Mapping[str, float | None]) -> tuple[bytes, str]:
    """The text exposition: this process's (or all workers') counts and the gauges."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        for collector in (REQUESTS, REQUEST_SECONDS, JOBS, JOB_SECONDS, MAIL_FAILURES):
            registry.register(collector)
    registry.register(_Database(values))
    return generate_latest(registry), CONTENT_TYPE_LATEST


def forget_dead_processes(directory: str) -> int:
    """Empty the multiprocess directory at the web's start, but only of processes that
    ended: the worker shares it and is still writing its files. Returns files removed."""
    removed = 0
    for path in Path(directory).glob("*.db"):
        pid = path.stem.rsplit("_", 1)[-1]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            path.unlink(missing_ok=True)
            removed += 1
        except PermissionError:  # alive, another user's
            pass
    return removed


if __name__ == "__main__":  # ExecStartPre of deploy/systemd/burgerplatform-web.service
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        print(f"metrics: {forget_dead_processes(folder)} files of ended processes removed")
    sys.exit(0)
