"""How notifications plug into the app (called by `create_app`): the page, their part
of "download my data", the daily digest."""

from __future__ import annotations

from flask import Flask

from burgerplatform.core import jobs
from burgerplatform.notifications import policies_personal_data, services, views

# The modules whose routes are on this module's blueprint.
VIEWS = (views,)
# The modules that answer the platform's signals (core.signals) with their receivers.
RECEIVERS = (policies_personal_data,)


def init_app(app: Flask) -> None:
    jobs.periodic(services.schedule_next_digest)
