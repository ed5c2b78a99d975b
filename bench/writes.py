"""The write benchmark of `make bench` (bench/web.py runs it; ONLY=writes).

WRITERS (20) people of the first zone, each logged in through the real form in a session
of their own (its CSRF token fetched once, as a page would carry it), write at once for
WRITE_DURATION seconds, in turn: support an initiative they do not support yet, comment
on one, give input to the round that gathers it. Every form that creates something gets
a fresh one-time key, as the page sends. Each write carries a unique marker (a support
is one person and one initiative). Requests/s and p95 are of the POSTs alone.

Afterwards, in the database: every acknowledged write (answered 2xx or 3xx) is stored
exactly once, no write is stored twice, and the initiatives' supports_count and
comments_count match their rows. Writes change the bench data, so its fingerprint is
spoilt at the end: the next run at this size builds the data again.

Each writer also answers the round's questionnaire once (saving the answers page, then
sending): the bench data has none, so one with two questions is added first.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
import uuid
from collections import Counter

import requests
from sqlalchemy import bindparam, create_engine, select, text

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
RADIO = re.compile(r'type="radio"[^>]*name="(q\d+)"[^>]*value="([^"]*)"|'
                   r'name="(q\d+)"[^>]*type="radio"[^>]*value="([^"]*)"')  # fmt: skip
TEXTAREA = re.compile(r'<textarea[^>]*name="(q\d+)"')
AGENT = "burgerplatform-bench"


class Writer(threading.Thread):
    def __init__(self, base: str, email: str, password: str, user_id: int, plan: dict,
                 start: threading.Event, seconds: float) -> None:  # fmt: skip
        super().__init__(daemon=True)
        self.base, self.email, self.password = base, email, password
        self.user_id = user_id
        self.plan = plan
        self.start_event = start
        self.seconds = seconds
        self.records: list[dict] = []
        self.error = ""
        self.http = requests.Session()
        self.http.headers["User-Agent"] = AGENT
        self.token = ""

    def login(self) -> None:
        page = self.http.get(f"{self.base}/login", timeout=60)
        token = TOKEN.search(page.text).group(1)
        answer = self.http.post(
            f"{self.base}/login",
            {"email": self.email, "password": self.password, "csrf_token": token},
            allow_redirects=False,
            timeout=60,
        )
        if answer.status_code != 302 or "/login" in answer.headers.get("Location", ""):
            raise RuntimeError(f"{self.email} could not log in ({answer.status_code})")
        # The token of this (new, logged-in) session, from a page as a browser has it.
        page = self.http.get(f"{self.base}{self.plan['round_path']}", timeout=60)
        self.token = TOKEN.search(page.text).group(1)

    def post(self, kind: str, path: str, data: dict, key, initiative: int = 0) -> None:
        started = time.perf_counter()
        try:
            answer = self.http.post(
                f"{self.base}{path}",
                {"csrf_token": self.token, **data},
                allow_redirects=False,
                timeout=60,
            )
            status = answer.status_code
        except requests.RequestException as error:
            status, self.error = 0, str(error)[:200]
        self.records.append(
            {
                "kind": kind,
                "key": key,
                "initiative": initiative,
                "status": status,
                "seconds": time.perf_counter() - started,
                "acknowledged": 200 <= status < 400,
            }
        )

    def answer_questionnaire(self) -> None:
        """All questions on one page, saved, then sent: two POSTs, each its own write."""
        base = f"{self.plan['round_path']}/questionnaire"
        page = self.http.get(f"{self.base}{base}/answer?mode=all", timeout=60).text
        radios = {}
        for match in RADIO.finditer(page):
            name, value = match.group(1) or match.group(3), match.group(2) or match.group(4)
            radios.setdefault(name, value)
        texts = TEXTAREA.findall(page)
        mark = f"bench-answer-{uuid.uuid4().hex[:16]}"
        form = {**radios, **{name: f"Mijn antwoord. {mark}" for name in texts}}
        self.post("answers", f"{base}/answer?mode=all", {**form, "step": "next"}, mark)
        if not self.records[-1]["acknowledged"]:
            return
        self.post("questionnaire", f"{base}/send", {}, [self.user_id, self.plan["questionnaire"]])

    def run(self) -> None:
        try:
            self.login()
        except Exception as error:  # reported, and the run fails its check
            self.error = f"login: {error}"[:200]
            self.start_event.wait()
            return
        self.start_event.wait()
        zone, supportable = self.plan["zone"], list(self.plan["supportable"])
        commentable = self.plan["commentable"]
        deadline = time.monotonic() + self.seconds
        turn = 0
        answered = self.plan["questionnaire"] is None
        while time.monotonic() < deadline:
            if not answered and turn == 1:
                answered = True
                self.answer_questionnaire()
            kind = ("support", "comment", "input")[turn % 3]
            turn += 1
            if kind == "support" and supportable:
                initiative = supportable.pop()
                self.post(
                    "support",
                    f"/{zone}/initiatives/{initiative}/support",
                    {},
                    [self.user_id, initiative],
                    initiative,
                )
            elif kind == "comment":
                initiative = commentable[turn % len(commentable)]
                mark = f"bench-comment-{uuid.uuid4().hex[:16]}"
                self.post(
                    "comment",
                    f"/{zone}/initiatives/{initiative}/comments",
                    {"body": f"Ik denk mee. {mark}", "form_key": secrets.token_urlsafe(24)},
                    mark,
                    initiative,
                )
            elif kind == "input":
                mark = f"bench-input-{uuid.uuid4().hex[:16]}"
                self.post(
                    "input",
                    f"{self.plan['round_path']}/contributions",
                    {"body": f"Wat ik nodig heb. {mark}", "form_key": secrets.token_urlsafe(24)},
                    mark,
                )


def _plan(engine, zone_slug: str, writers: int) -> tuple[list[tuple[int, str]], dict, dict]:
    with engine.connect() as conn:
        zone_id = conn.execute(
            text("SELECT id FROM zones WHERE slug = :s"), {"s": zone_slug}
        ).scalar()
        people = conn.execute(
            text("SELECT id, email FROM users WHERE zone_id = :z AND id <> 1 ORDER BY id LIMIT :n"),
            {"z": zone_id, "n": writers},
        ).all()
        open_ = (
            conn.execute(
                text(
                    "SELECT id FROM initiatives WHERE zone_id = :z "
                    "AND status IN ('published', 'on_agenda') ORDER BY id DESC LIMIT 300"
                ),
                {"z": zone_id},
            )
            .scalars()
            .all()
        )
        round_id = conn.execute(
            text(
                "SELECT id FROM rounds WHERE zone_id = :z AND phase = 'gather' ORDER BY id LIMIT 1"
            ),
            {"z": zone_id},
        ).scalar()
        questionnaire = conn.execute(
            text("SELECT id FROM questionnaires WHERE round_id = :r"), {"r": round_id}
        ).scalar()
        plans = {}
        for user_id, _email in people:
            supported = set(
                conn.execute(
                    text("SELECT initiative_id FROM initiative_supports WHERE user_id = :u"),
                    {"u": user_id},
                ).scalars()
            )
            authored = set(
                conn.execute(
                    text("SELECT id FROM initiatives WHERE author_id = :u"), {"u": user_id}
                ).scalars()
            )
            # The same initiatives for everyone, each writer in another order: several
            # people support one initiative at the same moment (its counter is shared).
            mine = [i for i in open_ if i not in supported and i not in authored]
            order = sorted(mine, key=lambda i: hash((i, user_id)))
            plans[user_id] = {
                "zone": zone_slug,
                "supportable": order,
                "commentable": open_[:50],
                "round_path": f"/{zone_slug}/rounds/{round_id}",
                "questionnaire": questionnaire,
            }
        counts = {
            "supports": conn.execute(text("SELECT count(*) FROM initiative_supports")).scalar(),
            "comments": conn.execute(text("SELECT count(*) FROM initiative_comments")).scalar(),
            "contributions": conn.execute(text("SELECT count(*) FROM contributions")).scalar(),
        }
    return [(u, e) for u, e in people], plans, counts


def _counters(conn, ids: list[int]) -> dict[int, tuple[int, int, int, int]]:
    """Initiative id -> (supports_count, support rows, comments_count, comment rows)."""
    rows = conn.execute(
        text(
            "SELECT i.id, i.supports_count, (SELECT count(*) FROM initiative_supports s "
            "WHERE s.initiative_id = i.id), i.comments_count, (SELECT count(*) "
            "FROM initiative_comments c WHERE c.initiative_id = i.id) "
            "FROM initiatives i WHERE i.id IN :ids"
        ).bindparams(bindparam("ids", expanding=True)),
        {"ids": ids},
    ).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def _check(engine, records: list[dict], before: dict, counters_before: dict) -> dict:
    """Every acknowledged write stored once; nothing stored twice; counters match rows."""
    acked = [r for r in records if r["acknowledged"]]
    not_acked = [r for r in records if not r["acknowledged"]]
    missing, doubled, stored_unacked = [], [], 0
    with engine.connect() as conn:

        def stored(record: dict) -> int:
            if record["kind"] == "support":
                user_id, initiative = record["key"]
                return conn.execute(
                    text(
                        "SELECT count(*) FROM initiative_supports "
                        "WHERE user_id = :u AND initiative_id = :i"
                    ),
                    {"u": user_id, "i": initiative},
                ).scalar()
            if record["kind"] == "questionnaire":
                user_id, questionnaire = record["key"]
                return conn.execute(
                    text(
                        "SELECT count(*) FROM questionnaire_submissions WHERE user_id = :u "
                        "AND questionnaire_id = :q AND sent_at IS NOT NULL"
                    ),
                    {"u": user_id, "q": questionnaire},
                ).scalar()
            table = {
                "comment": "initiative_comments",
                "input": "contributions",
                "answers": "questionnaire_answers",
            }[record["kind"]]
            return conn.execute(
                text(f"SELECT count(*) FROM {table} WHERE body LIKE :m"),  # noqa: S608
                {"m": f"%{record['key']}%"},
            ).scalar()

        for record in acked:
            n = stored(record)
            if n == 0:
                missing.append(record)
            elif n > 1:
                doubled.append(record)
        for record in not_acked:
            n = stored(record)
            stored_unacked += n
            if n > 1:
                doubled.append(record)
        after = {
            "supports": conn.execute(text("SELECT count(*) FROM initiative_supports")).scalar(),
            "comments": conn.execute(text("SELECT count(*) FROM initiative_comments")).scalar(),
            "contributions": conn.execute(text("SELECT count(*) FROM contributions")).scalar(),
        }
        # Counters move with their rows (comments_count counts visible comments only, so
        # the bench data's hidden ones make the absolute numbers differ).
        counted = _counters(conn, sorted(counters_before))
        counters_off = [
            i
            for i, (s0, rows0, c0, crows0) in counters_before.items()
            for s1, rows1, c1, crows1 in [counted[i]]
            if s1 - s0 != rows1 - rows0 or c1 - c0 != crows1 - crows0
        ]
    by_kind = Counter(r["kind"] for r in acked)
    new_rows = {
        "support": after["supports"] - before["supports"],
        "comment": after["comments"] - before["comments"],
        "input": after["contributions"] - before["contributions"],
    }
    # More new rows than acknowledgements (plus writes whose answer never came) would be
    # writes stored that nobody asked for, or twice.
    unasked = {
        kind: new_rows[kind] - by_kind[kind] - sum(1 for r in not_acked if r["kind"] == kind)
        for kind in new_rows
    }
    return {
        "acknowledged": dict(by_kind),
        "not_acknowledged": dict(Counter(f"{r['kind']} {r['status']}" for r in not_acked)),
        "new_rows": new_rows,
        "missing": len(missing),
        "stored_twice": len(doubled),
        "stored_without_acknowledgement": stored_unacked,
        "rows_beyond_requests": {k: v for k, v in unasked.items() if v > 0},
        "counters_off": len(counters_off),
        "missing_examples": missing[:5],
        "exactly_once": not missing
        and not doubled
        and not any(v > 0 for v in unasked.values())
        and not counters_off,
    }


def _add_questionnaire(database_url: str, zone_slug: str) -> None:
    """A questionnaire on the zone's gathering round, through the services, unless the
    round has one."""
    from data import _make_app

    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Phase, Round
    from burgerplatform.extensions import db
    from burgerplatform.questionnaires import services
    from burgerplatform.questionnaires.models import Audience, QuestionKind
    from burgerplatform.zones.models import Zone

    app = _make_app(database_url)
    with app.app_context():
        zone = db.session.scalar(select(Zone).where(Zone.slug == zone_slug))
        round_ = db.session.scalar(
            select(Round)
            .where(Round.zone_id == zone.id, Round.phase == Phase.GATHER)
            .order_by(Round.id)
        )
        if round_ is not None and services.questionnaire_of(round_) is None:
            author = db.session.get(User, 1)
            questionnaire = services.create_questionnaire(
                round_, author, "Twee korte vragen.", Audience.ZONE, results_public=False
            )
            for kind, required, texts in (
                (
                    QuestionKind.SINGLE,
                    True,
                    {"text_nl": "Zorg je voor iemand?", "options_nl": "Ja\nNee\nSoms"},
                ),
                (QuestionKind.OPEN, False, {"text_nl": "Wat wil je nog zeggen?"}),
            ):
                services.add_question(questionnaire, services.question_data(kind, required, texts))
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _spoil_bench_data(engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE bench_meta SET value = :v WHERE key = 'fingerprint'"),
            {"v": '"changed-by-the-write-benchmark"'},
        )


def run(base: str, database_url: str, facts: dict, writers: int, seconds: float,
        password: str) -> dict:  # fmt: skip
    """The write row: POSTs per second, p95, and the exactly-once check."""
    engine = create_engine(database_url)
    _add_questionnaire(database_url, facts["zone"])
    people, plans, before = _plan(engine, facts["zone"], writers)
    candidates = sorted({i for plan in plans.values() for i in plan["supportable"]})
    candidates += [i for plan in plans.values() for i in plan["commentable"]]
    with engine.connect() as conn:
        counters_before = _counters(conn, sorted(set(candidates)))
    start = threading.Event()
    threads = [
        Writer(base, email, password, user_id, plans[user_id], start, seconds)
        for user_id, email in people
    ]
    for thread in threads:
        thread.start()
    time.sleep(0)
    # All logged in (or failed) before the clock starts.
    deadline = time.monotonic() + 120
    while any(t.token == "" and not t.error for t in threads) and time.monotonic() < deadline:
        time.sleep(0.1)
    began = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    records = [r for t in threads for r in t.records]
    latencies = sorted(r["seconds"] for r in records)
    check = _check(engine, records, before, counters_before)
    _spoil_bench_data(engine)
    engine.dispose()
    statuses = Counter(r["status"] for r in records)
    return {
        "writers": len(threads),
        "writers_failed": [t.error for t in threads if t.error],
        "requests": len(records),
        "seconds": elapsed,
        "rps": len(records) / elapsed if elapsed else 0.0,
        "p50_ms": 1000 * latencies[len(latencies) // 2] if latencies else None,
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))] if latencies else None,
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "check": check,
    }
