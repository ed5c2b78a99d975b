"""How consultation rounds plug into the app (called by `create_app`): routes (rounds,
the pool, the API), moderated input and comments, the group's meeting space, their parts
of "download my data" and "my participation", the consent check at login, a command."""

from __future__ import annotations

from flask import Flask
from flask_login import user_logged_in

from burgerplatform.consultations import (
    api,
    cli,
    moderated,
    policies_documents,
    policies_meetings,
    policies_participation,
    policies_personal_data,
    policies_search,
    views,
    views_draw,
    views_group,
    views_pool,
    views_work,
)
from burgerplatform.search import registry as search_registry

# The modules whose routes are on this module's blueprints (bp, pool_bp, the API's).
VIEWS = (views, views_draw, views_group, views_pool, views_work, api)
# What the module registers with others: the meeting space, signal receivers.
POLICIES = (policies_documents, policies_meetings, policies_participation, policies_personal_data)


def init_app(app: Flask) -> None:
    moderated.register_moderation()
    user_logged_in.connect(views_pool.check_consent_at_login)
    cli.register(app)
    search_registry.register(policies_search.ROUNDS)
    search_registry.register(policies_search.RECOMMENDATIONS)
