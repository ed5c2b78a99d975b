"""Who may work on a round's themes: the zone's staff. The round, a theme and a piece of
input are loaded from the URL; another zone's (or another round's) is a 404."""

from __future__ import annotations

from flask import abort, request

from burgerplatform.consultations.rules import load_round
from burgerplatform.extensions import db
from burgerplatform.themes.models import InputTheme, ThemeItem


def load_theme() -> InputTheme:
    theme = db.session.get(InputTheme, int((request.view_args or {})["input_theme_id"]))
    if theme is None or theme.round_id != load_round().id:
        abort(404)
    return theme


def load_item() -> ThemeItem:
    item = db.session.get(ThemeItem, int((request.view_args or {})["item_id"]))
    if item is None or item.round_id != load_round().id:
        abort(404)
    return item
