"""How initiatives plug into the app (called by `create_app`): routes, the zone's
counters kept with every flush, their notification kinds and moderated comments, their
parts of "download my data" and "my participation"."""

from __future__ import annotations

from flask import Flask

from burgerplatform.initiatives import (
    figures,
    kinds,
    policies_participation,
    policies_personal_data,
    policies_search,
    views,
    views_staff,
    views_themes,
)
from burgerplatform.search import registry as search_registry

# The modules whose routes are on this module's blueprint.
VIEWS = (views, views_staff, views_themes)
# What the module registers with others: notification kinds, moderation, signal receivers.
POLICIES = (kinds, policies_participation, policies_personal_data)


def init_app(app: Flask) -> None:
    from burgerplatform.initiatives.badges import status_badge

    app.add_template_global(status_badge)
    figures.listen()
    kinds.register_moderation()
    search_registry.register(policies_search.SOURCE)
