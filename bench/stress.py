"""`make stress`: mixed load with faults against gunicorn + PostgreSQL, then checks.

What it does (as root, on a machine with PostgreSQL 15's server packages):

1. Creates a throwaway PostgreSQL cluster (15/stress on port 55432) so that restarting
   it hurts nobody, migrates it (or, when the migrations lag behind the models, builds
   the schema from the models and says so) and seeds the demo.
2. Starts gunicorn (STRESS_WORKERS, default 3) and the mail worker, with mail going to
   a local SMTP server that is *down* for the whole run.
3. Runs locust headless (bench/locustfile.py): STRESS_USERS (50) users for
   STRESS_DURATION seconds (120): citizens reading, writing and sending initiatives,
   supporting, commenting; staff publishing and posting progress. Every acknowledged
   write is recorded with its unique marker.
4. Meanwhile: SIGKILLs a gunicorn worker mid-writes, SIGKILLs the mail worker (and
   starts a new one), stops PostgreSQL for a few seconds while probing a page (it must
   answer 503 with the friendly page) and starts it again; the app must recover by
   itself (no gunicorn restart).
5. Then starts the SMTP server, lets the worker drain and checks: every acknowledged
   write is in the database exactly once; no half-written records; every queued mail
   delivered exactly once (counted by the job id in its Message-ID); errors outside the
   PostgreSQL outage: 0; errors inside it: only 503s.

Prints a table and writes bench/results/stress-<timestamp>.json. Drops the cluster at
the end. Exit status 1 when a check fails. Not part of `make test`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_VERSION = os.environ.get("STRESS_PG_VERSION", "15")
PG_CLUSTER = "stress"
PG_PORT = int(os.environ.get("STRESS_PG_PORT", "55432"))
DB_NAME = "burgerplatform"
DATABASE_URL = f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/{DB_NAME}"
USERS = int(os.environ.get("STRESS_USERS", "50"))
DURATION = int(os.environ.get("STRESS_DURATION", "120"))
WORKERS = int(os.environ.get("STRESS_WORKERS", "3"))
PG_DOWN_SECONDS = float(os.environ.get("STRESS_PG_DOWN", "6"))
DRAIN_TIMEOUT = int(os.environ.get("STRESS_DRAIN_TIMEOUT", "240"))
UNAVAILABLE_TEXT = "The platform is briefly unavailable"


def log(message: str) -> None:
    print(f"[stress {time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=check, text=True, capture_output=True, **kwargs)  # noqa: S603


# --- the throwaway PostgreSQL cluster ---------------------------------------------------


def pg(action: str) -> None:
    run("pg_ctlcluster", "--skip-systemctl-redirect", PG_VERSION, PG_CLUSTER, action)


def create_cluster() -> None:
    if run("pg_lsclusters", "-h").stdout.count(f"{PG_VERSION} {PG_CLUSTER} "):
        log("dropping a stress cluster left from an earlier run")
        run("pg_dropcluster", "--stop", PG_VERSION, PG_CLUSTER, check=False)
    run(
        "pg_createcluster",
        PG_VERSION,
        PG_CLUSTER,
        "--port",
        str(PG_PORT),
        "--",
        "-A",
        "trust",
    )
    pg("start")
    sql(f"CREATE DATABASE {DB_NAME}", database="postgres")


def drop_cluster() -> None:
    run("pg_dropcluster", "--stop", PG_VERSION, PG_CLUSTER, check=False)


def sql(query: str, params: tuple = (), database: str = DB_NAME) -> list[tuple]:
    """One statement on the stress cluster, in its own autocommit connection."""
    import psycopg

    dsn = f"host=127.0.0.1 port={PG_PORT} user=postgres dbname={database}"
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute(query, params or None)
        return cur.fetchall() if cur.description else []


def scalar(query: str, params: tuple = ()) -> int:
    return int(sql(query, params)[0][0] or 0)


# --- the app's processes -------------------------------------------------------------


def app_env(instance: Path, smtp_port: int) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE_URL,
        INSTANCE_PATH=str(instance),
        SECRET_KEY="stress-only-not-secret",  # noqa: S106
        INSECURE_COOKIES="1",
        # One client address for 50 users: the per-address login limit would refuse them.
        RATELIMIT_ENABLED="0",
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=str(smtp_port),
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    return env


def flask(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return run(str(BIN / "flask"), "--app", "burgerplatform", *args, env=env, cwd=ROOT, check=check)


def prepare_schema(env: dict) -> str:
    """`flask db upgrade`; if the migrations do not match the models yet, the schema is
    built from the models instead (reported, so nobody mistakes it for a migration test)."""
    flask(env, "db", "upgrade")
    if flask(env, "db", "check", check=False).returncode == 0:
        return "flask db upgrade"
    log("migrations lag behind the models: building the schema with create_all instead")
    sql("DROP SCHEMA public CASCADE")
    sql("CREATE SCHEMA public")
    code = (
        "from burgerplatform import create_app\n"
        "from burgerplatform.extensions import db\n"
        "app = create_app()\n"
        "with app.app_context(): db.create_all()\n"
    )
    run(str(BIN / "python"), "-c", code, env=env, cwd=ROOT)
    return "create_all (migrations lag behind the models)"


def start_mail_worker(env: dict, logfile) -> subprocess.Popen:
    # Retries every few seconds instead of 30 s doubling, so a 2-minute run sees several
    # failed attempts per mail while the SMTP server is down (the code path under test).
    return subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [str(BIN / "python"), str(Path(__file__)), "_worker"],
        env=env,
        cwd=ROOT,
        stdout=logfile,
        stderr=subprocess.STDOUT,
    )


def mail_worker_main() -> None:
    from flask.cli import ScriptInfo

    from burgerplatform import create_app

    # A mail job held by the killed worker goes back to the queue after 20 s, not 15 min.
    app = create_app(JOB_RETRY_BASE_SECONDS=2, JOB_MAX_ATTEMPTS=60, JOB_STALE_SECONDS=20)
    app.cli.main(
        args=["worker", "--interval", "0.5"],
        prog_name="flask",
        obj=ScriptInfo(create_app=lambda: app),
    )


def gunicorn_workers(master: subprocess.Popen) -> list[int]:
    out = run("ps", "-o", "pid=", "--ppid", str(master.pid), check=False).stdout
    return [int(pid) for pid in out.split()]


def get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Language": "en"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        return 0, str(error)


def wait_until_up(url: str, timeout: float = 60) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        # A generous timeout: under full load the answer waits its turn in the queue.
        if get(url, 15)[0] == 200:
            return time.monotonic() - start
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


# --- the SMTP server that comes up after the run --------------------------------------


class Sink:
    def __init__(self) -> None:
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        match = re.search(rb"^Message-ID:\s*(.+)$", envelope.original_content, re.M | re.I)
        self.message_ids.append(match.group(1).decode().strip() if match else "")
        return "250 OK"


# --- checks --------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def check_writes(acks: list[dict]) -> dict:
    """Every acknowledged write exactly once; no half-written records."""
    problems: list[str] = []

    # (kind of write) -> the query that finds it; each must find exactly one row.
    queries = {
        "initiative": ("SELECT count(*) FROM initiatives WHERE title LIKE %s", "marker"),
        "comment": ("SELECT count(*) FROM initiative_comments WHERE body LIKE %s", "marker"),
        "progress": (
            "SELECT count(*) FROM initiative_events WHERE kind = 'progress' AND text LIKE %s",
            "marker",
        ),
        "support": (
            "SELECT count(*) FROM initiative_supports s JOIN users u ON u.id = s.user_id "
            "WHERE s.initiative_id = %s AND u.email = %s",
            "id+user",
        ),
        "submitted": (
            "SELECT least(count(*), 1) FROM initiative_events "
            "WHERE initiative_id = %s AND kind = 'submitted'",
            "id",
        ),
        "published": (
            "SELECT count(*) FROM initiative_events WHERE initiative_id = %s "
            "AND kind = 'published'",
            "id",
        ),
    }
    checked = Counter()
    for ack in acks:
        query, key = queries[ack["kind"]]
        if key == "marker":
            params = ("%" + ack["marker"],)
        elif key == "id":
            params = (ack["id"],)
        else:
            params = (ack["id"], ack["user"])
        n = scalar(query, params)
        checked[ack["kind"]] += 1
        if n != 1:
            problems.append(f"{ack['kind']} {ack.get('marker', ack.get('id'))}: found {n} times")

    # Half-written records: an initiative past draft without its "submitted" event, a
    # published one without "published", counters out of step with their rows.
    half = {
        "sent initiatives without their 'submitted' event": (
            "SELECT count(*) FROM initiatives i WHERE i.status <> 'draft' AND NOT EXISTS "
            "(SELECT 1 FROM initiative_events e WHERE e.initiative_id = i.id "
            "AND e.kind = 'submitted') AND i.title LIKE '%stress-%'"
        ),
        "published initiatives without their 'published' event": (
            "SELECT count(*) FROM initiatives i WHERE i.status = 'published' AND NOT EXISTS "
            "(SELECT 1 FROM initiative_events e WHERE e.initiative_id = i.id "
            "AND e.kind = 'published') AND i.title LIKE '%stress-%'"
        ),
        "initiatives whose support count differs from their supports": (
            "SELECT count(*) FROM initiatives i WHERE i.supports_count <> "
            "(SELECT count(*) FROM initiative_supports s WHERE s.initiative_id = i.id)"
        ),
        "initiatives whose comment count differs from their visible comments": (
            "SELECT count(*) FROM initiatives i WHERE i.comments_count <> "
            "(SELECT count(*) FROM initiative_comments c WHERE c.initiative_id = i.id "
            "AND c.hidden_at IS NULL)"
        ),
        "comments written twice (same person, text, initiative)": (
            "SELECT count(*) FROM (SELECT 1 FROM initiative_comments WHERE body LIKE "
            "'%stress-%' GROUP BY initiative_id, author_id, body HAVING count(*) > 1) d"
        ),
    }
    for label, query in half.items():
        n = scalar(query)
        if n:
            problems.append(f"{label}: {n}")
    unacknowledged = scalar(
        "SELECT count(*) FROM initiative_comments WHERE body LIKE '%stress-comment-%'"
    ) - sum(1 for a in acks if a["kind"] == "comment")
    return {
        "acknowledged": len(acks),
        "checked": dict(checked),
        "stored_but_not_acknowledged_comments": unacknowledged,
        "problems": problems,
    }


def check_mail(sink: Sink) -> dict:
    jobs = dict(sql("SELECT id, status FROM jobs WHERE kind = 'send_mail' ORDER BY id"))
    delivered = Counter()
    for message_id in sink.message_ids:
        match = re.search(r"job(\d+)@", message_id)
        if match:
            delivered[int(match.group(1))] += 1
    statuses = Counter(jobs.values())
    attempts = scalar("SELECT coalesce(sum(attempts), 0) FROM jobs WHERE kind = 'send_mail'")
    return {
        "queued": len(jobs),
        "delivered_messages": len(sink.message_ids),
        "job_statuses": dict(statuses),
        "attempts": int(attempts or 0),
        "lost": sorted(j for j in jobs if delivered[j] == 0),
        "doubled": sorted(j for j, n in delivered.items() if n > 1),
        "unknown": sum(n for j, n in delivered.items() if j not in jobs),
    }


# --- the run -------------------------------------------------------------------------


def main() -> int:  # noqa: C901 - one linear script reads best top to bottom
    if os.geteuid() != 0:
        print("make stress needs root (it creates a PostgreSQL cluster)", file=sys.stderr)
        return 2
    from aiosmtpd.controller import Controller

    work = Path(tempfile.mkdtemp(prefix="bp-stress-"))
    instance = work / "instance"
    ack_file, fail_file = work / "acks.jsonl", work / "failures.jsonl"
    smtp_port, web_port = free_port(), free_port()
    base = f"http://127.0.0.1:{web_port}"
    env = app_env(instance, smtp_port)
    results: dict = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "users": USERS,
        "duration_s": DURATION,
        "gunicorn_workers": WORKERS,
    }
    processes: list[subprocess.Popen] = []
    logs = open(work / "processes.log", "w")  # noqa: SIM115 - closed in finally
    failed = False
    try:
        log(f"creating PostgreSQL cluster {PG_VERSION}/{PG_CLUSTER} on port {PG_PORT}")
        create_cluster()
        results["schema"] = prepare_schema(env)
        log(f"schema: {results['schema']}; seeding the demo")
        flask(env, "seed-demo")

        gunicorn = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
            [
                str(BIN / "gunicorn"),
                "-w",
                str(WORKERS),
                "-b",
                f"127.0.0.1:{web_port}",
                "--graceful-timeout",
                "5",
                "burgerplatform:create_app()",
            ],
            env=env,
            cwd=ROOT,
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
        processes.append(gunicorn)
        mail_worker = start_mail_worker(env, logs)
        processes.append(mail_worker)
        wait_until_up(f"{base}/healthz")
        log(f"gunicorn ({WORKERS} workers) on {base}; mail worker up; SMTP server DOWN")

        env_locust = dict(env, STRESS_ACK_FILE=str(ack_file), STRESS_FAIL_FILE=str(fail_file))
        locust = subprocess.Popen(  # noqa: S603 - the venv's locust
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(USERS),
                "-r",
                "10",
                "-t",
                f"{DURATION}s",
                "--host",
                base,
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            env=env_locust,
            cwd=ROOT,
            stdout=logs,
            stderr=subprocess.STDOUT,
        )
        processes.append(locust)
        started = time.time()

        def at(fraction: float) -> None:
            time.sleep(max(0.0, started + fraction * DURATION - time.time()))

        at(0.25)
        victims = gunicorn_workers(gunicorn)
        os.kill(victims[0], signal.SIGKILL)
        results["gunicorn_worker_killed_at_s"] = round(time.time() - started, 1)
        log(f"SIGKILL gunicorn worker {victims[0]} (of {victims})")

        at(0.35)
        mail_worker.kill()
        mail_worker.wait()
        results["mail_worker_killed_at_s"] = round(time.time() - started, 1)
        time.sleep(1)
        mail_worker = start_mail_worker(env, logs)
        processes.append(mail_worker)
        log("SIGKILL mail worker; a new one started")

        at(0.5)
        log(f"stopping PostgreSQL for {PG_DOWN_SECONDS:.0f} s")
        outage_start = time.time()
        pg("stop")
        probes = []
        while time.time() - outage_start < PG_DOWN_SECONDS:
            status, body = get(f"{base}/{os.environ.get('STRESS_ZONE', 'meetjesland')}/")
            probes.append({"status": status, "friendly": UNAVAILABLE_TEXT in body})
            time.sleep(0.5)
        pg("start")
        pg_started = time.time()
        recovery = wait_until_up(f"{base}/healthz", timeout=120)
        outage_end = time.time()
        results["pg_outage"] = {
            "from_s": round(outage_start - started, 1),
            "down_s": round(PG_DOWN_SECONDS, 1),
            "recovered_after_start_s": round(recovery, 2),
            "window_s": round(outage_end - outage_start, 1),
            "probes": len(probes),
            "probes_friendly_503": sum(p["status"] == 503 and p["friendly"] for p in probes),
        }
        log(f"PostgreSQL back; app answered 200 again {recovery:.2f} s after the start")

        locust.wait(timeout=DURATION + 120)
        log("load finished; starting the SMTP server and draining the mail queue")
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        # The operator's "retry now" once the mail server is fixed, instead of waiting out
        # the back-off; it changes when mail goes, never whether or how often.
        sql(
            "UPDATE jobs SET run_after = now() WHERE status = 'pending' AND kind = 'send_mail'",
        )
        drain_start = time.time()
        while time.time() - drain_start < DRAIN_TIMEOUT:
            left = scalar(
                "SELECT count(*) FROM jobs WHERE kind = 'send_mail' "
                "AND status IN ('pending', 'running')"
            )
            if not left:
                break
            time.sleep(1)
        time.sleep(2)  # the last SMTP transactions
        results["mail_drain_s"] = round(time.time() - drain_start, 1)
        controller.stop()

        # Figures from locust and from the failure log.
        stats = next(row for row in _csv(work / "locust_stats.csv") if row["Name"] == "Aggregated")
        failures = read_jsonl(fail_file)
        in_window = [f for f in failures if outage_start - 1 <= f["t"] <= outage_end + 1]
        kill_t = started + results["gunicorn_worker_killed_at_s"]
        at_kill = [
            f
            for f in failures
            if f not in in_window and abs(f["t"] - kill_t) <= 2 and f["status"] == 0
        ]
        outside = [f for f in failures if f not in in_window and f not in at_kill]
        results["requests"] = int(stats["Request Count"])
        results["requests_per_s"] = round(float(stats["Requests/s"]), 1)
        results["median_ms"] = float(stats["Median Response Time"])
        results["p95_ms"] = float(stats["95%"])
        results["errors_outside_faults"] = len(outside)
        results["errors_outside_samples"] = outside[:10]
        results["errors_in_pg_window"] = len(in_window)
        # When the users stopped seeing errors: the last failure after PostgreSQL started.
        results["pg_outage"]["clients_ok_again_after_start_s"] = round(
            max([f["t"] - pg_started for f in in_window] + [0.0]), 2
        )
        results["errors_in_pg_window_not_friendly_503"] = sum(
            not f["friendly_503"] for f in in_window
        )
        results["connections_cut_by_worker_kill"] = len(at_kill)
        results["writes"] = check_writes(read_jsonl(ack_file))
        results["mail"] = check_mail(sink)

        failed = bool(
            results["errors_outside_faults"]
            or results["errors_in_pg_window_not_friendly_503"]
            or results["writes"]["problems"]
            or results["mail"]["lost"]
            or results["mail"]["doubled"]
            or results["pg_outage"]["probes_friendly_503"] == 0
        )
        results["passed"] = not failed
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        logs.close()
        drop_cluster()

    report(results)
    out = ROOT / "bench" / "results" / f"stress-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    log(f"written {out.relative_to(ROOT)}")
    if failed:
        log(f"kept for a look: {work} (process logs, acknowledged writes, failures)")
    if not failed:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def _csv(path: Path) -> list[dict]:
    import csv

    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def report(r: dict) -> None:
    w, m, o = r["writes"], r["mail"], r["pg_outage"]
    rows = [
        ("users / duration", f"{r['users']} users, {r['duration_s']} s"),
        ("requests (req/s)", f"{r['requests']} ({r['requests_per_s']}/s)"),
        ("median / p95", f"{r['median_ms']:.0f} ms / {r['p95_ms']:.0f} ms"),
        ("errors outside the faults", str(r["errors_outside_faults"])),
        ("connections cut by SIGKILL", str(r["connections_cut_by_worker_kill"])),
        (
            "PostgreSQL outage",
            f"{o['down_s']} s down, {o['probes_friendly_503']}/{o['probes']} probes "
            f"got the friendly 503",
        ),
        (
            "errors in the outage",
            f"{r['errors_in_pg_window']} (not a friendly 503: "
            f"{r['errors_in_pg_window_not_friendly_503']})",
        ),
        (
            "recovery after restart",
            f"/healthz 200 after {o['recovered_after_start_s']} s, last user error after "
            f"{o.get('clients_ok_again_after_start_s', '?')} s; gunicorn not restarted",
        ),
        ("writes acknowledged", str(w["acknowledged"])),
        ("  checked exactly once", ", ".join(f"{k} {v}" for k, v in sorted(w["checked"].items()))),
        (
            "  problems",
            str(len(w["problems"])) + ("" if not w["problems"] else f" {w['problems'][:5]}"),
        ),
        ("mails queued / delivered", f"{m['queued']} / {m['delivered_messages']}"),
        ("mails lost / doubled", f"{len(m['lost'])} / {len(m['doubled'])}"),
        ("mail attempts (server down)", str(m["attempts"])),
        ("mail drain after server up", f"{r['mail_drain_s']} s"),
        ("schema", r["schema"]),
        ("result", "PASSED" if r["passed"] else "FAILED"),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    for key, value in rows:
        print(f"  {key.ljust(width)}  {value}")
    print()


if __name__ == "__main__":
    if sys.argv[1:] == ["_worker"]:
        mail_worker_main()
    else:
        sys.exit(main())
