"""How zones plug into the app (called by `create_app`): pages, the zorgraad's meeting
space (policies)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.zones import policies, policies_personal_data, views

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)
# What the module registers with others: the zone's meeting space, its part of "download
# my data" and of deleting an account.
POLICIES = (policies, policies_personal_data)


def init_app(app: Flask) -> None:
    """Nothing beyond its routes and policies."""
