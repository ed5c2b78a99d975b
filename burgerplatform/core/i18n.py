"""Language choice: the user's setting, then an explicit switch, then the browser."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_login import current_user

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, worker: callers use force_locale when it matters
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )
