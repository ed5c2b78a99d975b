"""How the attendance register and allowances plug into the app (called by
`create_app`): their pages, their parts of other pages and of "download my data", what
an account's deletion erases, and the end of the legal keeping period."""

from __future__ import annotations

from flask import Flask

from burgerplatform.allowances import keeping, policies, views, views_mine, views_zone
from burgerplatform.core import jobs

# The modules whose routes are on this module's blueprints (views_zone has the zone's).
VIEWS = (views, views_mine, views_zone)
# The modules that answer the platform's signals (core.signals) with their receivers.
RECEIVERS = (policies,)


def init_app(app: Flask) -> None:
    jobs.periodic(keeping.schedule_next_drop)
