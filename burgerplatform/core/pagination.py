"""Keyset pagination: opaque cursors that name the last row a page showed.

A cursor is the sort key and id of a row, as URL-safe base64 JSON. "After this row" is
then one indexed comparison, so page 500 costs what page 1 does (an OFFSET would read
and skip every row before it).
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from sqlalchemy import ScalarSelect, Select
from sqlalchemy.orm import InstrumentedAttribute

# The largest id or counter a cursor may name: our integer columns are 32-bit on
# PostgreSQL, and a larger number from a URL must not reach the database (SQLite raises
# on anything above 64 bits, which was a 500).
ID_MAX = 2**31 - 1


def encode_cursor(key: Any, row_id: int) -> str:
    value = key.isoformat() if isinstance(key, datetime) else key
    raw = json.dumps([value, row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, kind: type = datetime) -> tuple[Any, int] | None:
    """The (key, id) in a cursor, the key read as `kind` (datetime, int or str); None if
    the cursor was mangled or names a number no row can have (callers then show the
    first page, or refuse it)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, row_id = json.loads(raw)
        if not _bounded_int(row_id):
            return None
        key: Any
        if kind is datetime:
            key = datetime.fromisoformat(value)
            if key.tzinfo is None:
                return None
        elif kind is int:
            if not _bounded_int(value, minimum=0):
                return None
            key = value
        else:
            if not isinstance(value, str):
                return None
            key = value
        return key, row_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        return None


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
