"""Where a logged-in page's CPU time goes: each page requested in-process, profiled.

    .venv/bin/python bench/profile.py                       # what `make profile` runs
    SIZE=100000 DB=postgresql N=200 PAGES="notifications work" .venv/bin/python bench/profile.py

Builds (or reuses) the bench data of bench/data.py, logs in through the real login form
as the bench's citizen and as a staff member of the first zone (made here on first use),
then per page: a few warm-up requests, N timed requests with Flask's test client (CPU
time of this process, so SQLite's work is in it and PostgreSQL's is not; the best of
five batches), then N more under cProfile. Logged-in pages are never in the page
cache, so each request is the page's whole work. Writes per page
bench/results/profile-<page>.prof (for snakeviz or pstats) and profile-<page>.txt (the
30 heaviest functions by own and by cumulative time), and prints a table of CPU ms and
of Python function calls per request (steady on a busy machine, where time is not),
also written to bench/results/profile-summary.txt. PROFILE=0: the timing table only.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# This file's name hides the standard library's `profile`, which cProfile imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]

import cProfile  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from urllib.parse import urlencode  # noqa: E402

sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import data  # noqa: E402

RESULTS = BENCH / "results"
SIZE = int(os.environ.get("SIZE") or "10000")
DB = os.environ.get("DB") or "sqlite"
N = int(os.environ.get("N") or "100")
WARM_UP = 5
BATCHES = 5
PROFILE = os.environ.get("PROFILE", "1") != "0"  # 0: the timing table only
WANTED = (os.environ.get("PAGES") or "").split()
# User 2 is a citizen of the first zone (bench/data.py); here also its staff.
STAFF_ID = 2
STAFF_PASSWORD = data.CITIZEN_PASSWORD + "-ander"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def pages(facts: dict) -> list[tuple[str, str, str]]:
    """(name, path, who): the pages of issue 20, as the citizen or the staff member."""
    zone = facts["zone"]
    return [
        # A short static page: what every logged-in page costs before its own work.
        ("base", "/privacy", "citizen"),
        ("notifications", "/notifications/", "citizen"),
        ("home", "/", "citizen"),
        ("zone", f"/{zone}/", "citizen"),
        ("initiatives", f"/{zone}/initiatives/", "citizen"),
        ("list", f"/{zone}/what-happened?status=published", "citizen"),
        ("initiative", f"/{zone}/initiatives/{facts['hot_initiative']}", "citizen"),
        ("what-happened", f"/{zone}/what-happened", "citizen"),
        ("round", f"/{zone}/rounds/{facts['round']}", "citizen"),
        ("topic", f"/proeftuinen/{facts['proeftuin']}/topics/{facts['topic']}", "citizen"),
        ("work", f"/{zone}/initiatives/work", "staff"),
        ("search", "/zoeken?q=buurtbus+ouderen", "citizen"),
    ]


def make_app(url: str):
    os.environ.setdefault("INSTANCE_PATH", str(data.DATA_DIR / "instance"))
    from burgerplatform import create_app
    from config import Config

    # As bench/web.py's gunicorn: production config, no rate limits, mail to the console.
    return create_app(
        Config,
        SQLALCHEMY_DATABASE_URI=url,
        RATELIMIT_ENABLED=False,
        SECRET_KEY="bench-only-not-secret",  # noqa: S106 - bench only
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_SECURE=False,
        MAIL_BACKEND="console",
    )


def ensure_staff(app, zone_slug: str) -> str:
    """The staff member's e-mail address; the role is added once, to the bench data."""
    from sqlalchemy import select

    from burgerplatform.accounts.models import User, ZoneRole
    from burgerplatform.core.roles import Role
    from burgerplatform.extensions import db
    from burgerplatform.zones.models import Zone

    with app.app_context():
        user = db.session.get(User, STAFF_ID)
        zone = db.session.scalar(select(Zone).where(Zone.slug == zone_slug))
        if not user.has_role(zone.id, Role.STAFF):
            db.session.add(ZoneRole(user_id=user.id, zone_id=zone.id, role=Role.STAFF))
            db.session.commit()
        return user.email


class Client:
    """The test client, at the address the app serves (others are refused)."""

    def __init__(self, app) -> None:
        self.client = app.test_client()
        self.base_url = app.config["BASE_URL"]

    def get(self, path: str):
        return self.client.get(path, base_url=self.base_url)

    def post(self, path: str, **kwargs):
        return self.client.post(path, base_url=self.base_url, **kwargs)


def log_in(app, email: str, password: str) -> Client:
    client = Client(app)
    html = client.get("/login").get_data(as_text=True)
    token = CSRF.search(html).group(1)
    form = {"email": email, "password": password, "csrf_token": token}
    response = client.post(
        "/login",
        data=urlencode(form),
        content_type="application/x-www-form-urlencoded",
    )
    if response.status_code != 302:
        raise RuntimeError(f"bench login of {email} failed ({response.status_code})")
    return client


def top(profile: cProfile.Profile, title: str) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.strip_dirs()
    for key in ("tottime", "cumulative"):
        out.write(f"\n== {title}: top 30 by {key} ==\n")
        stats.sort_stats(key).print_stats(30)
    return out.getvalue()


def measure(client, path: str) -> tuple[float, float, int, int]:
    """(CPU ms, wall ms) per request, status and size of the last response. The N
    requests run in BATCHES batches and the best batch counts, as timeit does: on a
    shared machine the others' load only ever adds time (caches, frequency)."""
    for _ in range(WARM_UP):
        response = client.get(path)
    size = max(1, N // BATCHES)
    best_cpu = best_wall = float("inf")
    for _ in range(BATCHES):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(size):
            response = client.get(path)
        best_cpu = min(best_cpu, (time.process_time() - cpu) * 1000 / size)
        best_wall = min(best_wall, (time.perf_counter() - wall) * 1000 / size)
    return best_cpu, best_wall, response.status_code, len(response.get_data())


def main() -> None:
    # The app logs a line per request to stdout, as in production (its cost counts);
    # here it goes to /dev/null and the table to the terminal.
    out = sys.stdout
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the whole run
    url, facts = data.ensure(DB, SIZE, log=lambda line: print(line, file=out))
    app = make_app(url)
    staff_email = ensure_staff(app, facts["zone"])
    clients = {
        "citizen": log_in(app, facts["citizen_email"], facts["citizen_password"]),
        "staff": log_in(app, staff_email, STAFF_PASSWORD),
    }
    RESULTS.mkdir(exist_ok=True)
    rows = [
        f"{'page':<16}{'status':>7}{'KB':>7}{'CPU ms':>9}{'wall ms':>9}{'calls':>9}"
        f"  ({DB}, {SIZE:,})"
    ]
    print(rows[0], file=out)
    for name, path, who in pages(facts):
        if WANTED and name not in WANTED:
            continue
        client = clients[who]
        cpu, wall, status, size = measure(client, path)
        row = f"{name:<16}{status:>7}{size / 1024:>7.1f}{cpu:>9.2f}{wall:>9.2f}"
        if not PROFILE:
            rows.append(row)
            print(row, file=out, flush=True)
            continue
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(N):
            client.get(path)
        profile.disable()
        # Python calls per request: unlike time, the same however busy the machine is.
        calls = pstats.Stats(profile).total_calls / N  # type: ignore[attr-defined]
        rows.append(f"{row}{calls:>9,.0f}")
        print(rows[-1], file=out, flush=True)
        stem = RESULTS / f"profile-{name}"
        profile.dump_stats(f"{stem}.prof")
        head = f"{name} {path} as {who}: {cpu:.2f} CPU ms/request ({DB}, {SIZE:,}, N={N})\n"
        Path(f"{stem}.txt").write_text(head + top(profile, name))
    (RESULTS / "profile-summary.txt").write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
