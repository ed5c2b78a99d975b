"""How zones plug into the app (called by `create_app`): pages, the zorgraad's meeting
space (policies)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.zones import policies, views

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)
# What the module registers with others: the zone's meeting space.
POLICIES = (policies,)


def init_app(app: Flask) -> None:
    """Nothing beyond its routes and policies."""
