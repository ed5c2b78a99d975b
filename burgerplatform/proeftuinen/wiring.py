"""How proeftuinen plug into the app (called by `create_app`): routes, their moderated
posts and meeting space (policies), their part of "download my data"."""

from __future__ import annotations

from flask import Flask

from burgerplatform.proeftuinen import (
    policies,
    policies_documents,
    policies_personal_data,
    policies_search,
    views,
    views_topics,
)
from burgerplatform.search import registry as search_registry

# The modules whose routes are on this module's blueprint.
VIEWS = (views, views_topics)
# What the module registers with others: moderation, meeting spaces, signal receivers.
POLICIES = (policies, policies_documents, policies_personal_data)


def init_app(app: Flask) -> None:
    """Its topics in the one search."""
    search_registry.register(policies_search.TOPICS)
