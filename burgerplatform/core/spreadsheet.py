"""CSV exports that a spreadsheet opens safely."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from flask import Response, stream_with_context

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel reads a CSV without a byte-order mark as the local code page: "é" became "Ã©".
BOM = "\ufeff"


def safe_cell(value: object) -> str:
    """Text for one CSV cell; a leading formula character is neutralised, because names,
    titles and paths come from users (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_lines(columns: Sequence[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The header line (after a BOM), then one line per row, every cell a `safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    yield BOM + out.getvalue()
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow([safe_cell(value) for value in row])
        yield out.getvalue()


def csv_response(
    filename: str,
    columns: Sequence[str],
    rows: Iterable[Iterable[object]],
    *,
    stream: bool = False,
    no_store: bool = False,
) -> Response:
    """A CSV download: UTF-8 with a BOM, formula characters neutralised, as `filename`.

    `stream` sends the rows as they are read (a large export need not fit in memory; the
    rows are then read after the view returned, so `rows` must be lazy and bound to the
    request). `no_store` keeps it out of every cache (personal data)."""
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if no_store:
        headers["Cache-Control"] = "no-store"
    lines = csv_lines(columns, rows)
    body = stream_with_context(lines) if stream else "".join(lines)
    return Response(body, mimetype="text/csv", headers=headers)
