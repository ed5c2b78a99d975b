"""The Flask application class: Flask's, with links built from a template per shape.

A page builds one to three links per item it lists (a comment's reply and report links,
a card's title), and Flask's `url_for` costs 20 to 60 µs each: URL defaults, the rule
search, each converter, the query string's encoding. For one endpoint, one set of value
names and one type per value, the link differs only where the values go. So the first
call of a shape builds the link the normal way with stand-in values, remembers the text
around them, and later calls of that shape only put their values in (a few µs).

That holds only where the values are written unchanged: whole numbers (`str(int)`, as
every `<int:…>` and the query string write them) and text of characters that neither a
path nor a query string escapes. Anything else (other types, text that needs escaping,
`_external`, `_scheme`, `_method`, rules with defaults, whose choice depends on the
value) goes the normal way. Under TESTING every link is built both ways and compared, so
the whole test suite checks that the two never differ.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from flask import Flask
from flask.globals import _cv_request
from werkzeug.routing import BuildError

# What every converter here and the query string's encoding write as they are.
_PLAIN = re.compile(r"[A-Za-z0-9_.~/-]+\Z")
_MAX_SHAPES = 4096


def _stand_in(index: int, value: object) -> Any:
    """A value of the same type that cannot occur in a link by chance."""
    if type(value) is int:
        return int(f"97531{index:04d}13579")
    return f"Zq{index:04d}qZ"


class App(Flask):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # (endpoint, where the app is, then each value's name and type): the link as a
        # format string with the values' names, or "" where the normal way is needed.
        self._link_templates: dict[tuple[Any, ...], str] = {}

    def url_for(
        self,
        endpoint: str,
        *,
        _anchor: str | None = None,
        _method: str | None = None,
        _scheme: str | None = None,
        _external: bool | None = None,
        **values: Any,
    ) -> str:
        req_ctx = _cv_request.get(None)
        adapter = req_ctx.url_adapter if req_ctx is not None else None
        if req_ctx is None or adapter is None or _method or _scheme is not None or _external:
            return super().url_for(
                endpoint,
                _anchor=_anchor,
                _method=_method,
                _scheme=_scheme,
                _external=_external,
                **values,
            )
        checking = self.config["TESTING"]
        if checking:
            expected = super().url_for(endpoint, _anchor=_anchor, **values)
        if endpoint[:1] == ".":
            blueprint = req_ctx.request.blueprint
            endpoint = f"{blueprint}{endpoint}" if blueprint is not None else endpoint[1:]
        self.inject_url_defaults(endpoint, values)
        link = self._from_template(adapter, endpoint, values)
        if link is None:  # as Flask's url_for goes on after the URL defaults
            try:
                link = adapter.build(endpoint, values)
            except BuildError as error:
                values.update(_anchor=_anchor, _method=None, _scheme=None, _external=False)
                return self.handle_url_build_error(error, endpoint, values)
        if _anchor is not None:
            link += "#" + quote(_anchor, safe="%!#$&'()*+,/:;=?@")
        if checking and link != expected:
            raise AssertionError(f"url_for({endpoint!r}): {link!r} instead of {expected!r}")
        return link

    def _from_template(self, adapter: Any, endpoint: str, values: dict[str, Any]) -> str | None:
        key: list[Any] = [endpoint, adapter.server_name, adapter.script_name]
        for name, value in values.items():
            kind = type(value)
            if kind is str:
                if _PLAIN.match(value) is None:
                    return None
            elif kind is not int:
                if value is None:
                    continue
                return None
            key += (name, kind)
        shape = tuple(key)
        template = self._link_templates.get(shape)
        if template is None:
            template = self._template(adapter, endpoint, values)
            if len(self._link_templates) >= _MAX_SHAPES:
                self._link_templates.clear()
            self._link_templates[shape] = template
        return template.format_map(values) if template else None

    def _template(self, adapter: Any, endpoint: str, values: dict[str, Any]) -> str:
        """The link of these values' shape as a format string, or "" (not possible)."""
        rules = self.url_map._rules_by_endpoint.get(endpoint, ())
        if not rules or self.url_map.sort_parameters or any(rule.defaults for rule in rules):
            return ""  # the rule chosen, or the query's order, would depend on the values
        given = [(name, value) for name, value in values.items() if value is not None]
        if not all(name.isidentifier() for name, _value in given):
            return ""
        stand_ins = {name: _stand_in(i, value) for i, (name, value) in enumerate(given)}
        try:
            link: str = adapter.build(endpoint, stand_ins)
        except Exception:  # noqa: BLE001 - the normal way then says what is wrong
            return ""
        found = []
        for name, stand_in in stand_ins.items():
            text = str(stand_in)
            if link.count(text) != 1:
                return ""  # rewritten by a converter, or not in the link
            found.append((link.index(text), len(text), name))
        template, at = "", 0
        for start, length, name in sorted(found):
            template += _literal(link[at:start]) + "{" + name + "}"
            at = start + length
        return template + _literal(link[at:])


def _literal(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")
