"""Writing and reading the audit log.

Changes are logged in the request's own transaction: the `@requires` wrapper commits them
with the work they describe, and a rolled-back request leaves no event behind.

Looks at personal data are different: the data has been shown whatever the request's
outcome (a refused form re-renders the page with the members' addresses), so a look is
written in a transaction of its own, on its own connection, once the request's own
transaction has ended (committed or rolled back) and before the response leaves.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask import Response, g, has_request_context, request
from flask_babel import get_timezone
from flask_login import current_user
from sqlalchemy import ColumnElement, Connection, Select, or_, select
from sqlalchemy.orm import Session

from burgerplatform.audit.models import AuditEvent
from burgerplatform.core.db import utcnow
from burgerplatform.core.http import parse_id
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
from burgerplatform.core.roles import Role
from burgerplatform.extensions import db

PAGE_SIZE = 50
# URL parts that are secrets (e-mailed links): never copied into the log.
SECRET_ARGS = {"token"}
# Outside a zone's pages (proeftuinen, meetings, moderation) these roles, held in any
# zone, make a protected action an office-holder's action.
PLATFORM_WIDE_ROLES = (Role.STAFF, Role.COACH)
LOOK = "pool.viewed"
log = logging.getLogger("burgerplatform.audit")


def truncate_ip(address: str | None) -> str | None:
    if not address:
        return None
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def roles_label(user: Any) -> str:
    """A snapshot of the person's standing, e.g. "admin, staff:meetjesland"."""
    parts = ["admin"] if user.is_admin else []
    parts += sorted(f"{r.role.value}:{r.zone.slug}" for r in user.roles)
    return ", ".join(parts)


def capacity(user: Any) -> list[str]:
    """The roles in which `user` acts here: admin, and their roles in the zone of the URL
    (or, on platform-wide pages, staff and coach roles anywhere). Empty for a citizen."""
    if not getattr(user, "is_authenticated", False):
        return []
    held = ["admin"] if user.is_admin else []
    zone = g.get("zone")
    if zone is not None:
        held += [r.role.value for r in user.roles if r.zone_id == zone.id]
    else:
        held += [r.role.value for r in user.roles if r.role in PLATFORM_WIDE_ROLES]
    return sorted(set(held))


def _safe_args() -> dict[str, Any]:
    args = dict(request.view_args or {}) if has_request_context() else {}
    return {k: v for k, v in args.items() if k not in SECRET_ARGS}


def _target_from_args(args: dict[str, Any]) -> tuple[str | None, int | None]:
    """The most specific object in the URL: the last `<thing>_id` argument."""
    for key in reversed(list(args)):
        if key.endswith("_id") and isinstance(args[key], int):
            return key[:-3], args[key]
    return None, None


def record(
    action: str,
    *,
    target_type: str | None = None,
    target_id: int | None = None,
    detail: dict[str, Any] | None = None,
    zone_id: int | None = None,
    actor: Any = None,
) -> AuditEvent:
    """Add one event to the current transaction (flushed, committed by the caller)."""
    event = _event(action, target_type, target_id, detail, zone_id, actor)
    db.session.add(event)
    db.session.flush()
    return event


def look(view: str, *, target_type: str, target_id: int) -> None:
    """Log a look at personal data (e.g. the group page with members' addresses).

    Written in its own transaction whatever the response: in a request, once the
    request's own transaction has ended (`write_looks`); outside one, at once."""
    event = _event(LOOK, target_type, target_id, {"view": view}, None, None)
    if has_request_context():
        g.setdefault("personal_data_looks", []).append(event)
    else:
        _write_apart([event])


def _write_apart(events: list[AuditEvent]) -> None:
    bind = db.session.get_bind(mapper=AuditEvent.__mapper__)
    if isinstance(bind, Connection):
        # A test harness that runs every request inside one transaction it rolls back
        # (tests/security/world.py): a savepoint of it stands in for the own connection.
        own = Session(bind=bind, join_transaction_mode="create_savepoint")
    else:
        own = Session(bind=bind)  # its own connection and transaction
    with own:
        own.add_all(events)
        own.commit()


def write_looks(response: Response) -> Response:
    """After every request (after_request): write the looks it made. A failed request's
    transaction is rolled back first, as the commit point would, so the look is not
    taken along and, on SQLite, no lock of it is left to wait for."""
    events = g.pop("personal_data_looks", None)
    if events:
        if response.status_code >= 400 or g.get("csrf_error"):
            db.session.rollback()
        # If this fails the response is replaced by an error: no unlogged look leaves.
        _write_apart(events)
    return response


def write_looks_left(error: BaseException | None) -> None:
    """At teardown: looks of a request that ended in an exception before a response."""
    events = g.pop("personal_data_looks", None)
    if events:
        db.session.rollback()
        try:
            _write_apart(events)
        except Exception:  # noqa: BLE001 - teardown must not raise; the log says why
            log.exception("could not write %d personal-data look(s)", len(events))


def _event(
    action: str,
    target_type: str | None,
    target_id: int | None,
    detail: dict[str, Any] | None,
    zone_id: int | None,
    actor: Any,
) -> AuditEvent:
    args = _safe_args()
    if target_type is None:
        target_type, target_id = _target_from_args(args)
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    if zone_id is None and has_request_context() and g.get("zone") is not None:
        zone_id = g.zone.id
    path = method = ""
    ip = None
    if has_request_context():
        method = request.method
        path = request.path
        if any(k in SECRET_ARGS for k in request.view_args or {}) and request.url_rule:
            path = request.url_rule.rule
        ip = truncate_ip(request.remote_addr)
    event = AuditEvent(
        action=action[:120],
        actor_id=actor.id if actor is not None else None,
        actor_name=(f"{actor.display_name} <{actor.email}>" if actor is not None else "")[:340],
        actor_roles=roles_label(actor)[:500] if actor is not None else "",
        zone_id=zone_id,
        method=method,
        path=path[:500],
        target_type=target_type,
        target_id=target_id,
        detail={**({"args": args} if args else {}), **(detail or {})},
        ip=ip,
    )
    event.created_at = utcnow()  # the moment of the look, not of the write
    return event


def record_request(rule: Any, response: Any) -> None:
    """Hook of the `@requires` wrapper, run before the commit of a successful request:
    a change made in a staff, coach or admin capacity is logged, by construction."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if rule.name in ("public", "logged_in"):
        return  # open to every citizen: the person acts as a citizen
    if not capacity(current_user):
        return
    record(request.endpoint or "unknown", detail={"status": response.status_code})


# --- Reading -------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    zone_id: int | None = None
    actor: str = ""
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _start_of(day: date) -> datetime:
    """Days are the reader's days (Europe/Brussels), stored times are UTC."""
    return datetime.combine(day, time.min, tzinfo=get_timezone()).astimezone(UTC)


def filtered(filters: Filters) -> Select[tuple[AuditEvent]]:
    query = select(AuditEvent)
    if filters.zone_id:
        query = query.where(AuditEvent.zone_id == filters.zone_id)
    if filters.actor:
        pattern = f"%{_like(filters.actor.lower())}%"
        matches: list[ColumnElement[bool]] = [AuditEvent.actor_name.ilike(pattern, escape="\\")]
        actor_id = parse_id(filters.actor)
        if actor_id is not None:
            matches.append(AuditEvent.actor_id == actor_id)
        query = query.where(or_(*matches))
    if filters.action:
        query = query.where(AuditEvent.action.like(_like(filters.action) + "%", escape="\\"))
    if filters.date_from:
        query = query.where(AuditEvent.created_at >= _start_of(filters.date_from))
    if filters.date_to:
        query = query.where(AuditEvent.created_at < _start_of(filters.date_to + timedelta(days=1)))
    return query


def page(filters: Filters, at: Cursors = FIRST_PAGE) -> Page[AuditEvent]:
    """Newest first, PAGE_SIZE at a time; keyset on the id (ids grow with time), so a
    deep page costs the same as the first."""
    return keyset_page(filtered(filters), Keyset.by_id(AuditEvent.id), at, per_page=PAGE_SIZE)


def for_export(filters: Filters, chunk: int = 1000) -> Iterator[AuditEvent]:
    """Every matching event, oldest first, read in chunks (an export may be large)."""
    after = 0
    base = filtered(filters)
    while True:
        rows = list(
            db.session.scalars(
                base.where(AuditEvent.id > after).order_by(AuditEvent.id).limit(chunk)
            )
        )
        yield from rows
        if len(rows) < chunk:
            return
        after = rows[-1].id
