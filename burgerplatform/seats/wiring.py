"""How citizen seats plug into the app (called by `create_app`)."""

from __future__ import annotations

from flask import Flask

from burgerplatform.seats import policies_participation, policies_personal_data, views

# The modules whose routes are on this module's blueprints (the zone's and the holder's).
VIEWS = (views,)
# Their parts of "My participation" and "download my data".
RECEIVERS = (policies_participation, policies_personal_data)


def init_app(app: Flask) -> None:
    """Nothing beyond its routes and receivers."""
