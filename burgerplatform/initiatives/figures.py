"""A zone's public figures (initiatives per status, answers on time and late) as counters.

"What happened with your input?" shows them on every visit; counting the zone's rows
each time would grow with the data. So every flush that adds, removes or changes an
initiative moves the counters by the difference, in the same transaction. A zone not
counted yet (rows bulk-loaded without the ORM, or from before the counters) is counted
from its rows once, at its first change or first visit; `recount()` sets a zone right
after other bulk changes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, cast

from sqlalchemy import String, Table, delete, event, func, inspect, literal, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, InitiativeFigure, Status

# Declarative types __table__ as any FROM clause; this one is a Table.
FIGURES = cast(Table, InitiativeFigure.__table__)

READY = "ready"


def keys_of(status: Status | None, answered_at, answer_due_at) -> list[str]:
    """The counters one initiative in this state adds to."""
    keys = [f"status:{status.value}"] if status is not None else []
    if answered_at is not None and answer_due_at is not None:
        keys.append("on_time" if answered_at <= answer_due_at else "late")
    return keys


def _before(obj: Initiative, name: str) -> Any:
    """The value before this flush. The columns are `active_history`, so a replaced value
    is always known, even if it was not loaded before it was set."""
    history = inspect(obj).attrs[name].history
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return None


FIELDS = ("status", "answered_at", "answer_due_at")


def _changes(session: Session) -> Counter:
    changes: Counter = Counter()
    for obj in session.new:
        if isinstance(obj, Initiative):
            for key in keys_of(obj.status or Status.DRAFT, obj.answered_at, obj.answer_due_at):
                changes[(obj.zone_id, key)] += 1
    for obj in session.deleted:
        if isinstance(obj, Initiative):
            state = [_before(obj, name) for name in FIELDS]
            for key in keys_of(*state):
                changes[(obj.zone_id, key)] -= 1
    for obj in session.dirty:
        if not isinstance(obj, Initiative):
            continue
        attrs = inspect(obj).attrs
        if not any(attrs[name].history.has_changes() for name in FIELDS):
            continue
        for key in keys_of(*[_before(obj, name) for name in FIELDS]):
            changes[(obj.zone_id, key)] -= 1
        for key in keys_of(obj.status, obj.answered_at, obj.answer_due_at):
            changes[(obj.zone_id, key)] += 1
    return changes


def _upsert(rows: list[dict]):
    table = FIGURES
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    statement = insert(table).values(rows)
    return statement.on_conflict_do_update(
        index_elements=[table.c.zone_id, table.c.key],
        set_={"value": table.c.value + statement.excluded.value},
    )


def listen() -> None:
    """Keep the counters with every flush, of every session (the app factory calls this)."""
    if not event.contains(Session, "after_flush", count_changes):
        event.listen(Session, "after_flush", count_changes)


def count_changes(session: Session, _context) -> None:
    # After the flush the rows are written, and new/dirty/deleted and the attribute
    # history still describe what changed.
    changes = {k: v for k, v in _changes(session).items() if v}
    if not changes:
        return
    connection = session.connection()
    table = FIGURES
    zones = {zone_id for zone_id, _key in changes}
    ready = set(
        connection.execute(
            select(table.c.zone_id).where(table.c.zone_id.in_(zones), table.c.key == READY)
        ).scalars()
    )
    rows = [{"zone_id": z, "key": key, "value": v} for (z, key), v in changes.items() if z in ready]
    if rows:
        connection.execute(_upsert(rows))
    # A zone never counted: a delta on top of nothing would be partial, so count it
    # (the rows already hold this flush's changes).
    for zone_id in zones - ready:
        recount(zone_id, connection)


def recount(zone_id: int, connection=None) -> dict[str, int]:
    """Count the zone's figures from its rows and store them (marked ready)."""
    execute = (connection or db.session).execute
    counts: Counter = Counter()
    rows = execute(
        select(
            Initiative.status,
            Initiative.answered_at,
            Initiative.answer_due_at,
            func.count(),
        )
        .where(Initiative.zone_id == zone_id)
        .group_by(Initiative.status, Initiative.answered_at, Initiative.answer_due_at)
    )
    for status, answered_at, due, number in rows:
        for key in keys_of(status, answered_at, due):
            counts[key] += number
    counts[READY] = 1
    table = FIGURES
    execute(delete(table).where(table.c.zone_id == zone_id))
    execute(table.insert(), [{"zone_id": zone_id, "key": k, "value": v} for k, v in counts.items()])
    return dict(counts)


def stored(zone_id: int) -> tuple[dict[str, int], int]:
    """The zone's counters and the number of initiatives waiting past their answer date
    (a count of the few overdue ones, by index: it changes with the clock), in one query."""
    table = FIGURES
    overdue = select(literal("overdue", String(32)), func.count()).where(
        Initiative.zone_id == zone_id,
        Initiative.status == Status.ON_AGENDA,
        Initiative.answer_due_at < utcnow(),
    )
    rows = db.session.execute(
        select(table.c.key, table.c.value).where(table.c.zone_id == zone_id).union_all(overdue)
    ).all()
    values = {key: value for key, value in rows}
    late = values.pop("overdue", 0)
    if READY not in values:
        # Never counted (rows loaded without the ORM, or from before the counters): the
        # deltas written by flushes since then are partial, so count from the rows.
        values = recount(zone_id)
    return values, late
