"""Rendered public pages kept in memory for anonymous visitors, never older than the data.

A view opts in with `@cached_page` (under its `@requires(...)`; see there for when it may
go above). For a visitor who is not logged in and has no message waiting, the page is
stored per process, keyed by its full URL (host and query string included), the resolved
language and the *data version*; the next such request is answered from memory before
the view runs. What makes it correct:

- The data version (table `cache_versions`, one row) changes in the same transaction as
  every committed write: a connection that wrote anything (any INSERT, DDL, and an
  UPDATE or DELETE unless it touched no row) updates the row just before its COMMIT.
  Data and version become visible together, so no reader sees new data with an old
  version or the other way round, and a write that committed cannot leave the version
  unchanged (if the update fails, the write fails with it). Writes of the worker, the
  CLI and bulk `update()` calls go through the same session and count alike.
- The version is read as the first statement of the request, before the zone, the
  initiative or anything else the page shows is loaded, so what is then rendered is at
  least as new as the version it is stored under.
- Entries also expire after PAGE_CACHE_SECONDS (a page that says "in 3 days" or
  "overdue" depends on the clock too), and the cache is bounded in bytes (LRU).
- The CSRF token in a page (the language switch, forms) is cut out when the page is
  stored and the visitor's own token put back when it is served; cookies are never
  stored. A page whose view wrote data, changed the session, showed a flashed message,
  set a cookie or chose its own Cache-Control is not stored.
- Validators and compression (core/caching.py) run on a served page as on a rendered
  one, so a hit still answers 304 and gets its ETag.

Where the entries live (PAGE_CACHE_BACKEND): "memory" keeps them per process; "redis"
(the default when REDIS_URL is set) keeps them in Redis, shared by every worker on every
server, one key per page with the data version in it and a time to live of
PAGE_CACHE_SECONDS; pages of an older version are never asked for again and expire. A
page larger than PAGE_CACHE_ENTRY_BYTES is not stored. When Redis cannot be reached the
page is rendered as if nothing was stored (logged once, then Redis is left alone for a
few seconds before it is tried again): the cache may only make pages faster.

Either way every request reads the shared version once (one primary-key SELECT):
PAGE_CACHE_ENABLED must be the same for the web and the worker.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import random
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    make_response,
    request,
    session,
)
from flask.globals import request_ctx
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import BigInteger, CompoundSelect, Connection, Engine, Select, event, exc, select
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.orm import Mapped, Session, mapped_column

from burgerplatform.extensions import Model, db

STORED_TYPES = {"text/html", "application/json", "application/atom+xml"}
ROW_ID = 1
# Keys on the DBAPI connection's `info`: it wrote in its current transaction; it belongs
# to an ORM session (not Alembic or create_all, which may run before the table exists).
WROTE = "page_cache_wrote"
IN_SESSION = "page_cache_in_session"
# Statements that never change data (a compiled SELECT is recognised by its type).
READ_WORDS = {"SELECT", "PRAGMA", "SHOW", "EXPLAIN", "SAVEPOINT", "RELEASE", "ROLLBACK"}
READ_WORDS |= {"BEGIN", "COMMIT", "SET", "VALUES"}
log = logging.getLogger("burgerplatform")


class CacheVersion(Model):
    """The data version: one row, changed by every committed write (see above)."""

    __tablename__ = "cache_versions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger)


VERSION_QUERY = select(CacheVersion.version).where(CacheVersion.id == ROW_ID)


def _bump_sql() -> str:
    # Created when missing (a fresh or emptied database) at a random value, so that a
    # recreated row never repeats a version some process still holds pages for.
    start = random.randrange(1, 2**62)  # noqa: S311 - uniqueness, not secrecy
    return (  # two integers of ours, no input: nothing to inject
        f"INSERT INTO cache_versions (id, version) VALUES ({ROW_ID}, {start}) "  # noqa: S608
        "ON CONFLICT (id) DO UPDATE SET version = cache_versions.version + 1"
    )


# --- Which transactions wrote --------------------------------------------------------


def _writes(statement: str, context: Any, cursor: DBAPICursor, executemany: bool) -> bool:
    element = getattr(getattr(context, "compiled", None), "statement", None)
    if isinstance(element, Select | CompoundSelect):
        return False  # also a SELECT with CTEs, FOR UPDATE
    words = statement.split(None, 1)
    word = words[0].upper() if words else ""
    if word in READ_WORDS:
        return False
    if word in ("UPDATE", "DELETE") and not executemany and "RETURNING" not in statement.upper():
        # The worker's poll (`UPDATE jobs ... WHERE stale`) touches no row every second;
        # counting it would empty every cache each second.
        return cursor.rowcount != 0
    return True


def _after_cursor_execute(
    conn: Connection,
    cursor: DBAPICursor,
    statement: str,
    parameters: Any,
    context: Any,
    executemany: bool,
) -> None:
    if not conn.info.get(WROTE) and _writes(statement, context, cursor, executemany):
        conn.info[WROTE] = True


def _before_commit(conn: Connection) -> None:
    info = conn.info
    if info.pop(WROTE, False) and info.get(IN_SESSION):
        # On the DBAPI cursor, in the transaction being committed: no statement events
        # (this is not the request's SQL), and no window between data and version.
        dbapi_connection = conn.connection.dbapi_connection
        assert dbapi_connection is not None  # in a transaction being committed
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(_bump_sql())
        finally:
            cursor.close()
        if has_request_context():
            g.page_cache_committed_write = True


def _forget_writes(conn: Connection) -> None:
    try:
        conn.info.pop(WROTE, None)
    except exc.SQLAlchemyError:
        # The connection was lost (the database went away): it is discarded, and the pool
        # clears its info on release. Raising here would turn a 503 into a 500.
        pass


def _released(dbapi_connection: Any, record: Any) -> None:
    record.info.pop(WROTE, None)
    record.info.pop(IN_SESSION, None)


def _session_began(session: Session, transaction: Any, connection: Connection) -> None:
    connection.info[IN_SESSION] = True


def track_writes(engine: Engine) -> None:
    listeners: list[tuple[Any, str, Callable[..., None]]] = [
        (engine, "after_cursor_execute", _after_cursor_execute),
        (engine, "commit", _before_commit),
        (engine, "rollback", _forget_writes),
        (engine, "checkin", _released),
        (Session, "after_begin", _session_began),
    ]
    for target, name, fn in listeners:
        if not event.contains(target, name, fn):
            event.listen(target, name, fn)


# --- The store -----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    parts: tuple[bytes, ...]  # the body, cut where the CSRF token was
    headers: tuple[tuple[str, str], ...]
    stored_at: float
    size: int

    def response(self) -> Response:
        body = self.parts[0]
        if len(self.parts) > 1:
            body = generate_csrf().encode().join(self.parts)  # this visitor's token
        return current_app.response_class(body, headers=list(self.headers))


class PageCache:
    """An LRU of entries bounded in bytes; entries of an older data version are dropped
    as soon as a newer one is seen."""

    def __init__(self, max_bytes: int, max_age: float, clock: Callable[[], float]) -> None:
        self.max_bytes = max_bytes
        self.max_age = max_age
        self.clock = clock
        self.version: Any = None
        self.entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0

    def _see(self, version: Any) -> None:
        if version != self.version:
            self.entries.clear()
            self.size = 0
            self.version = version

    def get(self, key: tuple[Any, ...]) -> Entry | None:
        with self.lock:
            self._see(key[-1])
            entry = self.entries.get(key)
            if entry is None:
                return None
            if self.clock() - entry.stored_at > self.max_age:
                del self.entries[key]
                self.size -= entry.size
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: tuple[Any, ...], entry: Entry) -> None:
        if entry.size > self.max_bytes // 4:
            return  # one page may not push out all the others
        with self.lock:
            if key[-1] != self.version:
                return  # rendered from data older than pages already stored
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= old.size
            self.entries[key] = entry
            self.size += entry.size
            while self.size > self.max_bytes:
                _key, evicted = self.entries.popitem(last=False)
                self.size -= evicted.size


class RedisPageCache:
    """Entries in Redis, shared by every process: a key per URL, language and data version
    (hashed), expiring after max_age. Any Redis failure is a miss (see the module)."""

    RETRY_AFTER = 5.0  # seconds without trying Redis after a failure

    def __init__(
        self,
        client: Any,
        prefix: str,
        max_age: float,
        max_entry_bytes: int,
        clock: Callable[[], float],
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.max_age = max_age
        self.max_entry_bytes = max_entry_bytes
        self.clock = clock
        self.down_until = 0.0
        self.failing = False  # logged, and not logged again until Redis answers

    def key(self, key: tuple[Any, ...]) -> str:
        digest = hashlib.sha256("\0".join(str(part) for part in key).encode()).hexdigest()
        return self.prefix + digest

    def _call(self, what: Callable[[], Any]) -> Any:
        import redis

        if self.down_until and time.monotonic() < self.down_until:
            return None
        try:
            result = what()
        except (redis.RedisError, OSError) as error:
            self.down_until = time.monotonic() + self.RETRY_AFTER
            if not self.failing:
                self.failing = True
                log.warning("page cache: Redis unreachable, pages are rendered (%s)", error)
            return None
        if self.failing:
            self.failing = False
            log.warning("page cache: Redis answers again")
        self.down_until = 0.0
        return result

    def get(self, key: tuple[Any, ...]) -> Entry | None:
        value = self._call(lambda: self.client.get(self.key(key)))
        return _loads(value) if value else None

    def put(self, key: tuple[Any, ...], entry: Entry) -> None:
        if entry.size > self.max_entry_bytes:
            return
        ttl = max(1, round(self.max_age * 1000))
        self._call(lambda: self.client.set(self.key(key), _dumps(entry), px=ttl))

    def clear(self) -> None:
        def delete_all() -> None:
            for name in self.client.scan_iter(match=self.prefix + "*", count=500):
                self.client.delete(name)

        self._call(delete_all)


def _dumps(entry: Entry) -> bytes:
    """A length-prefixed JSON head (headers, the parts' lengths), then the parts: no
    pickle, so what is in Redis is data, never code."""
    head = json.dumps({"h": entry.headers, "p": [len(p) for p in entry.parts]}).encode()
    return len(head).to_bytes(4, "big") + head + b"".join(entry.parts)


def _loads(value: bytes) -> Entry | None:
    try:
        length = int.from_bytes(value[:4], "big")
        head = json.loads(value[4 : 4 + length])
        body, parts, at = value[4 + length :], [], 0
        for size in head["p"]:
            parts.append(body[at : at + size])
            at += size
        headers = tuple((str(name), str(v)) for name, v in head["h"])
    except (ValueError, KeyError, TypeError):
        return None  # not ours, or cut short: render instead
    if at != len(body):
        return None
    return Entry(parts=tuple(parts), headers=headers, stored_at=0.0, size=len(value))


def page_cache() -> PageCache | RedisPageCache | None:
    return current_app.extensions.get("page_cache")


# --- Requests ------------------------------------------------------------------------


def _anonymous_read() -> bool:
    return (
        request.method in ("GET", "HEAD")
        and "_flashes" not in session
        and not current_user.is_authenticated
    )


def read_version_first(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Before anything else of the request touches the database (an app-wide URL
    preprocessor runs before the blueprints' ones, which load the zone)."""
    view = current_app.view_functions.get(endpoint or "")
    if getattr(view, "cached_page", False) and _anonymous_read():
        g.page_cache_version = db.session.execute(VERSION_QUERY).scalar()


def _session_state() -> dict[str, Any]:
    return {k: copy.deepcopy(v) for k, v in session.items() if k != "csrf_token"}


def _wrote_in_request() -> bool:
    """The page may show data of this request's own writes: committed ones moved the
    version (the page belongs to neither), pending ones may yet be rolled back."""
    if g.get("page_cache_committed_write"):
        return True
    session = db.session()
    if session.new or session.dirty or session.deleted:
        return True
    return session.in_transaction() and bool(session.connection().info.get(WROTE))


def _entry(
    response: Response, session_before: dict[str, Any], clock: Callable[[], float]
) -> Entry | None:
    """What can be stored of a freshly rendered page, or None if it must not be."""
    if response.status_code != 200 or response.mimetype not in STORED_TYPES:
        return None
    if response.direct_passthrough or response.is_streamed:
        return None
    if "Set-Cookie" in response.headers or "Cache-Control" in response.headers:
        return None
    if request_ctx.flashes or current_user.is_authenticated:
        return None
    if _session_state() != session_before or _wrote_in_request():
        return None
    body = response.get_data()
    token = g.get("csrf_token")
    parts = tuple(body.split(token.encode())) if token else (body,)
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in ("content-length", "set-cookie")
    )
    size = len(body) + len(request.url) + sum(len(n) + len(v) for n, v in headers) + 200
    return Entry(parts=parts, headers=headers, stored_at=clock(), size=size)


def cached_page(view: Callable[..., Any]) -> Callable[..., Any]:
    """Serve this view's page from memory to anonymous visitors while the data has not
    changed.

    Put it under `@requires(...)`, so that who may see the page is checked first. Above
    it only when the rule loads data to decide (an initiative's VIEWER, a proeftuin's
    PROEFTUIN_VISIBLE) and, for an anonymous visitor, depends on nothing but the URL and
    the data: a stored page was rendered for an anonymous visitor the rule let in, at the
    same data version, so the rule would let this one in too; a hit then saves the
    rule's queries. Either way only pages served with 200 to anonymous visitors are kept.
    """

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        cache = page_cache()
        if cache is None or "page_cache_version" not in g or current_user.is_authenticated:
            return view(*args, **kwargs)
        key = (request.url, str(get_locale()), g.page_cache_version)
        entry = cache.get(key)
        bench = current_app.config.get("BENCH")
        if entry is not None:
            served = entry.response()
            if bench:  # `make bench` counts hits (never stored: added after)
                served.headers["X-Page-Cache"] = "hit"
            return served
        session_before = _session_state()
        response = make_response(view(*args, **kwargs))
        stored = _entry(response, session_before, cache.clock)
        if stored is not None:
            cache.put(key, stored)
        if bench:
            response.headers["X-Page-Cache"] = "miss"
        return response

    wrapped.cached_page = True  # type: ignore[attr-defined]
    return wrapped


def register_page_cache(app: Flask) -> None:
    if not app.config.get("PAGE_CACHE_ENABLED"):
        return
    app.extensions["page_cache"] = _store(app)
    with app.app_context():
        track_writes(db.engine)
    app.url_value_preprocessor(read_version_first)


def _store(app: Flask) -> PageCache | RedisPageCache:
    config = app.config
    max_age = float(config["PAGE_CACHE_SECONDS"])
    backend = config.get("PAGE_CACHE_BACKEND") or ("redis" if config.get("REDIS_URL") else "memory")
    if backend == "memory":
        return PageCache(int(config["PAGE_CACHE_BYTES"]), max_age, clock=time.monotonic)
    if backend != "redis" or not config.get("REDIS_URL"):
        raise RuntimeError(
            f"PAGE_CACHE_BACKEND={backend!r}: use 'memory', or 'redis' with REDIS_URL set"
        )
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    # Short timeouts and no retries: a page waits at most this long for a Redis that is
    # away (the client's default retries with back-off would cost seconds).
    client = redis.Redis.from_url(
        config["REDIS_URL"],
        socket_connect_timeout=0.25,
        socket_timeout=0.5,
        retry=Retry(NoBackoff(), 0),
    )
    return RedisPageCache(
        client,
        prefix=config.get("PAGE_CACHE_REDIS_PREFIX") or "bp:page:",
        max_age=max_age,
        max_entry_bytes=int(config["PAGE_CACHE_ENTRY_BYTES"]),
        clock=time.monotonic,
    )
