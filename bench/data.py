"""Benchmark data: a platform with 100, 10,000 or 100,000 initiatives over 60 zones.

    .venv/bin/python bench/data.py 10000 sqlite       # build (or reuse) and print the URL
    .venv/bin/python bench/data.py 100000 postgresql

Zones, themes and the pool's questions go through the services; everything large goes in
with bulk inserts (SQLAlchemy Core, in batches): users, initiatives in every status with
their timeline, supports and comments (three hot ones with 600 comments), a citizen pool
of 3,000 with their answers, rounds with contributions and recommendations, a proeftuin
whose busiest topic has 2,000 posts, and one citizen with 200 notifications.
`supports_count` and `comments_count` match the rows.

The first zone is the one bench/web.py measures. At every size it holds at least
FIRST_ZONE initiatives, its statuses spread evenly in the same proportions as everywhere
(not drawn at random), so its lists fill a page at 100 as they do at 100,000: the sizes
are compared with the same number of items on each page. On top of those it gets a
backlog: at least WORK_BACKLOG initiatives in each part of the staff work list (to check,
overdue, waiting, to follow up), more than the list shows of each, so the work list too
shows as many items at 100 (which then holds about 330 initiatives) as at 100,000. User
2 is a citizen of it and its staff member (the work list).

Built data is kept: SQLite files in bench/.data/, on PostgreSQL one schema per size in
the database bench_pg. A fingerprint of DATA_VERSION and of the schema decides whether a
copy can be reused; the facts the runner needs (ids, the citizen's login) are stored
with the data.
"""

from __future__ import annotations

import enum
import hashlib
import itertools
import json
import os
import random
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import (  # noqa: E402
    Column,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import SAWarning  # noqa: E402
from sqlalchemy.schema import CreateIndex, CreateTable  # noqa: E402

DATA_DIR = ROOT / "bench" / ".data"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432")
# Another name keeps one checkout's data apart from another's on a shared server.
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "bench_pg")
ZONES = 60
POOL = 3_000
USERS_PER_ZONE = 150
HOT_COMMENTS = 600
TOPIC_POSTS = 2_000
NOTIFICATIONS = 200
BATCH = 5_000
DATA_VERSION = 5  # bump when what is generated changes
# The measured zone's least number of initiatives: at 40 % published, 60 fill a page of
# 20 published ones (and of 20 public ones) with more to follow, at every size.
FIRST_ZONE = 60
# The staff work list shows each part's 50 most urgent (initiatives.queries.WORK_SHOWN):
# the measured zone gets a backlog of at least this many in each part at every size, so
# the list shows as many items at 100 as at 100,000.
WORK_BACKLOG = 60
STAFF_ID = 2
CITIZEN_EMAIL = "burger@bench.example.org"
CITIZEN_PASSWORD = "bench-burger-wachtwoord"  # noqa: S105 - bench data only

meta_table = Table(
    "bench_meta",
    MetaData(),
    Column("key", String(40), primary_key=True),
    Column("value", Text),
)

TOWNS = [
    "Aalter", "Assenede", "Eeklo", "Kaprijke", "Lievegem", "Maldegem", "Zelzate", "Bornem",
    "Puurs", "Willebroek", "Mechelen", "Lier", "Geel", "Mol", "Turnhout", "Hasselt", "Genk",
    "Tongeren", "Brugge", "Oostende", "Kortrijk", "Roeselare", "Ieper", "Aalst", "Dendermonde",
    "Lokeren", "Sint-Niklaas", "Temse", "Leuven", "Tienen", "Diest", "Vilvoorde", "Halle",
    "Ninove", "Ronse", "Oudenaarde", "Deinze", "Tielt", "Torhout", "Poperinge", "Veurne",
    "Diksmuide", "Heist", "Herentals", "Boom", "Kontich", "Mortsel", "Schoten", "Brasschaat",
    "Kapellen", "Essen", "Hoogstraten", "Maaseik", "Bree", "Lommel", "Beringen", "Sint-Truiden",
    "Zottegem", "Geraardsbergen", "Wetteren", "Zele", "Hamme", "Beveren", "Zwijndrecht",
]  # fmt: skip
SUBJECTS = [
    "Een buurtbus voor ouderen", "Meer ontmoetingsplekken voor mantelzorgers",
    "Een vast aanspreekpunt bij het ziekenhuis", "Respijtzorg ook in het weekend",
    "Een wandelgroep tegen eenzaamheid", "Gratis vervoer naar de dagopvang",
    "Een spreekuur over psychische gezondheid", "Betere toegang tot de huisarts",
    "Een infopunt voor nieuwe inwoners", "Hulp bij digitale zorgformulieren",
    "Een buddy voor wie pas thuis is na opname", "Toegankelijke toiletten in het centrum",
    "Een koffieklets voor jonge mantelzorgers", "Zitbanken op de weg naar de apotheek",
    "Een tolk bij het eerste gesprek", "Een warme maaltijd aan huis",
    "Meer rustpunten in het park", "Een praatgroep voor wie rouwt",
    "Samen sporten voor mensen met een chronische ziekte", "Een zorgzame buurt in de wijk",
]  # fmt: skip
PARAGRAPHS = [
    "Veel mensen in onze buurt wonen alleen. Ze komen weinig buiten en kennen hun buren "
    "nauwelijks. Een vaste plek om elkaar te zien zou al veel verschil maken.",
    "Als mantelzorger sta ik er vaak alleen voor. Ik wil graag weten waar ik terechtkan "
    "als ik zelf even niet meer kan, **zonder** eerst vijf formulieren in te vullen.",
    "De bus rijdt maar twee keer per dag. Wie niet met de auto kan, mist afspraken bij de "
    "kinesist of de huisarts. Dat moet anders kunnen.",
    "We vragen de zorgraad om samen met de gemeenten te bekijken wat er al bestaat, en "
    "dat beter bekend te maken bij wie het nodig heeft.",
    "In het woonzorgcentrum zijn er vrijwilligers, maar niemand weet dat je daar ook als "
    "buurtbewoner welkom bent. Een bord aan de ingang en een folder helpen al.",
    "Mensen met een migratieachtergrond vinden de weg naar de zorg moeilijk. Een tolk of "
    "een brugfiguur bij het eerste gesprek maakt het verschil.",
    "Na een ziekenhuisopname ben je vaak *plots* weer thuis, zonder dat iemand vraagt hoe "
    "het gaat. Een telefoontje na een week zou al helpen.",
]
LIST_ITEMS = [
    "een vaste dag in de week",
    "een plek die rolstoeltoegankelijk is",
    "iemand die de weg kent in de zorg",
    "informatie in eenvoudige taal",
    "een aanspreekpunt per gemeente",
    "samenwerking met het OCMW",
]
COMMENTS = [
    "Goed idee! Bij ons in de straat is dit ook echt nodig.",
    "Ik ben mantelzorger voor mijn moeder en herken dit helemaal.",
    "Kunnen we dit ook in de deelgemeenten doen? Daar rijdt bijna geen bus.",
    "Ik wil graag helpen als vrijwilliger. Hoe kan ik me opgeven?",
    "Misschien kan het dienstencentrum hier een rol in spelen.",
    "Fijn dat iemand dit op de agenda zet. **Eindelijk.**",
    "Wij hebben dit vorig jaar geprobeerd met de buurtvereniging; het werkte goed.",
    "Denk ook aan mensen die niet online zijn: een folder bij de apotheek helpt.",
    "Ik steun dit, maar wie gaat het betalen?",
    "Mijn buurvrouw zou hier veel aan hebben.",
]
NAMES = [
    "An", "Bram", "Chloé", "Dirk", "Els", "Fien", "Gert", "Hanne", "Ilse", "Jonas", "Karim",
    "Lotte", "Marc", "Nora", "Omar", "Paula", "Rik", "Sara", "Tom", "Yasmine",
]  # fmt: skip


# -- where the data lives --------------------------------------------------------------


def database_url(db_kind: str, size: int) -> str:
    if db_kind == "sqlite":
        return f"sqlite:///{DATA_DIR / f'bench-{size}.sqlite'}"
    return f"{PG_SERVER}/{PG_DATABASE}?options=-csearch_path%3Dbench_{size}"


def fingerprint(metadata, dialect) -> str:
    """The data's version and the schema the app declares: a change to either rebuilds."""
    digest = hashlib.sha256(f"bench data v{DATA_VERSION}".encode())
    for table in metadata.sorted_tables:
        digest.update(str(CreateTable(table).compile(dialect=dialect)).encode())
        for index in sorted(table.indexes, key=lambda i: i.name or ""):
            digest.update(str(CreateIndex(index).compile(dialect=dialect)).encode())
    return digest.hexdigest()[:16]


def _read_meta(engine) -> dict:
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("bench_meta"):
                return {}
            return {k: json.loads(v) for k, v in conn.execute(select(meta_table)).all()}
    except Exception:  # no file, no schema: nothing to reuse
        return {}


def _prepare_postgres(size: int) -> None:
    bench = create_engine(f"{PG_SERVER}/{PG_DATABASE}", isolation_level="AUTOCOMMIT")
    with bench.connect() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS bench_{size} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA bench_{size}"))
    bench.dispose()


def _make_app(url: str):
    os.environ.setdefault("INSTANCE_PATH", str(DATA_DIR / "instance"))
    from burgerplatform import create_app
    from config import Config

    return create_app(Config, SQLALCHEMY_DATABASE_URI=url, RATELIMIT_ENABLED=False)


def ensure(db_kind: str, size: int, force: bool = False, log=print) -> tuple[str, dict]:
    """The URL of a database with this size's data, built unless a valid copy exists."""
    from burgerplatform.extensions import db

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    url = database_url(db_kind, size)
    if db_kind == "postgresql":
        _ensure_bench_database()
    app = _make_app(url)
    with app.app_context():
        wanted = fingerprint(db.metadata, db.engine.dialect)
        meta = _read_meta(db.engine)
        db.engine.dispose()
    if not force and meta.get("fingerprint") == wanted and meta.get("size") == size:
        log(f"  data: {db_kind} {size:,} reused")
        return url, meta["facts"]
    started = time.monotonic()
    if db_kind == "sqlite":
        path = DATA_DIR / f"bench-{size}.sqlite"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        _prepare_postgres(size)
    app = _make_app(url)
    with app.app_context(), app.test_request_context():
        facts = Generator(size).run()
        meta_table.create(db.engine, checkfirst=True)
        db.session.execute(
            insert(meta_table),
            [
                {"key": "fingerprint", "value": json.dumps(wanted)},
                {"key": "size", "value": json.dumps(size)},
                {"key": "facts", "value": json.dumps(facts)},
            ],
        )
        db.session.commit()
        db.engine.dispose()
    log(f"  data: {db_kind} {size:,} built in {time.monotonic() - started:.0f} s")
    return url, facts


def _ensure_bench_database() -> None:
    server = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        exists = conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": PG_DATABASE}
        )
        if not exists:
            conn.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
    server.dispose()


def row_value(value):
    """What COPY writes for a value: enums by their stored (lowercase) value."""
    return value.value if isinstance(value, enum.Enum) else value


# -- the generator ------------------------------------------------------------------------


class Generator:
    def __init__(self, size: int, seed: int = 6) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.ids: dict[str, int] = {}

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def bulk(self, model_or_table, rows: list[dict]) -> None:
        """Insert rows, keeping only the columns the table has (the schema may grow: a
        new column with a default needs nothing here). PostgreSQL gets COPY, several
        times faster than batched INSERTs, when the rows fill every required column."""
        from burgerplatform.extensions import db

        if not rows:
            return
        table = getattr(model_or_table, "__table__", model_or_table)
        rows = _with_rendered_markdown(table, rows)
        names = [name for name in rows[0] if name in table.c]
        if len(names) != len(rows[0]):
            rows = [{k: row[k] for k in names} for row in rows]
        required = {
            c.name
            for c in table.c
            if not c.nullable and c.server_default is None and c.autoincrement is not True
        }
        if db.engine.dialect.name == "postgresql" and required <= set(names):
            self._copy(table, names, rows)
            return
        for start in range(0, len(rows), BATCH):
            db.session.execute(insert(table), rows[start : start + BATCH])

    @staticmethod
    def _copy(table, names: list[str], rows: list[dict]) -> None:
        from psycopg import sql
        from psycopg.types.json import Json

        from burgerplatform.extensions import db

        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
        )
        connection = db.session.connection().connection.driver_connection
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(
                    [Json(v) if isinstance(v, dict | list) else row_value(v) for v in row.values()]
                )

    def ago(self, days_max: float, days_min: float = 0) -> datetime:
        return self.now - timedelta(days=self.rng.uniform(days_min, days_max))

    def body(self) -> str:
        rng = self.rng
        paragraphs = rng.sample(PARAGRAPHS, 2)
        items = rng.sample(LIST_ITEMS, 3)
        return (
            f"{paragraphs[0]}\n\n## Wat we vragen\n\n"
            + "\n".join(f"- {item}" for item in items)
            + f"\n\n{paragraphs[1]}\n"
        )

    def run(self) -> dict:
        from burgerplatform.extensions import db

        db.create_all()
        # Loading into bare tables and indexing once afterwards is several times faster
        # than keeping every index up to date row by row. Unique constraints stay.
        with warnings.catch_warnings():  # SQLite cannot reflect expression indexes
            warnings.simplefilter("ignore", SAWarning)
            indexes = [
                index
                for table in db.metadata.sorted_tables
                for index in table.indexes
                if index.name and inspect(db.engine).has_index(table.name, index.name)
            ]
        for index in indexes:
            index.drop(db.engine)
        if db.engine.dialect.name == "postgresql":
            # Foreign keys hold by construction; checking them row by row (triggers) is
            # most of the load time. Only this session, only while loading.
            db.session.execute(text("SET session_replication_role = replica"))
        zones = self.zones()
        users = self.users(zones)
        initiatives = self.initiatives(zones, users)
        self.pool(zones[0], users)
        round_id = self.rounds(zones, users)
        proeftuin_id, topic_id = self.proeftuin(zones[0], users)
        self.notifications(zones[0], initiatives)
        self.staff(zones[0])
        db.session.commit()
        for index in indexes:
            index.create(db.engine)
        self.finish()
        return {
            "zone": zones[0]["slug"],
            "hot_initiative": initiatives["hot"][0],
            "round": round_id,
            "proeftuin": proeftuin_id,
            "topic": topic_id,
            "citizen_email": CITIZEN_EMAIL,
            "citizen_password": CITIZEN_PASSWORD,
            "staff_email": f"burger{STAFF_ID}@bench.example.org",
            "staff_password": CITIZEN_PASSWORD + "-ander",
            "initiatives": self.size,
            "rows": dict(self.ids),
        }

    def zones(self) -> list[dict]:
        """Through the services: zones with municipalities and clusters, their themes."""
        from burgerplatform.extensions import db
        from burgerplatform.initiatives.themes import themes_for
        from burgerplatform.zones.services import create_zone

        made = []
        for i in range(ZONES):
            towns = [TOWNS[(i * 3 + k) % len(TOWNS)] for k in range(3)]
            zone = create_zone(
                slug=f"elz-{i + 1:02d}",
                name=f"ELZ {towns[0]}-{towns[1]}",
                municipalities=towns,
                support_threshold=10,
                description=f"De eerstelijnszone van {', '.join(towns)}.",
            )
            themes = themes_for(zone)
            made.append(
                {
                    "id": zone.id,
                    "slug": zone.slug,
                    "threshold": zone.support_threshold,
                    "days": zone.response_days,
                    "themes": [t.id for t in themes],
                    "municipalities": [(m.id, m.name) for m in zone.municipalities],
                }
            )
        db.session.commit()
        return made

    def users(self, zones: list[dict]) -> dict[int, list[int]]:
        """Zone id -> its citizens' ids. The first zone holds the pool of 3,000; user 1 is
        the citizen who logs in."""
        from werkzeug.security import generate_password_hash

        from burgerplatform.accounts.models import Consent, User

        password = generate_password_hash(CITIZEN_PASSWORD)
        other = generate_password_hash(CITIZEN_PASSWORD + "-ander")
        rows, by_zone = [], {}
        for index, zone in enumerate(zones):
            count = POOL + 1 if index == 0 else USERS_PER_ZONE
            ids = []
            for _ in range(count):
                user_id = self.next_id("users")
                first = user_id == 1
                rows.append(
                    {
                        "id": user_id,
                        "email": CITIZEN_EMAIL if first else f"burger{user_id}@bench.example.org",
                        "display_name": "Burger Bench"
                        if first
                        else f"{self.rng.choice(NAMES)} {chr(65 + user_id % 26)}.",
                        "password_hash": password if first else other,
                        "locale": "nl",
                        "zone_id": zone["id"],
                        "email_confirmed_at": self.now - timedelta(days=400),
                        "created_at": self.now - timedelta(days=400),
                        "mail_preference": "immediate",
                        "is_admin": False,
                        "session_version": 1,
                    }
                )
                ids.append(user_id)
            by_zone[zone["id"]] = ids
        self.bulk(User, rows)
        self.bulk(
            Consent,
            [
                {
                    "id": 1,
                    "user_id": 1,
                    "kind": "privacy",
                    "version": "2026-11",
                    "given_at": self.now,
                }
            ],
        )
        return by_zone

    def initiatives(self, zones: list[dict], users: dict[int, list[int]]) -> dict:
        from burgerplatform.initiatives.models import (
            ActorRole,
            AnswerKind,
            Initiative,
            InitiativeComment,
            InitiativeEvent,
            Status,
            Support,
            initiative_municipality_links,
            initiative_theme_links,
        )

        rng = self.rng
        statuses = [
            (Status.DRAFT, 8),
            (Status.IN_REVIEW, 3),
            (Status.SENT_BACK, 2),
            (Status.PUBLISHED, 40),
            (Status.ON_AGENDA, 15),
            (Status.ANSWERED, 17),
            (Status.REALISED, 8),
            (Status.CLOSED, 7),
        ]
        kinds, weights = zip(*statuses, strict=True)
        rows, themes, towns, events, supports, comments = [], [], [], [], [], []
        hot: list[int] = []
        per_zone, extra = divmod(self.size, len(zones))
        counts = [per_zone + (1 if z < extra else 0) for z in range(len(zones))]
        # The first zone (the measured one, with the three hot ones) gets at least
        # FIRST_ZONE, taken one at a time from the others, from the last zone back.
        wanted = min(max(FIRST_ZONE, 3), self.size)
        while counts[0] < wanted:
            for z in range(len(zones) - 1, 0, -1):
                if counts[0] < wanted and counts[z] > 0:
                    counts[0] += 1
                    counts[z] -= 1
        # Its statuses in a fixed, even order (the same proportions as the weights): any
        # first n of them hold each status in proportion, give or take one.
        spread = sorted(
            ((j + 0.5) / weight, k) for k, weight in enumerate(weights) for j in range(weight)
        )
        first_zone_statuses = [kinds[k] for _, k in spread]
        public_in_first: list[int] = []
        for z, zone in enumerate(zones):
            citizens = users[zone["id"]]
            for n in itertools.count():
                backlog = None
                if n >= counts[z]:
                    # The measured zone's work list: topped up, part by part, past a page.
                    backlog = _lacking_work(rows, self.now) if z == 0 else None
                    if backlog is None:
                        break
                initiative_id = self.next_id("initiatives")
                status = (
                    first_zone_statuses[n % len(first_zone_statuses)]
                    if z == 0
                    else rng.choices(kinds, weights)[0]
                )
                if z == 0 and n < 3:
                    status = Status.PUBLISHED  # the hot ones: 600 comments each
                created = self.ago(3 * 365, 20)
                if backlog is not None:
                    status = Status(BACKLOG_STATUS[backlog])
                    if backlog == "overdue":
                        created = self.ago(3 * 365, 200)
                author = rng.choice(citizens[1:])
                town, town_name = rng.choice(zone["municipalities"])
                subject = rng.choice(SUBJECTS)
                row = {
                    "id": initiative_id,
                    "zone_id": zone["id"],
                    "author_id": author,
                    "title": f"{subject} in {town_name} ({initiative_id})",
                    "summary": f"{subject}: {rng.choice(PARAGRAPHS)[:180]}",
                    "body": self.body(),
                    "affected": "Ouderen, mantelzorgers en hun buren.",
                    "request": "Dat de zorgraad dit bespreekt met de gemeenten en de "
                    "zorgaanbieders.",
                    "status": status.value,
                    "review_message": "",
                    "supports_count": 0,
                    "comments_count": 0,
                    "created_at": created,
                    "updated_at": created,
                    "submitted_at": None,
                    "published_at": None,
                    "agenda_at": None,
                    "answer_due_at": None,
                    "answered_at": None,
                    "answer_kind": None,
                    "answer_reason": "",
                    "referred_to": "",
                    "progress_percent": None,
                    "closed_at": None,
                    "final_word": "",
                    "draft_key": None,
                    "reminder_sent_at": None,
                }
                rows.append(row)
                themes.extend(
                    {"initiative_id": initiative_id, "theme_id": t}
                    for t in rng.sample(zone["themes"], rng.choice((1, 1, 2)))
                )
                towns.append({"initiative_id": initiative_id, "municipality_id": town})
                if status in (Status.DRAFT,):
                    continue
                name = f"Burger {author}"

                def event(kind, when, role, params=None, text="", public=True):
                    events.append(
                        {
                            "id": self.next_id("initiative_events"),
                            "initiative_id": initiative_id,  # noqa: B023 - used at once
                            "kind": kind,
                            "created_at": when,
                            "actor_role": role.value,
                            "actor_name": name if role is ActorRole.AUTHOR else "",  # noqa: B023
                            "text": text,
                            "params": params or {},
                            "public": public,
                        }
                    )

                when = created + timedelta(days=rng.uniform(0.5, 5))
                row["submitted_at"] = when
                event("submitted", when, ActorRole.AUTHOR, public=False)
                if status is Status.SENT_BACK:
                    event("sent_back", when + timedelta(days=2), ActorRole.STAFF, public=False)
                if status in (Status.IN_REVIEW, Status.SENT_BACK):
                    continue
                when += timedelta(days=rng.uniform(1, 8))
                row["published_at"] = when
                event("published", when, ActorRole.STAFF)
                threshold = zone["threshold"]
                if status is Status.PUBLISHED:
                    count = min(int(rng.expovariate(1 / 3)), threshold - 1)
                elif rng.random() < 0.5:  # reached the threshold
                    count = threshold + int(rng.expovariate(1 / 4))
                else:  # put on the agenda by staff
                    count = int(rng.expovariate(1 / 3)) % threshold
                for supporter in rng.sample(citizens, min(count, len(citizens))):
                    supports.append(
                        {
                            "id": self.next_id("initiative_supports"),
                            "initiative_id": initiative_id,
                            "user_id": supporter,
                            "created_at": when + timedelta(hours=rng.uniform(1, 400)),
                        }
                    )
                row["supports_count"] = min(count, len(citizens))
                row["updated_at"] = when
                if z == 0 and status is not Status.DRAFT:
                    public_in_first.append(initiative_id)
                if status is not Status.PUBLISHED:
                    when += timedelta(days=rng.uniform(5, 40))
                    row["agenda_at"] = when
                    row["answer_due_at"] = when + timedelta(days=zone["days"])
                    if backlog == "waiting":
                        # Due long after the build: data kept for later runs still waits.
                        row["answer_due_at"] = self.now + timedelta(days=rng.uniform(300, 400))
                    if count >= threshold:
                        event("threshold", when, ActorRole.SYSTEM, {"supports": count})
                    else:
                        event("on_agenda", when, ActorRole.STAFF)
                    meeting_day = when + timedelta(days=rng.uniform(7, 50))
                    event(
                        "scheduled",
                        when + timedelta(hours=2),
                        ActorRole.STAFF,
                        {"meeting": "Zorgraad", "when": meeting_day.isoformat()},
                    )
                if status in (Status.ANSWERED, Status.REALISED, Status.CLOSED):
                    when = row["agenda_at"] + timedelta(days=rng.uniform(10, zone["days"] + 30))
                    kind = rng.choice(list(AnswerKind))
                    row.update(
                        answered_at=when,
                        answer_kind=kind.value,
                        answer_reason="De zorgraad vindt dit belangrijk en bekijkt met de "
                        "gemeenten hoe het kan, binnen het budget van volgend jaar.",
                        referred_to="Het lokaal bestuur" if kind is AnswerKind.REFERRED else "",
                        updated_at=when,
                    )
                    event("answered", when, ActorRole.ZORGRAAD, {"answer": kind.value})
                if status in (Status.REALISED, Status.CLOSED):
                    when += timedelta(days=rng.uniform(20, 90))
                    row["progress_percent"] = 100 if status is Status.REALISED else 40
                    event("progress", when, ActorRole.STAFF, text="De eerste stappen zijn gezet.")
                    when += timedelta(days=rng.uniform(20, 90))
                    if status is Status.REALISED:
                        event("realised", when, ActorRole.STAFF)
                    else:
                        row["closed_at"] = when
                        row["final_word"] = "Dit loopt verder via de gemeente."
                        event("closed", when, ActorRole.STAFF)
                    row["updated_at"] = when
                # Comments: most have none or a few; three hot ones in the first zone.
                count = HOT_COMMENTS if (z == 0 and n < 3) else int(rng.expovariate(1 / 1.2))
                if count == HOT_COMMENTS:
                    hot.append(initiative_id)
                visible, first_ids = 0, []
                start = row["published_at"]
                for c in range(count):
                    comment_id = self.next_id("initiative_comments")
                    hidden = rng.random() < 0.01
                    parent = rng.choice(first_ids) if first_ids and rng.random() < 0.15 else None
                    comments.append(
                        {
                            "id": comment_id,
                            "zone_id": zone["id"],
                            "initiative_id": initiative_id,
                            "parent_id": parent,
                            "author_id": rng.choice(citizens),
                            "body": f"{rng.choice(COMMENTS)} (reactie {c + 1})",
                            "created_at": start + timedelta(minutes=30 * (c + 1)),
                            "hidden_at": start + timedelta(days=1) if hidden else None,
                            "hidden_reason": "off_topic" if hidden else None,
                            "hidden_note": "Niet over dit voorstel." if hidden else None,
                            "hidden_by_id": None,
                            "redacted_at": None,
                            "redacted_original": None,
                        }
                    )
                    if parent is None:
                        first_ids.append(comment_id)
                    visible += not hidden
                row["comments_count"] = visible
            # Per zone, to keep memory flat. Parents before children, and a reply refers
            # to an earlier comment id, so insertion in id order is safe.
            for model, made in (
                (Initiative, rows),
                (initiative_theme_links, themes),
                (initiative_municipality_links, towns),
                (InitiativeEvent, events),
                (Support, supports),
                (InitiativeComment, comments),
            ):
                self.bulk(model, made)
                made.clear()
        return {"hot": hot, "public_in_first": public_in_first}

    def pool(self, zone: dict, users: dict[int, list[int]]) -> None:
        from burgerplatform.consultations import pool
        from burgerplatform.consultations.pool_models import PoolAnswer, PoolMember
        from burgerplatform.extensions import db
        from burgerplatform.zones.models import Zone

        categories = pool.seed_categories(db.session.get(Zone, zone["id"]))
        db.session.commit()
        rng = self.rng
        members, answers = [], []
        for user_id in users[zone["id"]][1 : POOL + 1]:
            member_id = self.next_id("pool_members")
            members.append(
                {
                    "id": member_id,
                    "zone_id": zone["id"],
                    "user_id": user_id,
                    "pseudonym": f"{rng.getrandbits(64):016x}",
                    "consent_version": pool.POOL_CONSENT_VERSION,
                    "consent_given_at": self.ago(300, 10),
                    "created_at": self.ago(300, 10),
                    "left_at": None,
                    "last_seated_at": None,
                }
            )
            for category in categories:
                values = [v.id for v in category.values]
                if not values:
                    continue
                picked = (
                    rng.sample(values, rng.choice((0, 1, 1, 2)) if len(values) > 1 else 1)
                    if category.multiple
                    else [rng.choice(values)]
                )
                answers.extend(
                    {"id": self.next_id("pool_answers"), "member_id": member_id, "value_id": v}
                    for v in picked
                )
        self.bulk(PoolMember, members)
        self.bulk(PoolAnswer, answers)

    def rounds(self, zones: list[dict], users: dict[int, list[int]]) -> int:
        """Each zone a round gathering input; the first zone also one in follow-up with
        answered recommendations (the round page that is measured)."""
        from burgerplatform.consultations.models import (
            Contribution,
            Outcome,
            Phase,
            Recommendation,
            RecommendationVersion,
            Round,
            Seat,
            recommendation_sources,
        )

        rng = self.rng
        rounds, contributions, recs, versions, sources, seats = [], [], [], [], [], []
        measured = 0
        for z, zone in enumerate(zones):
            plans = [(Phase.GATHER, 300 if z == 0 else 20)]
            if z == 0:
                plans.append((Phase.FOLLOW_UP, 120))
            for phase, count in plans:
                round_id = self.next_id("rounds")
                created = self.ago(200, 60)
                rounds.append(
                    {
                        "id": round_id,
                        "zone_id": zone["id"],
                        "title": "Hoe maken we de weg naar de zorg korter?"
                        if phase is Phase.FOLLOW_UP
                        else "Wat heb je nodig om langer thuis te wonen?",
                        "question_draft": "Wat moet de zorgraad weten over de weg naar zorg?",
                        "question_final": "Wat maakt de weg naar zorg en ondersteuning voor "
                        "jou te lang, en wat zou helpen?",
                        "co_defined": True,
                        "background": PARAGRAPHS[3],
                        "asked_by": "De zorgraad",
                        "deadline": (self.now + timedelta(days=30)).date(),
                        "open_to_all": True,
                        "phase": phase.value,
                        "created_by_id": None,
                        "group_size": 15,
                        "rotation_rounds": 2,
                        "rotation_months": 0,
                        "rotation_fallback": True,
                        "reply_days": 10,
                        "submitted_at": created + timedelta(days=40)
                        if phase is Phase.FOLLOW_UP
                        else None,
                        "created_at": created,
                    }
                )
                citizens = users[zone["id"]]
                made = []
                for c in range(count):
                    contribution_id = self.next_id("contributions")
                    offline = rng.random() < 0.2
                    contributions.append(
                        {
                            "id": contribution_id,
                            "round_id": round_id,
                            "zone_id": zone["id"],
                            "author_id": None if offline else rng.choice(citizens),
                            "body": rng.choice(PARAGRAPHS),
                            "offline": offline,
                            "entered_by_id": None,
                            "source_event": "Infomarkt in het dienstencentrum" if offline else "",
                            "source_place": "Eeklo" if offline else "",
                            "source_date": (created + timedelta(days=5)).date()
                            if offline
                            else None,
                            "contact_name": "",
                            "contact_method": "none",
                            "contact_detail": "",
                            "unused_reason": "",
                            "created_at": created + timedelta(hours=c + 1),
                        }
                    )
                    made.append(contribution_id)
                if phase is Phase.FOLLOW_UP:
                    measured = round_id
                    for r in range(8):
                        rec_id = self.next_id("recommendations")
                        outcome = list(Outcome)[r % 4]
                        title = f"Aanbeveling {r + 1}: {SUBJECTS[r].lower()}"
                        recs.append(
                            {
                                "id": rec_id,
                                "round_id": round_id,
                                "title": title,
                                "body": PARAGRAPHS[r % len(PARAGRAPHS)],
                                "outcome": outcome.value,
                                "outcome_reason": "De zorgraad neemt dit mee in het jaarplan.",
                                "answered_at": created + timedelta(days=60),
                                "created_at": created + timedelta(days=30),
                            }
                        )
                        versions.append(
                            {
                                "id": self.next_id("recommendation_versions"),
                                "recommendation_id": rec_id,
                                "number": 1,
                                "title": title,
                                "body": PARAGRAPHS[r % len(PARAGRAPHS)],
                                "author_id": None,
                                "created_at": created + timedelta(days=30),
                            }
                        )
                        sources.extend(
                            {"recommendation_id": rec_id, "contribution_id": c}
                            for c in rng.sample(made, 3)
                        )
                if z == 0 and phase is Phase.GATHER:
                    pool_members = list(range(1, 16))  # pool member ids of the first zone
                    seats.extend(
                        {
                            "id": self.next_id("seats"),
                            "round_id": round_id,
                            "member_id": m,
                            "status": "accepted",
                            "reply_by": created + timedelta(days=10),
                            "answered_at": created + timedelta(days=3),
                            "replacement": False,
                            "created_at": created,
                        }
                        for m in pool_members
                    )
        self.bulk(Round, rounds)
        self.bulk(Contribution, contributions)
        self.bulk(Recommendation, recs)
        self.bulk(RecommendationVersion, versions)
        self.bulk(recommendation_sources, sources)
        self.bulk(Seat, seats)
        return measured

    def proeftuin(self, zone: dict, users: dict[int, list[int]]) -> tuple[int, int]:
        from burgerplatform.proeftuinen.models import Membership, Post, Proeftuin, Topic

        rng = self.rng
        citizens = users[zone["id"]]
        coach, members = citizens[-1], citizens[1:51]
        proeftuin_id = self.next_id("proeftuinen")
        self.bulk(
            Proeftuin,
            [
                {
                    "id": proeftuin_id,
                    "name": "Zorgzame buurt Eeklo-Noord",
                    "description": PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[4],
                    "zone_id": zone["id"],
                    "visibility": "public",
                    "created_by_id": coach,
                    "created_at": self.ago(400, 300),
                }
            ],
        )
        self.bulk(
            Membership,
            [
                {
                    "id": self.next_id("proeftuin_memberships"),
                    "proeftuin_id": proeftuin_id,
                    "user_id": user_id,
                    "role": "coach" if user_id == coach else "member",
                    "joined_at": self.ago(300, 200),
                    "left_at": None,
                    "removed_reason": None,
                    "removed_by_id": None,
                    "guidelines_seen_at": self.ago(200, 100),
                }
                for user_id in [coach, *members]
            ],
        )
        topics, posts = [], []
        hot_topic = 0
        for t in range(21):
            topic_id = self.next_id("proeftuin_topics")
            count = TOPIC_POSTS if t == 0 else 5
            created = self.ago(250, 100)
            firsts: list[int] = []
            for p in range(count):
                post_id = self.next_id("proeftuin_posts")
                parent = (
                    rng.choice(firsts[1:])
                    if p > 1 and len(firsts) > 1 and rng.random() < 0.1
                    else None
                )
                posts.append(
                    {
                        "id": post_id,
                        "topic_id": topic_id,
                        "parent_id": parent,
                        "author_id": coach if p == 0 else rng.choice(members),
                        "body": f"{rng.choice(COMMENTS + PARAGRAPHS)}\n\n_Bericht {p + 1}_",
                        "created_at": created + timedelta(minutes=20 * p),
                        "edited_at": None,
                        "hidden_at": None,
                        "hidden_reason": None,
                        "hidden_note": None,
                        "hidden_by_id": None,
                        "redacted_at": None,
                        "redacted_original": None,
                    }
                )
                if parent is None:
                    firsts.append(post_id)
            topics.append(
                {
                    "id": topic_id,
                    "proeftuin_id": proeftuin_id,
                    "title": "Hoe bereiken we de buren die alleen wonen?"
                    if t == 0
                    else f"Onderwerp {t}: {SUBJECTS[t % len(SUBJECTS)]}",
                    "author_id": coach,
                    "created_at": created,
                    "last_post_at": created + timedelta(minutes=20 * (count - 1)),
                    "reply_count": count - 1,
                    "pinned_at": None,
                    "locked_at": None,
                    "lock_reason": None,
                    "closed_at": None,
                    "outcome": None,
                }
            )
            if t == 0:
                hot_topic = topic_id
        self.bulk(Topic, topics)
        self.bulk(Post, posts)
        return proeftuin_id, hot_topic

    def staff(self, zone: dict) -> None:
        """User 2, a citizen of the first zone, is also its staff member."""
        from burgerplatform.accounts.models import ZoneRole
        from burgerplatform.core.roles import Role
        from burgerplatform.extensions import db

        db.session.add(ZoneRole(user_id=STAFF_ID, zone_id=zone["id"], role=Role.STAFF))

    def notifications(self, zone: dict, initiatives: dict) -> None:
        from burgerplatform.notifications.models import Notification

        rng = self.rng
        ids = initiatives["public_in_first"] or initiatives["hot"]
        rows = []
        for n in range(NOTIFICATIONS):
            initiative_id = rng.choice(ids)
            created = self.now - timedelta(hours=6 * (NOTIFICATIONS - n))
            rows.append(
                {
                    "id": self.next_id("notifications"),
                    "user_id": 1,
                    "zone_id": zone["id"],
                    "kind": "initiative.commented",
                    "params": {"name": rng.choice(NAMES), "title": f"Initiatief {initiative_id}"},
                    "url": f"/{zone['slug']}/initiatives/{initiative_id}",
                    "created_at": created,
                    "read_at": None if n >= NOTIFICATIONS - 25 else created + timedelta(hours=1),
                    "emailed_at": created,
                }
            )
        self.bulk(Notification, rows)

    def finish(self) -> None:
        """Sequences past the ids we chose (PostgreSQL), and fresh planner statistics."""
        from burgerplatform.extensions import db

        engine = db.engine
        if engine.dialect.name == "postgresql":
            with engine.connect() as conn:
                for table in db.metadata.sorted_tables:
                    if "id" in table.c and table.c.id.primary_key:
                        following = select(func.coalesce(func.max(table.c.id), 0) + 1)
                        sequence = func.pg_get_serial_sequence(table.name, "id")
                        conn.execute(
                            select(func.setval(sequence, following.scalar_subquery(), False))
                        )
                conn.commit()
            # Per table: a bare VACUUM would visit every schema of bench_pg.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                for table in db.metadata.sorted_tables:
                    conn.execute(text(f'VACUUM (ANALYZE) "{table.name}"'))
        else:
            with engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                conn.commit()


# A part of the work list -> the status an initiative is given to join it.
BACKLOG_STATUS = {
    "to_review": "in_review",
    "overdue": "on_agenda",
    "waiting": "on_agenda",
    "to_follow_up": "answered",
}


def _work_part(row: dict, now: datetime) -> str | None:
    """The work list part an initiative row is in (initiatives.queries.work_list's rule)."""
    if row["status"] == "in_review":
        return "to_review"
    if row["status"] == "answered":
        return "to_follow_up"
    if row["status"] != "on_agenda":
        return None
    due = row["answer_due_at"]
    return "overdue" if due is not None and due < now else "waiting"


def _lacking_work(rows: list[dict], now: datetime) -> str | None:
    """The first part of the work list with fewer than WORK_BACKLOG rows, or None."""
    held = dict.fromkeys(BACKLOG_STATUS, 0)
    for row in rows:
        part = _work_part(row, now)
        if part is not None:
            held[part] += 1
    return next((part for part, count in held.items() if count < WORK_BACKLOG), None)


def main(argv: list[str]) -> None:
    size = int(argv[1]) if len(argv) > 1 else 100
    db_kind = argv[2] if len(argv) > 2 else "sqlite"
    force = "--force" in argv
    url, facts = ensure(db_kind, size, force=force)
    print(url)
    print(json.dumps(facts, indent=2))


def _with_rendered_markdown(table, rows: list[dict]) -> list[dict]:
    """Bulk inserts skip the models' events: store the HTML the app would have stored
    when the text was saved (core.markdown.keep_rendered), so pages read it as in use."""
    from burgerplatform.core.markdown import render

    fields = [c.name[: -len("_html")] for c in table.c if c.name.endswith("_html")]
    fields = [f for f in fields if f in rows[0]]
    if not fields:
        return rows
    cache: dict[str | None, str] = {}
    for row in rows:
        for field in fields:
            text = row[field]
            if text not in cache:
                cache[text] = render(text)
            row[f"{field}_html"] = cache[text]
    return rows


if __name__ == "__main__":
    main(sys.argv)
