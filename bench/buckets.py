"""Where a logged-in page's CPU time goes, by kind of work (issue 20's 5 ms).

    SIZE=100000 DB=postgresql .venv/bin/python bench/buckets.py      # PAGES="base work"

The pages of bench/profile.py, as its citizen and staff member. The CPU-time timer
(ITIMER_PROF, one signal per 4 ms tick of this process's CPU) samples the Python stack
while each page is requested for about SECONDS (6) of CPU; a sample goes to the first
bucket whose rule matches its stack: the database (SQLAlchemy building a statement and its
cache key, executing it, loading rows into objects; the driver), Babel, links, the
glossary, the template, the view's own code, the rest of the request (Flask, Werkzeug,
the session cookie, Flask-Login, CSRF). Unlike cProfile, which triples the time of code
with many small calls and counts PostgreSQL's waits, the shares are of CPU and unbiased.
Prints each page's CPU ms per request, SQL statements and shares; writes
bench/results/buckets.json. Waiting for PostgreSQL is not CPU and not in it.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# bench/profile.py hides the standard library's `profile`, which cProfile imports.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
import cProfile  # noqa: E402, F401 - imported before bench/ is on the path

sys.path.insert(0, str(BENCH))

import collections  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402

import data  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_profile", BENCH / "profile.py")
prof = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(prof)  # type: ignore[union-attr]

SECONDS = float(os.environ.get("SECONDS") or "6")
WANTED = (os.environ.get("PAGES") or "").split()
COMPILE = (
    "/sql/compiler.py",
    "/sql/cache_key.py",
    "/sql/traversals.py",
    "/sql/elements.py",
    "/sql/selectable.py",
    "/sql/coercions.py",
    "/sql/base.py",
    "/sql/annotation.py",
    "/sql/visitors.py",
    "/orm/context.py",
    "/sql/functions.py",
    "/sql/operators.py",
    "/sql/default_comparator.py",
    "/orm/util.py",
    "/orm/query.py",
    "/sql/dml.py",
    "/sql/schema.py",
    "/sql/type_api.py",
    "/sql/sqltypes.py",
    "/orm/interfaces.py",
    "/orm/relationships.py",
    "/sql/lambdas.py",
    "/sql/roles.py",
    "/orm/_orm_constructors.py",
    "/sql/_selectable_constructors.py",
    "/sql/_elements_constructors.py",
    "/sql/util.py",
)
ROWS = (
    "/orm/loading.py",
    "/orm/strategies.py",
    "/orm/state.py",
    "/orm/attributes.py",
    "/orm/instrumentation.py",
    "/orm/identity.py",
    "/engine/result.py",
    "/engine/row.py",
    "/engine/cursor.py",
    "/orm/collections.py",
    "/orm/strategy_options.py",
    "/orm/path_registry.py",
    "/engine/processors.py",
    "/orm/base.py",
    "/orm/dynamic.py",
    "/orm/writeonly.py",
    "/orm/decl_api.py",
)


def classify(frame):
    stack = []
    while frame is not None:
        stack.append((frame.f_code.co_filename, frame.f_code.co_name))
        frame = frame.f_back
    for fn, _ in stack:  # innermost first
        if "/psycopg" in fn or "/sqlite3/" in fn:
            return "db: driver"
        if "/sqlalchemy/" in fn:
            if fn.endswith(COMPILE):
                return "db: build/compile"
            if fn.endswith(ROWS):
                return "db: rows/ORM"
            # sqlalchemy calling app code (TypeDecorator, events) stays db
            for fn2, _ in stack:
                if "/psycopg" in fn2 or "/sqlite3/" in fn2:
                    return "db: driver"
            return "db: session/execute"
    for fn, _ in stack:
        if "/sqlalchemy/" in fn:  # app code called back from SQLAlchemy
            return "db: rows/ORM"
    files = [fn for fn, _ in stack]
    if any("markdown" in fn or "/nh3" in fn or "/bleach" in fn for fn in files):
        return "markdown"
    if any(
        "/babel/" in fn or "flask_babel" in fn or fn.endswith(("/gettext.py", "core/i18n.py"))
        for fn in files
    ):
        return "i18n"
    if any(fn.endswith("core/app.py") or co == "url_for" for fn, co in stack):
        return "links"
    if any(fn.endswith("site/glossary.py") for fn in files):
        return "glossary"
    if any(co == "update_template_context" for _, co in stack):
        return "template: context"
    if any("/jinja2/" in fn or fn.endswith(".html") or "/markupsafe/" in fn for fn in files):
        return "template"
    if any(co in ("dispatch_request",) for _, co in stack):
        for fn in files:
            if "/burgerplatform/" in fn and not fn.endswith(
                ("core/urls.py", "core/permissions.py")
            ):
                return "view code"
    return "request"


counts = collections.Counter()


def handler(signum, frame):
    counts[classify(frame)] += 1


def main():
    out = sys.stdout
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the whole run
    url, facts = data.ensure(prof.DB, prof.SIZE, log=lambda line: print(line, file=out))
    app = prof.make_app(url)
    staff_email = prof.ensure_staff(app, facts["zone"])
    clients = {
        "citizen": prof.log_in(app, facts["citizen_email"], facts["citizen_password"]),
        "staff": prof.log_in(app, staff_email, prof.STAFF_PASSWORD),
    }
    from sqlalchemy import event

    from burgerplatform.extensions import db

    nq = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: nq.__setitem__(0, nq[0] + 1))
    signal.signal(signal.SIGPROF, handler)
    results = {}
    for name, path, who in prof.pages(facts):
        if WANTED and name not in WANTED:
            continue
        c = clients[who]
        for _ in range(5):
            c.get(path)
        nq[0] = 0
        html = c.get(path).get_data()
        queries = nq[0]
        t0 = time.process_time()
        for _ in range(10):
            c.get(path)
        n = max(50, int(SECONDS / ((time.process_time() - t0) / 10)))
        counts.clear()
        cpu = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, 0.001, 0.001)
        for _ in range(n):
            c.get(path)
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        cpu = (time.process_time() - cpu) * 1000 / n
        total = sum(counts.values())
        results[name] = {
            "cpu": cpu,
            "n": n,
            "samples": total,
            "queries": queries,
            "bytes": len(html),
            "share": {k: v / total for k, v in counts.items()},
        }
        print(
            f"{name:<14} q={queries} n={n} {cpu:6.2f} ms  samples {total}: "
            + ", ".join(f"{k} {v * 100 / total:.1f}%" for k, v in counts.most_common()),
            file=out,
            flush=True,
        )
    prof.RESULTS.mkdir(exist_ok=True)
    (prof.RESULTS / "buckets.json").write_text(json.dumps(results, indent=1))


main()
