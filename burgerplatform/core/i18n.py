"""Language choice: the user's setting, then an explicit switch, then the browser."""

from __future__ import annotations

from datetime import UTC, date, datetime

import flask_babel
from babel import Locale
from babel import dates as babel_dates
from flask import current_app, has_request_context, request, session
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup, escape

LANGUAGE_NAMES = {"nl": "Nederlands", "fr": "Français", "en": "English"}


def select_locale() -> str:
    languages: list[str] = current_app.config["LANGUAGES"]
    default: str = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():  # CLI, worker: callers use force_locale when it matters
        return default
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        locale: str = current_user.locale
        return locale
    chosen = session.get("lang")
    if chosen in languages:
        return str(chosen)
    return request.accept_languages.best_match(languages) or default


# One way to write a date everywhere, in the reader's language and time zone: "4 december
# 2026", "4 december 2026 om 19:00" (no seconds, no time-zone name). Templates use the
# filters `date`, `datetime`, `time` and `iso` (registered in create_app); Python code
# calls these functions. A crawl test fails on any other date in a page.


def _date_locale() -> Locale:
    """The reader's locale for dates; English is written the British way ("4 December
    2026 at 21:46"), as in Europe, not "December 4, 2026 at 9:46 PM"."""
    locale = flask_babel.get_locale() or Locale.parse(current_app.config["BABEL_DEFAULT_LOCALE"])
    if locale.language == "en" and not locale.territory:
        return Locale.parse("en_GB")
    return locale


def format_day(value: date | datetime | None, _style: str | None = None) -> str:
    """ "4 december 2026". `_style` is accepted from templates written when each page
    chose its own style ("medium", "short", ...) and ignored: one style everywhere."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = flask_babel.to_user_timezone(value)
    return babel_dates.format_date(value, "long", locale=_date_locale())


def format_clock(value: datetime | None) -> str:
    """ "19:00" (the reader's local time, without seconds)."""
    if not value:
        return ""
    return babel_dates.format_time(
        value, "short", tzinfo=flask_babel.get_timezone(), locale=_date_locale()
    )


def format_moment(value: datetime | None, _style: str | None = None) -> str:
    """ "4 december 2026 om 19:00"; `_style` as in format_day."""
    if not value:
        return ""
    moment: str = gettext("%(date)s at %(time)s", date=format_day(value), time=format_clock(value))
    return moment


def machine_time(value: date | datetime | None) -> str:
    """For <time datetime="…">: "2026-12-04", or the moment in UTC to the second
    ("2026-12-04T18:00:00Z"), as the HTML standard wants it (no microseconds)."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None:  # stored in UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The language people write in on the platform: the zones are Flemish, and no proposal,
# round, advice, post or meeting stores a language of its own (the library's case texts
# do, and mark their Dutch fallback themselves).
CONTENT_LANGUAGE = "nl"


def content_lang() -> Markup:
    """` lang="nl"` for the element that holds what a citizen or staff member wrote, on a
    French or English page, so that a screen reader or read-aloud pronounces it as Dutch;
    nothing on a Dutch page (the page's own language already says it)."""
    locale = flask_babel.get_locale()
    if locale is not None and locale.language == CONTENT_LANGUAGE:
        return Markup("")
    return Markup(' lang="nl"')  # CONTENT_LANGUAGE, a constant


def in_content_language(text: str) -> Markup:
    """`text` (escaped) in a <span lang="nl"> on a French or English page, for what
    someone wrote inside a sentence of the page ("Decided in the meeting “…”")."""
    attribute = content_lang()
    if not attribute:
        return escape(text)
    return Markup(f"<span{attribute}>{escape(text)}</span>")  # noqa: S704 - escaped text
