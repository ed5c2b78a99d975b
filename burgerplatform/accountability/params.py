"""Strict query parameters for /api/v1, declared once per route.

Each route lists the parameters it takes (`Param`); `parse()` reads the request against
that list and the same list writes the route's OpenAPI parameters, so the document and
the behaviour cannot drift apart. A parameter that is unknown, repeated, malformed or
out of range is refused with 400 and a JSON error (the `Error` schema) that names it,
never read as "the first page" and never passed on to the database: an integer larger
than a database column holds was a 500 before.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import jsonify, request
from werkzeug.exceptions import BadRequest

from burgerplatform.core.pagination import ID_MAX

MAX_PAGE = 10_000  # offset paging stops here; `after` cursors go on

SLUG_PATH = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The zone's short name, as in /api/v1/zones",
    "schema": {"type": "string", "minLength": 1, "maxLength": 64},
    "example": "meetjesland",
}

_INTEGER = re.compile(r"-?[0-9]{1,30}")  # longer digit strings are refused before int()


class BadQuery(BadRequest):
    """A refused query string: answered as JSON by the API blueprint's error handler."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems

    def json_response(self):
        body = {
            "error": {
                "code": 400,
                "message": "The query string is not valid for this address.",
                "details": self.problems,
            }
        }
        return jsonify(body), 400


@dataclass(frozen=True)
class Param:
    """One query parameter: an integer in [minimum, maximum], or a string of at most
    `max_length` characters, one of `choices` if given, that `check` can read (a cursor
    decoder returning None for a mangled value)."""

    name: str
    description: str
    kind: str = "string"  # "integer" or "string"
    minimum: int = 1
    maximum: int = ID_MAX
    max_length: int = 400
    choices: tuple[str, ...] = ()
    check: Callable[[str], Any] | None = None
    default: Any = None
    example: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    def read(self, raw: str) -> Any:
        """The value, or raise ValueError with what is wrong."""
        if self.kind == "integer":
            if not _INTEGER.fullmatch(raw):
                raise ValueError(f"`{self.name}` must be a whole number")
            value = int(raw)
            if not self.minimum <= value <= self.maximum:
                raise ValueError(f"`{self.name}` must be between {self.minimum} and {self.maximum}")
            return value
        if len(raw) > self.max_length:
            raise ValueError(f"`{self.name}` is longer than {self.max_length} characters")
        if self.choices and raw not in self.choices:
            raise ValueError(f"`{self.name}` must be one of: {', '.join(self.choices)}")
        if self.check is not None:
            decoded = self.check(raw)
            if decoded is None:
                raise ValueError(f"`{self.name}` is not a cursor this API gave out")
            return decoded
        return raw

    def openapi(self) -> dict[str, Any]:
        schema: dict[str, Any]
        if self.kind == "integer":
            schema = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        else:
            schema = {"type": "string", "maxLength": self.max_length}
            if self.choices:
                schema["enum"] = list(self.choices)
        if self.default is not None:
            schema["default"] = self.default
        spec: dict[str, Any] = {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": schema,
            # One value per name: `?page=1&page=2` is refused, as is `?page=1,2`.
            "style": "form",
            "explode": True,
        }
        if self.example is not None:
            spec["example"] = self.example
        return spec


def parse(params: Sequence[Param]) -> dict[str, Any]:
    """The query string read against `params` ({name: value or default}); BadQuery lists
    every problem at once."""
    known = {p.name: p for p in params}
    problems: list[str] = []
    values: dict[str, Any] = {p.name: p.default for p in params}
    for name in request.args:
        given = request.args.getlist(name)
        param = known.get(name)
        if param is None:
            problems.append(f"unknown parameter `{name[:40]}`")
            continue
        if len(given) > 1:
            problems.append(f"`{name}` is given {len(given)} times; give it once")
            continue
        try:
            values[name] = param.read(given[0])
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise BadQuery(problems)
    return values


def openapi_parameters(params: Sequence[Param]) -> list[dict[str, Any]]:
    return [p.openapi() for p in params]
