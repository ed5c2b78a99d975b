"""How platform administration plugs into the app (called by `create_app`)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.admin import views

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)


def init_app(app: Flask) -> None:
    """Nothing beyond its routes."""
