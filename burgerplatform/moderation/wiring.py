"""How moderation plugs into the app (called by `create_app`): the shared report, hide
and restore pages, its part of "download my data", the purge of redacted text."""

from __future__ import annotations

from flask import Flask

from burgerplatform.core import jobs
from burgerplatform.moderation import policies_personal_data, services, views

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)
# The modules that answer the platform's signals (core.signals) with their receivers.
RECEIVERS = (policies_personal_data,)


def init_app(app: Flask) -> None:
    jobs.periodic(services.schedule_next_purge)
