"""How round themes plug into the app: their staff pages, and the confirmed themes on a
round's page and beside a recommendation (consultations shows them without importing
this module)."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.themes import services, views

VIEWS = (views,)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        round_themes=lambda round_: services.public_themes(
            round_, exact=is_zone_staff(current_user)
        ),
        recommendation_themes=services.themes_of_recommendation,
    )
