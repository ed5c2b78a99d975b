"""How the audit log plugs into the app (called by `create_app`): its pages, and its
policies, which log every request's changes and every look at personal data."""

from __future__ import annotations

from flask import Flask

from burgerplatform.audit import policies, views

# The modules whose routes (and request hooks) are on this module's blueprint.
VIEWS = (views, policies)


def init_app(app: Flask) -> None:
    """Nothing beyond its routes and request hooks."""
