"""Language choice: the user's setting, then an explicit switch, then the browser."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from typing import Any, cast
from zoneinfo import ZoneInfo

import flask_babel
from babel import Locale
from babel import dates as babel_dates
from flask import Flask, current_app, has_request_context, request, session
from flask.globals import _cv_app
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2.nodes import EvalContext
from jinja2.utils import pass_eval_context
from markupsafe import Markup, escape

from burgerplatform.core.memo import BoundedMemo

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


@lru_cache(maxsize=16)
def _parsed(identifier: str) -> Locale:
    return Locale.parse(identifier)


def _babel_state() -> Any:
    """Flask-Babel's per-request namespace, read without its three proxy look-ups per
    call (a page formats hundreds of strings and dates); None outside an app context."""
    app_context = _cv_app.get(None)
    return None if app_context is None else getattr(app_context.g, "_flask_babel", None)


def in_app_context() -> bool:
    """Whether Flask-Babel can answer here (an app context, with its namespace)."""
    return _babel_state() is not None


def reader_locale() -> Locale | None:
    """flask_babel.get_locale(), from the request's namespace once it is chosen."""
    locale: Locale | None = getattr(_babel_state(), "babel_locale", None)
    return locale if locale is not None else flask_babel.get_locale()


def platform_time_zone() -> ZoneInfo:
    """The platform's own time zone (Belgium's by default): the days typed on forms and
    the times a draw's record gives are in it, whatever the reader's."""
    return ZoneInfo(str(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Brussels")))


def _reader_timezone() -> tzinfo:
    zone: tzinfo | None = getattr(_babel_state(), "babel_tzinfo", None)
    return zone if zone is not None else cast(tzinfo, flask_babel.get_timezone())


def _date_locale() -> Locale:
    """The reader's locale for dates; English is written the British way ("4 December
    2026 at 21:46"), as in Europe, not "December 4, 2026 at 9:46 PM"."""
    locale = reader_locale() or _parsed(current_app.config["BABEL_DEFAULT_LOCALE"])
    if locale.language == "en" and not locale.territory:
        return _parsed("en_GB")
    return locale


# A page lists many moments of few days and minutes; Babel builds each string from its
# pattern (several microseconds), so the strings are kept per locale and day or minute.
@lru_cache(maxsize=4096)
def _long_day(day: date, locale: Locale) -> str:
    return str(babel_dates.format_date(day, "long", locale=locale))


@lru_cache(maxsize=4096)
def _short_clock(hour: int, minute: int, locale: Locale) -> str:
    return str(babel_dates.format_time(datetime(2000, 1, 1, hour, minute), "short", locale=locale))


def _local(value: datetime, zone: tzinfo | None = None) -> datetime:
    """A stored (naive UTC) or aware moment in the reader's time zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(zone or _reader_timezone())


def format_day(value: date | datetime | None, _style: str | None = None) -> str:
    """ "4 december 2026". `_style` is accepted from templates written when each page
    chose its own style ("medium", "short", ...) and ignored: one style everywhere."""
    if not value:
        return ""
    return _remembered("day", value, _format_day)


def _format_day(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = _local(value).date()
    return _long_day(value, _date_locale())


def format_clock(value: datetime | None) -> str:
    """ "19:00" (the reader's local time, without seconds)."""
    if not value:
        return ""
    return _remembered("clock", value, _format_clock)


def _format_clock(value: datetime) -> str:
    local = _local(value)
    return _short_clock(local.hour, local.minute, _date_locale())


def format_moment(value: datetime | None, _style: str | None = None) -> str:
    """ "4 december 2026 om 19:00"; `_style` as in format_day."""
    if not value:
        return ""
    return _remembered("moment", value, _format_moment)


def _format_moment(value: datetime) -> str:
    moment: str = _translations().ugettext("%(date)s at %(time)s") % {
        "date": _format_day(value),
        "time": _format_clock(value),
    }
    return moment


# The same comments, posts and events are shown on every request of a page: each of
# their moments is written once per language and time zone, then read from here (a
# lookup instead of a time-zone conversion, two cache look-ups keyed on Babel's
# Python-level Locale hash and a translation).
_WRITTEN_MAX = 50_000
_WRITTEN: BoundedMemo[str] = BoundedMemo(_WRITTEN_MAX)


def _remembered(kind: str, value: Any, write: Any) -> str:
    reader = _reader_key()
    if reader is None:
        return str(write(value))
    return _WRITTEN.get((kind, value, reader), lambda: str(write(value)))


def _reader_key() -> tuple[str, tzinfo, Any] | None:
    """(the date locale's identifier, the time zone, the catalogue) of this request,
    worked out once per request and again after force_locale or a refresh (which replace
    the objects). The catalogue, because a written moment holds translated words ("om")
    and a catalogue can be replaced while the language stays (the pseudo-locale test)."""
    state = _babel_state()
    if state is None:
        return None
    locale = getattr(state, "babel_locale", None)
    zone = getattr(state, "babel_tzinfo", None)
    cached = getattr(state, "reader_key", None)
    if cached is not None and cached[0] is locale and cached[1] is zone:
        return cast(tuple[str, tzinfo, Any], cached[2])
    key = (str(_date_locale()), _reader_timezone(), _translations())
    state = _babel_state()  # reading them made them when missing
    state.reader_key = (
        getattr(state, "babel_locale", None),
        getattr(state, "babel_tzinfo", None),
        key,
    )
    return key


def machine_time(value: date | datetime | None) -> str:
    """For <time datetime="…">: "2026-12-04", or the moment in UTC to the second
    ("2026-12-04T18:00:00Z"), as the HTML standard wants it (no microseconds)."""
    if not value:
        return ""
    return _MACHINE_TIMES.get(value, lambda: _machine_time(value))


_MACHINE_TIMES: BoundedMemo[str] = BoundedMemo(_WRITTEN_MAX)


def _machine_time(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None:  # stored in UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# The language people write in on the platform: the zones are Flemish, and no proposal,
# round, advice, post or meeting stores a language of its own (the library's case texts
# do, and mark their Dutch fallback themselves).
CONTENT_LANGUAGE = "nl"


# The languages a stored text may say it is written in (the library's case texts).
TEXT_LANGUAGES = ("nl", "fr", "en")


def lang_of(language: str) -> Markup:
    """` lang="fr"` for the element that holds a text written in `language`, when the
    page is in another language; nothing when the page's own language already says it.
    A code that is no language of the platform marks nothing (never raw in the page)."""
    locale = reader_locale()
    if language not in TEXT_LANGUAGES:
        return Markup("")
    if locale is not None and locale.language == language:
        return Markup("")
    return Markup(f' lang="{language}"')  # noqa: S704 - one of TEXT_LANGUAGES


def content_lang() -> Markup:
    """` lang="nl"` for the element that holds what a citizen or staff member wrote, on a
    French or English page, so that a screen reader or read-aloud pronounces it as Dutch;
    nothing on a Dutch page (the page's own language already says it)."""
    return lang_of(CONTENT_LANGUAGE)


# -- translations in templates ----------------------------------------------------------
# Flask-Babel's template gettext looks up the domain, the locale and its catalogue through
# several context-local proxies on every call, and Jinja's wrapper adds a context.call: a
# page with fifty strings spent about a millisecond there. These do the same with one
# look-up per call, keyed on the locale object, which force_locale and refresh replace.


def translations() -> Any:
    """The reader's catalogue, looked up once per request and locale (the same object for
    as long as the locale holds: callers may key a cache on it)."""
    return _translations()


def _translations() -> Any:
    state = _babel_state()
    locale = getattr(state, "babel_locale", None)
    cached = getattr(state, "template_translations", None)
    if cached is not None and cached[0] is locale:
        return cached[1]
    translations = flask_babel.get_translations()
    state = _babel_state()  # get_translations made it when missing
    locale = getattr(state, "babel_locale", None)
    if locale is not None:
        state.template_translations = (locale, translations)
    return translations


def text_of(value: Any) -> str:
    """str(value), with a lazy_gettext string translated through the cached catalogue
    (enum labels are shown by the dozen on a page)."""
    if isinstance(value, LazyString) and value._func is flask_babel.gettext:
        args, variables = value._args, value._kwargs
        if len(args) == 1 and _babel_state() is not None:
            text: str = _translations().ugettext(args[0])
            return text % variables if variables else text
    return str(value)


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
    # As jinja2.ext's newstyle gettext: escaped where the template is, always %-formatted.
    translations = _translations()
    if not variables:
        return _fixed_text(translations, string, eval_ctx.autoescape)
    text = translations.ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogue, as Jinja's own gettext does
    formatted: str = text % variables
    return formatted


def _fixed_text(translations: Any, string: str, autoescape: bool) -> str:
    """A template's text without variables, kept with the catalogue it came from (Flask-
    Babel keeps one per language for the process): most of a page's texts, and the same
    on every request."""
    texts: dict[tuple[str, bool], str] | None = getattr(translations, "template_texts", None)
    if texts is None:
        texts = translations.template_texts = {}
    text = texts.get((string, autoescape))
    if text is None:
        text = translations.ugettext(string)
        if autoescape:
            text = Markup(text)  # noqa: S704 - our catalogue, as Jinja's own gettext does
        text = texts[(string, autoescape)] = text % {}
    return text


@pass_eval_context
def _template_ngettext(
    eval_ctx: EvalContext, singular: str, plural: str, count: int, /, **variables: Any
) -> str:
    # Positional only: `num` may also be given by name, as in Jinja's own.
    variables.setdefault("num", count)
    text = _translations().ungettext(singular, plural, count)
    if eval_ctx.autoescape:
        text = Markup(text)  # noqa: S704 - our catalogue, as Jinja's own gettext does
    formatted: str = text % variables
    return formatted


def install_template_gettext(app: Flask) -> None:
    """Replace the template callables Flask-Babel installed."""
    app.jinja_env.globals.update(
        gettext=_template_gettext, _=_template_gettext, ngettext=_template_ngettext
    )


def in_content_language(text: str, language: str = CONTENT_LANGUAGE) -> Markup:
    """`text` (escaped) in a <span lang="nl"> on a French or English page, for what
    someone wrote inside a sentence of the page ("Decided in the meeting “…”"); with
    `language`, a text written in that language (a library case in French)."""
    attribute = lang_of(language)
    if not attribute:
        return escape(text)
    return Markup(f"<span{attribute}>{escape(text)}</span>")  # noqa: S704 - escaped text
