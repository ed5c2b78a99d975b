"""An initiative's status as a badge (initiatives/_status.html), rendered once per status
and language: lists show dozens of them, and an include per card cost more than the
rest of the card's status line."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import current_app
from markupsafe import Markup

from burgerplatform.core.i18n import in_app_context, translations
from burgerplatform.initiatives.models import Status

_BADGES: dict[tuple[Status, Any], Markup] = {}
_MAX_BADGES = 1_000


def status_badge(status: Status) -> Markup:
    """The badge of `status` in the reader's language (the catalogue object is the
    language: Flask-Babel keeps one per language for the process)."""
    if not in_app_context():
        return _render(status)
    key = (status, translations())
    badge = _BADGES.get(key)
    if badge is None:
        badge = _render(status)
        if len(_BADGES) >= _MAX_BADGES:
            _BADGES.clear()
        _BADGES[key] = badge
    return badge


def _render(status: Status) -> Markup:
    template = current_app.jinja_env.get_template("initiatives/_status.html")
    return Markup(template.render(initiative=SimpleNamespace(status=status)))  # noqa: S704 - rendered with autoescape
