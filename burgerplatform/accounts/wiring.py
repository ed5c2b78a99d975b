"""How accounts plug into the app (called by `create_app`): routes, the job that
removes unconfirmed accounts, the admin commands."""

from __future__ import annotations

from flask import Flask

from burgerplatform.accounts import cli, services, views, views_export, views_two_factor
from burgerplatform.core import jobs

# The modules whose routes are on this module's blueprint.
VIEWS = (views, views_export, views_two_factor)


def init_app(app: Flask) -> None:
    jobs.periodic(services.schedule_next_expiry)
    cli.register(app)
