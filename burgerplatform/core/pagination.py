"""Keyset pagination, the one way every list pages: opaque cursors that name the last
(or first) row a page showed.

A cursor is the sort keys and id of a row, as URL-safe base64 JSON. "After this row" is
then one indexed comparison, so page 500 costs what page 1 does (an OFFSET would read
and skip every row before it). A list declares its order once (`Keyset`), reads a page
with `keyset_page` and gets a `Page`; templates show it with the `pager` macro in
`_macros/pagination.html`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, ScalarSelect, Select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from burgerplatform.extensions import db

# The largest id or counter a cursor may name: our integer columns are 32-bit on
# PostgreSQL, and a larger number from a URL must not reach the database (SQLite raises
# on anything above 64 bits, which was a 500).
ID_MAX = 2**31 - 1


def encode_key(values: tuple[Any, ...] | list[Any]) -> str:
    """A cursor: a row's sort keys and id, as URL-safe base64 JSON."""
    raw = json.dumps(
        [v.isoformat() if isinstance(v, datetime) else v for v in values], separators=(",", ":")
    ).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_key(cursor: str, kinds: tuple[type, ...]) -> tuple[Any, ...] | None:
    """The values in a cursor, each read as its kind (datetime, int or str), the last
    one an id; None if the cursor was mangled or names a number no row can have (callers
    then show the first page, or refuse it)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != len(kinds):
            return None
        read = [_read(value, kind) for value, kind in zip(values[:-1], kinds[:-1], strict=True)]
        if not _bounded_int(values[-1]) or any(v is None for v in read):
            return None
        return (*read, values[-1])
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None


def _read(value: Any, kind: type) -> Any:
    if kind is datetime:
        if not isinstance(value, str):
            return None
        key = datetime.fromisoformat(value)
        return key if key.tzinfo is not None else None
    if kind is int:
        return value if _bounded_int(value, minimum=0) else None
    return value if isinstance(value, str) else None


def encode_cursor(key: Any, row_id: int) -> str:
    return encode_key((key, row_id))


def decode_cursor(cursor: str, kind: type = datetime) -> tuple[Any, int] | None:
    """The (key, id) in a two-part cursor, the key read as `kind`; None if mangled."""
    decoded = decode_key(cursor, (kind, int))
    return (decoded[0], decoded[1]) if decoded else None


def _bounded_int(value: Any, minimum: int = 1) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and minimum <= value <= ID_MAX


def newest_first_window(
    ids: Select[Any],
    id_column: InstrumentedAttribute[int],
    before: int | None,
    after: int | None,
    size: int,
) -> ScalarSelect[Any]:
    """The ids of one page of a newest-first list (threads, posts), by keyset: the newest,
    the ones just older than `before`, or just newer than `after`. One more than `size`,
    so the caller knows whether there is more. A subquery: the page and its replies can
    then come in one query."""
    if after is not None:
        ids = ids.where(id_column > after).order_by(id_column)
    else:
        if before is not None:
            ids = ids.where(id_column < before)
        ids = ids.order_by(id_column.desc())
    return ids.limit(size + 1).scalar_subquery()


T = TypeVar("T")


@dataclass
class Page(Generic[T]):
    """One page of any list: its items and the cursors to the pages around it.

    `next_cursor` continues the list after the last item (`?after=`), `prev_cursor`
    goes back before the first (`?before=`); None where the list ends. `total` is set
    where the page shows a count; `page` only where a public API still takes page
    numbers it documented."""

    items: list[T]
    per_page: int = 20
    total: int | None = None
    next_cursor: str | None = None
    prev_cursor: str | None = None
    page: int = 1

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_prev(self) -> bool:
        return self.prev_cursor is not None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Keyset:
    """A list's order as data: sort keys, the row's id last (so rows with equal keys
    still have one place), all in one direction, and how to read the keys back from a
    loaded row for its cursor. `kinds` says how a cursor's values are read (datetime,
    int or str), one per column."""

    columns: tuple[Any, ...]
    kinds: tuple[type, ...]
    read: Callable[[Any], tuple[Any, ...]]
    descending: bool = True

    @classmethod
    def by_id(cls, id_column: InstrumentedAttribute[int], descending: bool = True) -> Keyset:
        return cls((id_column,), (int,), lambda row: (row.id,), descending)

    def cursor(self, row: Any) -> str:
        return encode_key(self.read(row))

    def decode(self, cursor: str | None) -> tuple[Any, ...] | None:
        return decode_key(cursor, self.kinds) if cursor else None


@dataclass(frozen=True)
class Cursors:
    """Where in a list a page starts: after the row of cursor `after`, or just before the
    row of `before`; neither is the first page."""

    after: str | None = None
    before: str | None = None


FIRST_PAGE = Cursors()


def cursors_from(args: Mapping[str, str], after: str = "after", before: str = "before") -> Cursors:
    """The cursors a list page was asked for (query `args`, under the names the list
    uses), cut to a size no cursor of ours exceeds; keyset_page reads anything else as
    "the first page"."""
    return Cursors(args.get(after, "")[:200] or None, args.get(before, "")[:200] or None)


def keyset_page(
    query: Select[Any],
    order: Keyset,
    at: Cursors = FIRST_PAGE,
    *,
    per_page: int = 20,
    total: int | None = None,
    page: int = 1,
) -> Page[Any]:
    """One page of `query` in `order`: the first, the one after the cursor `at.after`,
    or the one before `at.before`. A cursor that does not decode (mangled by hand, or from an
    older version) gives the first page; a cursor never reaches SQL as anything but the
    bound values of one row comparison, so page 500 costs what page 1 does.

    `page` > 1 without a cursor is the only OFFSET left: the public API documented page
    numbers before it had cursors, and its contract stands (its `next` links use
    cursors); the initiative list and "what happened" keep answering old `?page=` links.
    No other list passes it."""
    row = tuple_(*order.columns) if len(order.columns) > 1 else order.columns[0]
    after_key = order.decode(at.after)
    before_key = order.decode(at.before) if after_key is None else None
    forward = before_key is None

    def beyond(key: tuple[Any, ...]) -> ColumnElement[bool]:
        value = key if len(key) > 1 else key[0]
        return row < value if order.descending else row > value

    def ahead(key: tuple[Any, ...]) -> ColumnElement[bool]:
        value = key if len(key) > 1 else key[0]
        return row > value if order.descending else row < value

    if after_key is not None:
        query = query.where(beyond(after_key))
    if before_key is not None:
        query = query.where(ahead(before_key))
    # Backwards we read in reverse order, then turn the page around.
    descending = order.descending == forward
    query = query.order_by(*(c.desc() if descending else c.asc() for c in order.columns))
    skip = (page - 1) * per_page if after_key is None and before_key is None and page > 1 else 0
    if skip:
        query = query.offset(skip)
    items = list(db.session.scalars(query.limit(per_page + 1)))
    more = len(items) > per_page
    items = items[:per_page]
    if not forward:
        items.reverse()
    if not items:
        # Past the end (the rows were deleted, or the filter changed): a way back remains.
        return Page(
            items,
            per_page,
            total,
            next_cursor=at.before if before_key is not None else None,
            prev_cursor=at.after if after_key is not None else None,
            page=page,
        )
    has_next = more if forward else True
    has_prev = (after_key is not None or skip > 0) if forward else more
    return Page(
        items,
        per_page,
        total,
        next_cursor=order.cursor(items[-1]) if has_next else None,
        prev_cursor=order.cursor(items[0]) if has_prev else None,
        page=page,
    )
