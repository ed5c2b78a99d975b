"""Links built from a template per shape (core/app.py) are the links Flask builds."""

from __future__ import annotations

import pytest
from flask import Flask, g

from burgerplatform.core.http import IdConverter

# Query values of every kind a page passes: numbers, plain words, text that needs
# escaping, nothing (left out), a boolean (built the normal way).
QUERIES = [
    {},
    {"page": 2},
    {"before": "2026-12-01T10:00:00.5_12", "after": None},
    {"q": "buurtbus ouderen & co"},
    {"next": "/elz-a/initiatives/3?reply_to=4"},
    {"reply_to": 9, "before": None, "after": "x"},
    {"all": True},
]


def _values(rule) -> dict:
    return {
        name: 7 if isinstance(converter, IdConverter) else "zone-a_1"
        for name, converter in rule._converters.items()
    }


def test_every_link_of_every_page_is_the_one_flask_builds(app):
    compared = 0
    with app.test_request_context("/", base_url=app.config["BASE_URL"]):
        g.zone = type("Zone", (), {"slug": "elz-a"})()
        for rule in app.url_map.iter_rules():
            if rule.endpoint == "static":
                continue
            for query in QUERIES:
                values = {**_values(rule), **query}
                expected = Flask.url_for(app, rule.endpoint, _anchor="comment-7", **values)
                # The first call makes the template, the second fills it in.
                for _ in range(2):
                    assert app.url_for(rule.endpoint, _anchor="comment-7", **values) == expected
                compared += 1
    assert compared > 1000


def test_links_to_static_files_and_relative_endpoints_are_flasks(app):
    with app.test_request_context("/elz-a/initiatives/", base_url=app.config["BASE_URL"]):
        g.zone = type("Zone", (), {"slug": "elz-a"})()
        for _ in range(2):
            assert app.url_for("static", filename="css/app.css") == Flask.url_for(
                app, "static", filename="css/app.css"
            )
            assert app.url_for(".show", initiative_id=3) == "/elz-a/initiatives/3"
            assert app.url_for("initiatives.show", initiative_id=3, zone_slug="elz-b") == (
                "/elz-b/initiatives/3"
            )


class _AlwaysElsewhere(dict):
    def get(self, key, default=None):
        return "/elsewhere"


def test_a_template_that_builds_another_link_than_flask_fails_every_test(app, monkeypatch):
    monkeypatch.setattr(app, "_link_templates", _AlwaysElsewhere())
    with app.test_request_context("/", base_url=app.config["BASE_URL"]):
        with pytest.raises(AssertionError, match="/elsewhere"):
            app.url_for("site.privacy")
