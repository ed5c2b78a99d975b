"""Hooks for `make bench`, registered only when the config says BENCH=1.

- `X-Query-Count` on every response: the SQL statements the request ran.
- `/__bench/ceiling/<name>`: the HTML of a page, from memory, through the same app and
  server. What a page reaches against it is the share of the ceiling it gets; the rest
  is the page's own work (queries, templates). The runner writes each page's HTML to
  BENCH_CEILING_DIR before it measures the ceiling.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from flask import Blueprint, Flask, Response, abort, current_app, g, has_request_context
from sqlalchemy import event

from burgerplatform.core.permissions import PUBLIC, requires
from burgerplatform.extensions import db

bp = Blueprint("bench", __name__, url_prefix="/__bench")
NAME = re.compile(r"^[a-z0-9_-]{1,64}$")
_pages: dict[str, bytes] = {}


@bp.route("/ceiling/<name>")
@requires(PUBLIC)
def ceiling(name: str) -> Response:
    html = _pages.get(name)
    if html is None:
        folder = current_app.config.get("BENCH_CEILING_DIR")
        path = Path(folder) / f"{name}.html" if folder and NAME.match(name) else None
        if path is None or not path.is_file():
            abort(404)
        html = _pages[name] = path.read_bytes()
    return Response(html, mimetype="text/html")


def _count(
    conn: object,
    cursor: object,
    statement: object,
    parameters: object,
    context: object,
    executemany: object,
) -> None:
    if has_request_context():
        g.bench_queries = g.get("bench_queries", 0) + 1


def _add_count(response: Response) -> Response:
    response.headers["X-Query-Count"] = str(g.get("bench_queries", 0))
    return response


def register_bench(app: Flask) -> None:
    app.config.setdefault("BENCH_CEILING_DIR", os.environ.get("BENCH_CEILING_DIR"))
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", _count)
    app.after_request(_add_count)
    app.register_blueprint(bp)
