"""How groups plug into the app (called by `create_app`): routes, their part of
"download my data" and of erasing an account, the yearly re-confirmation job."""

from __future__ import annotations

from flask import Flask

from burgerplatform.core import jobs
from burgerplatform.groups import (
    moderated,
    policies_personal_data,
    policies_search,
    services,
    views,
)
from burgerplatform.search import registry as search_registry

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)
# The modules that answer the platform's signals (core.signals) with their receivers.
RECEIVERS = (policies_personal_data,)


def init_app(app: Flask) -> None:
    jobs.periodic(services.schedule_next_lapse_check)
    search_registry.register(policies_search.GROUPS)
    moderated.register_moderation()
