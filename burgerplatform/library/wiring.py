"""How the library of good practice plugs into the app (called by `create_app`)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.library import api, policies, policies_search, views
from burgerplatform.search import registry as search_registry

# The modules whose routes are on this module's blueprints (api's on /api/v1).
VIEWS = (views, api)
# The permission rule of the proeftuin's publish form.
POLICIES = (policies,)


def init_app(app: Flask) -> None:
    """Its cases in the one search."""
    search_registry.register(policies_search.CASES)
