"""HTTP caching and compression: hashed static URLs, validators on pages, gzip/brotli.

- Static files get content-hashed names: `url_for('static', filename='css/main.css')`
  gives `/static/css/main.<hash>.css` (as webpack, Vite and Django's manifest storage
  do), served with a year of `immutable` caching. A new release changes the name, so no
  browser keeps an old stylesheet. The plain name still answers (favicon, old links), to
  be revalidated each time. Files are read once and kept in memory with their gzip form.
- Public pages and the API get an ETag and `Cache-Control: no-cache`: clients revalidate
  and get a 304 when nothing changed.
- HTML carries the visitor's CSRF token, signed with a timestamp (new every second) and
  bound to one session. Its ETag is therefore weak and computed with the token left
  out, and the page is `private`: a shared cache must never hand one visitor's token to
  another.
- No validators on a response that sets a cookie, nor on a logged-in visitor's pages
  (personal content): those are `private, no-cache`.
- Compression (Flask-Compress: zstd, brotli or gzip, as the client accepts) runs last,
  after the ETag is set, so the ETag gets its encoding suffix as it should.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, current_app, g, request, session

from burgerplatform.extensions import compress

ONE_YEAR = 365 * 24 * 3600
# Text types worth an ETag: what a page, the API or a feed answers.
VALIDATED_TYPES = {"text/html", "application/json", "application/atom+xml", "text/calendar"}


@dataclass(frozen=True)
class StaticFile:
    data: bytes
    gzipped: bytes | None
    mimetype: str
    digest: str
    modified: datetime

    @property
    def etag(self) -> str:
        return self.digest


class StaticFiles:
    """The static folder in memory: logical name -> file, and hashed name -> logical."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: dict[str, StaticFile] = {}
        self.hashed: dict[str, str] = {}
        self.stamp: float | None = None

    def load(self) -> None:
        files, hashed = {}, {}
        newest = 0.0
        for path in sorted(self.folder.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            name = path.relative_to(self.folder).as_posix()
            data = path.read_bytes()
            stat = path.stat()
            newest = max(newest, stat.st_mtime)
            mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
            compressible = mimetype.startswith("text/") or mimetype in {
                "application/javascript",
                "image/svg+xml",
                "application/json",
            }
            digest = hashlib.sha256(data).hexdigest()[:12]
            files[name] = StaticFile(
                data=data,
                gzipped=gzip.compress(data, 9, mtime=0) if compressible and data else None,
                mimetype=mimetype,
                digest=digest,
                modified=datetime.fromtimestamp(int(stat.st_mtime), UTC),
            )
            stem, dot, suffix = name.rpartition(".")
            hashed[f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"] = name
        self.files, self.hashed, self.stamp = files, hashed, newest

    def refresh(self) -> None:
        """Load once; while developing (debug), reload when a file changed."""
        if self.stamp is None:
            self.load()
        elif current_app.debug:
            paths = [p for p in self.folder.rglob("*") if p.is_file() and p.name[0] != "."]
            newest = max((p.stat().st_mtime for p in paths), default=0.0)
            if newest != self.stamp or len(paths) != len(self.files):
                self.load()

    def hashed_name(self, name: str) -> str:
        self.refresh()
        entry = self.files.get(name)
        if entry is None:
            return name
        stem, dot, suffix = name.rpartition(".")
        return f"{stem}.{entry.digest}.{suffix}" if dot else f"{name}.{entry.digest}"

    def resolve(self, requested: str) -> tuple[StaticFile, bool] | None:
        """(file, whether the URL carried its current hash) for a requested name."""
        self.refresh()
        logical = self.hashed.get(requested)
        if logical is not None:
            return self.files[logical], True
        entry = self.files.get(requested)
        return (entry, False) if entry is not None else None


def _accepts_gzip() -> bool:
    return request.accept_encodings["gzip"] > 0


def serve_static(filename: str) -> Response:
    """The `static` endpoint, from memory. Hashed names are immutable for a year."""
    static: StaticFiles = current_app.extensions["static_files"]
    found = static.resolve(filename)
    if found is None:
        abort(404)
    entry, immutable = found
    body = entry.data
    response = Response(mimetype=entry.mimetype)
    if entry.gzipped is not None:
        response.vary.add("Accept-Encoding")
        if _accepts_gzip():
            body = entry.gzipped
            response.headers["Content-Encoding"] = "gzip"
    response.set_data(body)
    response.set_etag(entry.etag + (":gzip" if body is entry.gzipped else ""))
    response.last_modified = entry.modified
    if immutable:
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    response.make_conditional(request)  # in place
    return response


def _sets_cookie(response: Response) -> bool:
    # The session cookie is written after every after_request hook: predict it.
    if "Set-Cookie" in response.headers:
        return True
    if session.modified:
        return True
    return bool(session.permanent and current_app.config.get("SESSION_REFRESH_EACH_REQUEST"))


def add_validators(response: Response) -> Response:
    """ETag + no-cache on public GET pages; private and no validators on personal ones."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.direct_passthrough or response.is_streamed:
        return response
    if response.mimetype not in VALIDATED_TYPES:
        return response
    cache = response.cache_control
    # The session, not current_user: the request's commit has expired the user, and
    # reading it here would cost every logged-in page one more query.
    if session.get("_user_id") is not None or _sets_cookie(response):
        if "Cache-Control" not in response.headers:
            cache.private = True
            cache.no_cache = True
        return response
    if "Cache-Control" in response.headers and not cache.no_cache:
        return response  # the view chose its own caching
    # The language follows the browser when nobody chose one (core/i18n.py).
    response.vary.add("Accept-Language")
    token = g.get("csrf_token")  # set by Flask-WTF when the page holds a form
    if response.get_etag()[0] is None:
        body = response.get_data()
        if token:
            body = body.replace(token.encode(), b"")
        response.set_etag(hashlib.sha256(body).hexdigest()[:32], weak=bool(token))
    if token:
        cache.private = True
    else:
        cache.public = True
    cache.no_cache = True
    response.make_conditional(request)  # in place
    return response


def finish_response(response: Response) -> Response:
    if request.endpoint != "static":
        response = add_validators(response)
    return compress.after_request(response)


def register_caching(app: Flask) -> None:
    app.config.setdefault("COMPRESS_REGISTER", False)  # we call it, last
    app.config.setdefault("COMPRESS_ALGORITHM", ["zstd", "br", "gzip"])
    compress.init_app(app)

    static = StaticFiles(Path(app.static_folder or ""))
    app.extensions["static_files"] = static
    app.view_functions["static"] = serve_static

    @app.url_defaults
    def hashed_static(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = static.hashed_name(values["filename"])

    # First in the list = run last: after every other hook has shaped the response, and
    # only the session cookie (written after all hooks) comes later.
    app.after_request_funcs.setdefault(None, []).insert(0, finish_response)
