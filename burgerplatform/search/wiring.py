"""How the one search plugs into the app (called by `create_app`): its page. The sources
are registered by the modules that own the content, in their own wiring."""

from __future__ import annotations

from flask import Flask

from burgerplatform.search import views

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)


def init_app(app: Flask) -> None:
    """Nothing beyond its route: the sources come from the other modules."""
