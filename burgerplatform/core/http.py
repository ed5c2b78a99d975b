"""Small HTTP helpers shared by views."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Request, redirect, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BaseConverter, MapAdapter, RequestRedirect, Rule, ValidationError

if TYPE_CHECKING:
    from flask import Flask
    from flask.typing import ResponseReturnValue
    from werkzeug.routing import Map

# The largest id a database integer column holds (PostgreSQL's 32-bit INTEGER).
MAX_ID = 2**31 - 1


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: `next=` must never send someone elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def this_page() -> str:
    """The address of the page being answered, with its query and without a fragment
    (which a browser never sends): the `action` of a form that posts to its own page."""
    query = request.query_string.decode("latin-1")
    return request.script_root + request.path + (f"?{query}" if query else "")


def action_page(url_map: Map, path: str) -> str | None:
    """For a GET of a URL that only a form posts to, the page its action belongs to; None
    for any other URL. That is the nearest page above it, as the app names an action
    under its thing: `/z/initiatives/7/support` gives `/z/initiatives/7`, `/z/pool/consent`
    gives `/z/pool/`, `/logout` gives `/`. The page must be that same place, not a
    look-alike: above `/my-seats/3/hide-my-name`, `/my-seats/` is no page of seats but a
    zone called "my-seats" (`/<zone_slug>/`), so it is the home page."""
    adapter = url_map.bind("localhost")
    try:
        action, _args = adapter.match(path, method="POST", return_rule=True)
    except HTTPException:  # no action here (or only with a slash added)
        return None
    words = _segments(action)
    parts = path.strip("/").split("/")
    for depth in range(len(parts) - 1, 0, -1):
        found = _page_at(adapter, "/" + "/".join(parts[:depth]))
        if found is None:
            continue
        rule, page = found
        # Each fixed word of the action's URL is the same fixed word in the page's.
        got = _segments(rule)
        if len(got) == depth and all(
            "<" in want or have == want for want, have in zip(words[:depth], got, strict=True)
        ):
            return page
    return "/"


def _segments(rule: Rule) -> list[str]:
    return rule.rule.strip("/").split("/")


def _page_at(adapter: MapAdapter, path: str) -> tuple[Rule, str] | None:
    """The rule that shows `path` as a page (after the slash its rule adds), and its path."""
    try:
        rule, _args = adapter.match(path, method="GET", return_rule=True)
    except RequestRedirect as moved:
        path = urlsplit(moved.new_url).path
        try:
            rule, _args = adapter.match(path, method="GET", return_rule=True)
        except HTTPException:
            return None
    except HTTPException:
        return None
    return rule, path


def register_action_pages(app: Flask) -> None:
    """A URL only a button posts to, opened as a page (Back or Reload onto it, the
    language switched on the page a refused form showed there, a link shared or typed):
    nothing is done, and the browser goes to the page the action belongs to, not to an
    error (a 405, or a 404 after the slash a look-alike page adds). Registered last: the
    host check comes first. The API keeps its 405 (its contract)."""

    @app.before_request
    def open_action_as_page() -> ResponseReturnValue | None:
        if request.routing_exception is None or request.method not in ("GET", "HEAD"):
            return None
        if request.path.startswith("/api/"):
            return None
        page = action_page(app.url_map, request.path)
        return None if page is None else redirect(request.script_root + page, 303)


def parse_id(text: object) -> int | None:
    """A number typed or sent by someone, as an id: only the ASCII digits 0-9 and within
    the database's range. `str.isdigit` also accepts "²" and "١٢٣" (which `int` refuses
    or reads), and a huge number overflows the database: both were server errors."""
    if not isinstance(text, str) or not (0 < len(text) <= 10):
        return None
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


# A whole number in ASCII digits, at most as long as the database's largest integer.
SIGNED_ASCII_INTEGER = re.compile(r"-?[0-9]{1,10}")


def database_int(value: object) -> int:
    """`int` for a number from a query string or a form: only ASCII digits and within the
    database's integer range, else a ValueError. `int` reads "٤" as 4 and passes 2^63 on
    to the database (a server error on PostgreSQL, an OverflowError on SQLite)."""
    text = value.strip() if isinstance(value, str) else None
    if text is None or not SIGNED_ASCII_INTEGER.fullmatch(text):
        raise ValueError(f"not a database integer: {value!r:.40}")
    number = int(text)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError(f"past the database's range: {value!r:.40}")
    return number


class Parameters(ImmutableMultiDict[str, Any]):
    """Query strings and form posts: `get(name, type=int)` and `getlist(name, type=int)`
    read with `database_int`, so a number no row can hold is simply not given (the
    default, as any other text that is not a number) in every view at once."""

    def get(  # type: ignore[override]
        self,
        key: str,
        default: Any = None,
        type: Any = None,  # noqa: A002 - werkzeug's name
    ) -> Any:
        return super().get(key, default, database_int if type is int else type)

    def getlist(self, key: str, type: Any = None) -> Any:  # noqa: A002
        return super().getlist(key, database_int if type is int else type)


class BoundedRequest(Request):
    parameter_storage_class = Parameters


class IdConverter(BaseConverter):
    """Replaces werkzeug's `int` converter app-wide (same name, so `<int:round_id>` in
    every route uses it): only the ASCII digits 0-9 and only a database id (1..2^31-1).

    Werkzeug's own converter matches `\\d`, which also takes "٤" and "４" (read as 4), and
    passes 2^63 on to the database (a server error). Anything else is now a 404."""

    regex = r"[0-9]+"
    weight = 50  # as werkzeug's NumberConverter: routes keep their order
    part_isolating = True

    def __init__(self, map: Map, minimum: int = 1, maximum: int = MAX_ID) -> None:
        super().__init__(map)
        self.minimum = minimum
        self.maximum = maximum

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None or not self.minimum <= number <= self.maximum:
            raise ValidationError()
        return number

    def to_url(self, value: object) -> str:
        return str(int(value))  # type: ignore[call-overload]


def register_id_converter(app: Flask) -> None:
    """Must run before any blueprint is registered (rules read the converter when added).
    Numbers in query strings and forms are bounded the same way (`BoundedRequest`)."""
    app.url_map.converters["int"] = IdConverter
    app.request_class = BoundedRequest
