"""How the platform-wide pages plug into the app (called by `create_app`)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.search import registry as search_registry
from burgerplatform.site import glossary, policies_search, views

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)


def init_app(app: Flask) -> None:
    """Its routes, and the filter that explains the domain's words on every page."""
    app.add_template_filter(glossary.explain_terms, "explain_terms")
    app.add_template_global(glossary.explains_terms, "explains_terms")
    search_registry.register(policies_search.HELP)
