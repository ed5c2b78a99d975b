"""How meetings plug into the app (called by `create_app`)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.meetings import (
    policies_documents,
    policies_participation,
    policies_personal_data,
    policies_search,
    spaces,
    views,
    views_meeting,
    views_mine,
    views_space,
)
from burgerplatform.search import registry as search_registry

# The modules whose routes are on this module's blueprints (views_space has the zone's).
VIEWS = (views, views_meeting, views_space, views_mine)
# The modules that answer the platform's signals (core.signals) with their receivers.
RECEIVERS = (policies_personal_data, policies_participation)
# What the module registers with others: meetings as owners of documents.
POLICIES = (policies_documents,)


def init_app(app: Flask) -> None:
    """Its meetings in the one search; templates ask whether a space's calendar feed is
    public (meetings/_feed_link.html)."""
    search_registry.register(policies_search.MEETINGS)
    app.add_template_global(spaces.is_public, "meetings_are_public")
