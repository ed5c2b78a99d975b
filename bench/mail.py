"""Mail worker throughput: mails per second delivered to a local SMTP server.

    .venv/bin/python bench/mail.py                 # 500 mails, on SQLite and PostgreSQL
    MAILS=2000 DBS=sqlite .venv/bin/python bench/mail.py

Queues MAILS notification mails through core/mail.py (rendered in the recipient's
language, stored as jobs), then runs the real job runner (`jobs.run_pending`, as
`flask worker` does) against an aiosmtpd server on 127.0.0.1 (its own process) that
counts what arrives.
One SMTP connection per mail, as the worker does. Writes bench/results/mail-<ts>.json.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT))

import data  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

MAILS = int(os.environ.get("MAILS") or "500")
DBS = (os.environ.get("DBS") or "postgresql sqlite").split()
SCHEMA = "bench_mail"


# The SMTP server runs in its own process, as a real one would: in ours it would compete
# with the worker for the interpreter. It prints its port, then, when its input closes,
# how many messages it received.
SMTP_SERVER = """
import sys, time
from aiosmtpd.controller import Controller

class Counter:
    received = 0

    async def handle_DATA(self, server, session, envelope):
        Counter.received += 1
        return "250 OK"

controller = Controller(Counter(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
print("ready", flush=True)
sys.stdin.read()
controller.stop()
print(Counter.received, flush=True)
"""


class SmtpServer:
    def __init__(self) -> None:
        with socket.socket() as probe:  # aiosmtpd cannot bind port 0 itself
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", SMTP_SERVER, str(self.port)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def stop(self) -> int:
        """Stop the server; the number of messages it received."""
        out, _ = self.process.communicate("", timeout=30)
        return int(out.strip() or 0)


def _database(db_kind: str, folder: str) -> str:
    if db_kind == "sqlite":
        return f"sqlite:///{folder}/mail.sqlite"
    data._ensure_bench_database()
    engine = create_engine(f"{data.PG_SERVER}/{data.PG_DATABASE}", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
    engine.dispose()
    return f"{data.PG_SERVER}/{data.PG_DATABASE}?options=-csearch_path%3D{SCHEMA}"


def run(db_kind: str) -> dict:
    from burgerplatform import create_app
    from burgerplatform.core import jobs
    from burgerplatform.core.mail import queue_mail
    from burgerplatform.extensions import db
    from config import Config

    smtp = SmtpServer()
    port = smtp.port
    received = 0
    folder = tempfile.mkdtemp(prefix="bp-mail-")
    os.environ.setdefault("INSTANCE_PATH", folder)
    app = create_app(
        Config,
        SQLALCHEMY_DATABASE_URI=_database(db_kind, folder),
        MAIL_BACKEND="smtp",
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=port,
        BASE_URL="http://127.0.0.1:5000",
    )
    try:
        with app.app_context(), app.test_request_context(base_url="http://127.0.0.1:5000"):
            db.create_all()
            user = {"display_name": "Burger Bench"}
            started = time.monotonic()
            for n in range(MAILS):
                queue_mail(
                    f"burger{n}@bench.example.org",
                    "Nieuws over een initiatief dat je volgt",
                    "notification",
                    locale=("nl", "fr", "en")[n % 3],
                    user=user,
                    text=f"Er is nieuws over initiatief {n}.",
                    link=f"http://127.0.0.1:5000/elz-01/initiatives/{n}",
                )
            db.session.commit()
            queued = time.monotonic() - started
            started = time.monotonic()
            delivered = 0
            while delivered < MAILS:
                ran = jobs.run_pending(limit=MAILS)
                db.session.remove()
                if not ran:
                    break
                delivered += ran
            elapsed = time.monotonic() - started
            failed = db.session.scalar(text("SELECT count(*) FROM jobs WHERE status != 'done'"))
            db.session.remove()  # its transaction would block dropping the tables
            db.drop_all()
            db.engine.dispose()
    finally:
        received = smtp.stop()
    return {
        "db": db_kind,
        "mails": MAILS,
        "received": received,
        "not_done": failed,
        "queue_s": round(queued, 2),
        "deliver_s": round(elapsed, 2),
        "mails_per_s": round(received / elapsed, 1) if elapsed else None,
        "queued_per_s": round(MAILS / queued, 1) if queued else None,
    }


def main() -> int:
    print(f"Mail worker: {MAILS} mails to a local SMTP server (aiosmtpd)")
    print(f"{'db':<12}{'queued/s':>10}{'delivered':>11}{'mails/s':>9}")
    results = []
    for db_kind in DBS:
        result = run(db_kind)
        results.append(result)
        print(
            f"{db_kind:<12}{result['queued_per_s']:>10}"
            f"{result['received']:>6}/{result['mails']:<4}{result['mails_per_s']:>9}",
            flush=True,
        )
    out = BENCH / "results" / f"mail-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"load": os.getloadavg(), "results": results}, indent=1))
    print(f"written to {out.relative_to(ROOT)}")
    return 0 if all(r["received"] == r["mails"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
