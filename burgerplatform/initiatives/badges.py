"""An initiative's status as a badge (initiatives/_status.html), rendered once per status
and language: lists show dozens of them, and an include per card cost more than the
rest of the card's status line."""

from __future__ import annotations

from types import SimpleNamespace

from flask import current_app
from markupsafe import Markup

from burgerplatform.core.i18n import in_app_context, translations
from burgerplatform.core.memo import BoundedMemo
from burgerplatform.initiatives.models import Status

_BADGES: BoundedMemo[Markup] = BoundedMemo(1_000)


def status_badge(status: Status) -> Markup:
    """The badge of `status` in the reader's language (the catalogue object is the
    language: Flask-Babel keeps one per language for the process)."""
    if not in_app_context():
        return _render(status)
    return _BADGES.get((status, translations()), lambda: _render(status))


def _render(status: Status) -> Markup:
    template = current_app.jinja_env.get_template("initiatives/_status.html")
    return Markup(template.render(initiative=SimpleNamespace(status=status)))  # noqa: S704 - rendered with autoescape
