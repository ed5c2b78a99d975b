"""How the public accountability pages and the API plug into the app (called by
`create_app`)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.accountability import api, api_initiatives, views

# The modules whose routes are on this module's blueprints (views has the zone's page).
VIEWS = (api, api_initiatives, views)


def init_app(app: Flask) -> None:
    """Nothing beyond its routes."""
