"""Web benchmark: the platform's main pages under load, on PostgreSQL and SQLite.

    .venv/bin/python bench/web.py                         # what `make bench` runs
    SIZES="100 10000" DBS=sqlite DURATION=3 .venv/bin/python bench/web.py

For each database and size (100, 10,000 and 100,000 initiatives; data from bench/data.py)
it starts gunicorn (2 sync workers: one per core, the app is CPU-bound and the GIL makes
threads no faster) on 127.0.0.1 with BENCH=1, then per page:

- one request for the HTML size and the SQL statements (the X-Query-Count header);
- wrk for DURATION seconds with 4 connections (report.lua gives p50/p95/p99);
- the gunicorn workers' CPU time before and after (/proc), per request: steadier than
  requests/s on a shared machine;
- the ceiling: the same HTML from memory through the same app and server
  (/__bench/ceiling/<page>), measured the same way; the page's share of it is what the
  page's own work (queries, templates) leaves.

Visitors are returning ones (they send their session cookie); the notifications page is
a citizen logged in through the real login form. Prints one table, which targets are met,
and writes bench/results/web-<timestamp>.json.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import data  # noqa: E402

RESULTS = BENCH / "results"
VENV_BIN = Path(sys.executable).parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
AGENT = "burgerplatform-bench"
CONNECTIONS = int(os.environ.get("CONNECTIONS", "4"))
DURATION = float(os.environ.get("DURATION") or "3")
CEILING_DURATION = float(os.environ.get("CEILING_DURATION") or "2")
DEEP_STEPS = int(os.environ.get("DEEP_STEPS", "25"))
SIZES = [int(s) for s in (os.environ.get("SIZES") or "100 10000 100000").split()]
DBS = (os.environ.get("DBS") or "postgresql sqlite").split()

# Targets of issue #6 (2-core machine, PostgreSQL).
LIST_AND_DETAIL = ("list", "list-deep", "initiative", "topic", "api-initiatives", "search")
TARGET_SCALING = 1.3
TARGET_CEILING_SHARE = 0.35
TARGET_DETAIL_P95_MS = 150
TARGET_QUERIES = 12


class Server:
    """gunicorn with the app on one bench database; stopped by its own pid only."""

    def __init__(self, url: str, ceiling_dir: str) -> None:
        self.port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "BENCH": "1",
            "BENCH_CEILING_DIR": ceiling_dir,
            "INSTANCE_PATH": str(data.DATA_DIR / "instance"),
            "SECRET_KEY": "bench-only-not-secret",
            "INSECURE_COOKIES": "1",
            "RATELIMIT_ENABLED": "0",
            "MAIL_BACKEND": "console",
        }
        env.pop("REDIS_URL", None)
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [
                str(VENV_BIN / "gunicorn"),
                "--workers=2",
                "--worker-class=sync",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
                "--timeout=60",
                "burgerplatform:create_app()",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(data.DATA_DIR / "gunicorn.log", "ab"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                # /healthz/live: /healthz also wants a job worker and a migrated schema,
                # which bench data has neither of (it is built by create_all).
                if request(self.port, "/healthz/live")[0] == 200 and len(self.workers()) == 2:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped; see bench/.data/gunicorn.log")
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def workers(self) -> list[int]:
        children = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            text = (task / "children").read_text().split()
            children.extend(int(pid) for pid in text)
        return children

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / ticks

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, path: str, cookie: str = "", method: str = "GET", body: str = ""):
    """(status, headers, body) of one request, as wrk sends it (no compression)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"User-Agent": AGENT}
    if cookie:
        headers["Cookie"] = cookie
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    return response.status, response.headers, payload


def session_cookie(headers) -> str:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("session="):
            return value.split(";", 1)[0]
    return ""


CSRF = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


def visitor_cookie(port: int) -> str:
    status, headers, _ = request(port, "/privacy")
    return session_cookie(headers)


def citizen_cookie(port: int, facts: dict) -> str:
    """Log in through the real form, as a browser would."""
    _status, headers, html = request(port, "/login")
    cookie = session_cookie(headers)
    token = CSRF.search(html).group(1).decode()
    form = urlencode(
        {
            "email": facts["citizen_email"],
            "password": facts["citizen_password"],
            "csrf_token": token,
        }
    )
    status, headers, _ = request(port, "/login", cookie, "POST", form)
    if status != 302:
        raise RuntimeError(f"bench login failed ({status})")
    return session_cookie(headers) or cookie


NEXT = re.compile(rb'<a\s[^>]*rel="next"[^>]*>')
HREF = re.compile(rb'href="([^"]+)"')


def deep_page(port: int, cookie: str, first: str) -> tuple[str, int]:
    """Follow "next" links from `first` up to DEEP_STEPS times, as a reader would."""
    path, steps = first, 0
    while steps < DEEP_STEPS:
        _status, _headers, html = request(port, path, cookie)
        found = NEXT.search(html)
        href = HREF.search(found.group(0)) if found else None
        if not href:
            break
        path = href.group(1).decode().replace("&amp;", "&")
        steps += 1
    return path, steps


def pages(port: int, facts: dict, visitor: str, citizen: str) -> list[tuple[str, str, str]]:
    zone = facts["zone"]
    listing = f"/{zone}/what-happened?status=published"
    deep, steps = deep_page(port, visitor, listing)
    facts["deep_steps"] = steps
    return [
        ("home", "/", visitor),
        ("zone", f"/{zone}/", visitor),
        ("list", listing, visitor),
        ("list-deep", deep, visitor),
        ("initiative", f"/{zone}/initiatives/{facts['hot_initiative']}", visitor),
        ("what-happened", f"/{zone}/what-happened", visitor),
        ("round", f"/{zone}/rounds/{facts['round']}", visitor),
        ("topic", f"/proeftuinen/{facts['proeftuin']}/topics/{facts['topic']}", visitor),
        ("api-zones", "/api/v1/zones", visitor),
        ("api-initiatives", f"/api/v1/zones/{zone}/initiatives", visitor),
        ("api-rounds", f"/api/v1/zones/{zone}/rounds", visitor),
        ("notifications", "/notifications/", citizen),
        # The one search: a subject about one initiative in twelve, so at 100,000 the
        # candidates' cap is reached; as a visitor (the page cache) and logged in (never
        # cached: the search itself, every time).
        ("search", "/zoeken?q=buurtbus", visitor),
        ("search-citizen", "/zoeken?q=buurtbus+ouderen", citizen),
    ]


def wrk(port: int, path: str, cookie: str, seconds: float) -> dict:
    command = [
        WRK,
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        "--timeout=10s",
        "-s",
        str(BENCH / "report.lua"),
        "-H",
        f"User-Agent: {AGENT}",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    line = next(x for x in reversed(out.splitlines()) if x.startswith("{"))
    result = json.loads(line)
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def measure(server: Server, path: str, cookie: str, seconds: float) -> dict:
    for _ in range(3):  # warm: templates compiled, caches filled in both workers
        request(server.port, path, cookie)
    before = server.cpu_seconds()
    result = wrk(server.port, path, cookie, seconds)
    spent = server.cpu_seconds() - before
    result["cpu_ms"] = 1000 * spent / result["requests"] if result["requests"] else None
    return result


def run_one(db_kind: str, size: int) -> list[dict]:
    url, facts = data.ensure(db_kind, size)
    ceiling_dir = tempfile.mkdtemp(prefix="bp-ceiling-")
    server = Server(url, ceiling_dir)
    rows = []
    try:
        visitor = visitor_cookie(server.port)
        citizen = citizen_cookie(server.port, facts)
        for name, path, cookie in pages(server.port, facts, visitor, citizen):
            status, headers, body = request(server.port, path, cookie)
            if status != 200:
                print(f"{name:<16}{size:>8,} {db_kind}: {path} answered {status}, skipped")
                continue
            Path(ceiling_dir, f"{name}.html").write_bytes(body)
            page = measure(server, path, cookie, DURATION)
            ceiling = measure(server, f"/__bench/ceiling/{name}", cookie, CEILING_DURATION)
            row = {
                "page": name,
                "path": path,
                "db": db_kind,
                "size": size,
                "bytes": len(body),
                "queries": int(headers.get("X-Query-Count", -1)),
                "page_run": page,
                "ceiling_run": ceiling,
                "rps": page["rps"],
                "ceiling_rps": ceiling["rps"],
                "ratio": page["rps"] / ceiling["rps"] if ceiling["rps"] else None,
                "p50_ms": page["p50"] / 1000,
                "p95_ms": page["p95"] / 1000,
                "p99_ms": page["p99"] / 1000,
                "cpu_ms": page["cpu_ms"],
                "ceiling_cpu_ms": ceiling["cpu_ms"],
                # The same share by CPU time: steadier than req/s when others share the CPU.
                "cpu_ratio": ceiling["cpu_ms"] / page["cpu_ms"]
                if ceiling["cpu_ms"] and page["cpu_ms"]
                else None,
                "errors": page["non_2xx"] + page["socket_errors"],
            }
            rows.append(row)
            print(format_row(row), flush=True)
    finally:
        server.stop()
        shutil.rmtree(ceiling_dir, ignore_errors=True)
    return rows


HEADER = (
    f"{'page':<16}{'size':>8} {'db':<6}{'req/s':>8}{'ceil%':>7}{'p50':>8}{'p95':>8}{'p99':>8}"
    f"{'KB':>7}{'SQL':>5}{'CPU ms':>8}"
)


def format_row(row: dict) -> str:
    db_short = "pg" if row["db"] == "postgresql" else "sqlite"
    ratio = f"{100 * row['ratio']:.0f}%" if row["ratio"] is not None else "-"
    cpu = f"{row['cpu_ms']:.1f}" if row["cpu_ms"] is not None else "-"
    return (
        f"{row['page']:<16}{row['size']:>8,} {db_short:<6}{row['rps']:>8.1f}{ratio:>7}"
        f"{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}{row['p99_ms']:>8.1f}"
        f"{row['bytes'] / 1024:>7.1f}{row['queries']:>5}{cpu:>8}"
        + (f"  {row['errors']} errors" if row["errors"] else "")
    )


def targets(rows: list[dict]) -> list[dict]:
    """The issue's targets, judged on PostgreSQL (the production path)."""
    checks = []
    pg = [r for r in rows if r["db"] == "postgresql"] or rows
    by = {(r["page"], r["size"]): r for r in pg}
    sizes = sorted({r["size"] for r in pg})
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for page in dict.fromkeys(r["page"] for r in pg):
            if (page, small) in by and (page, large) in by:
                a, b = by[(page, small)]["p50_ms"], by[(page, large)]["p50_ms"]
                cpu_a, cpu_b = by[(page, small)]["cpu_ms"], by[(page, large)]["cpu_ms"]
                cpu = f"; CPU {cpu_b / cpu_a:.2f} x" if cpu_a and cpu_b else ""
                checks.append(
                    {
                        "target": f"{page}: p50 at {large:,} <= "
                        f"{TARGET_SCALING} x p50 at {small:,}",
                        "value": f"{b:.1f} ms vs {a:.1f} ms ({b / a:.2f} x{cpu})",
                        "met": b <= TARGET_SCALING * a,
                    }
                )
    for r in pg:
        if r["page"] in LIST_AND_DETAIL:
            checks.append(
                {
                    "target": f"{r['page']} at {r['size']:,}: >= 35 % of the ceiling",
                    "value": f"{100 * r['ratio']:.0f} %"
                    + (f" (by CPU time {100 * r['cpu_ratio']:.0f} %)" if r["cpu_ratio"] else ""),
                    "met": r["ratio"] >= TARGET_CEILING_SHARE,
                }
            )
        if r["page"] == "initiative":
            checks.append(
                {
                    "target": f"initiative with 600 comments at {r['size']:,}: p95 < 150 ms",
                    "value": f"{r['p95_ms']:.1f} ms",
                    "met": r["p95_ms"] < TARGET_DETAIL_P95_MS,
                }
            )
    worst = max((r["queries"] for r in rows), default=0)
    checks.append(
        {
            "target": f"SQL queries per page <= {TARGET_QUERIES} at every size",
            "value": f"at most {worst}",
            "met": 0 <= worst <= TARGET_QUERIES and all(r["queries"] >= 0 for r in rows),
        }
    )
    return checks


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = os.getloadavg()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_before": load,
        "wrk": (
            subprocess.run([WRK, "--version"], capture_output=True, text=True).stdout  # noqa: S603
            or "wrk"
        ).splitlines()[0],
        "connections": CONNECTIONS,
        "duration_s": DURATION,
        "ceiling_duration_s": CEILING_DURATION,
        "server": "gunicorn, 2 sync workers",
    }


def main() -> int:
    if not Path(WRK).exists():
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    started = time.monotonic()
    facts = machine()
    print(
        f"Web benchmark: sizes {SIZES}, databases {DBS}, {CONNECTIONS} connections, "
        f"{DURATION:g} s per page, {CEILING_DURATION:g} s per ceiling"
    )
    print(f"Machine: {facts['cpu']}, {facts['cores']} cores, load {facts['load_before'][0]:.1f}")
    print(HEADER)
    rows = []
    for db_kind in DBS:
        for size in SIZES:
            rows.extend(run_one(db_kind, size))
    checks = targets(rows)
    judged = "PostgreSQL" if any(r["db"] == "postgresql" for r in rows) else "SQLite only"
    print(f"\nTargets (judged on {judged}):")
    for check in checks:
        print(f"  [{'met' if check['met'] else 'NOT met':>7}] {check['target']}: {check['value']}")
    facts["load_after"] = os.getloadavg()
    facts["elapsed_s"] = round(time.monotonic() - started)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    out = RESULTS / f"web-{stamp}.json"
    out.write_text(json.dumps({"machine": facts, "rows": rows, "targets": checks}, indent=1))
    print(
        f"\n{len(rows)} measurements in {facts['elapsed_s']} s; written to {out.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
