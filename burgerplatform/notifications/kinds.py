"""The registry of notification kinds: a translatable text per kind.

Modules register their kinds at import time:

    register("initiative.answered", _l("The zorgraad answered “%(title)s”."))

The text is formatted with the notification's params in the reader's language. A
function(params) -> str may stand in for the text, to translate stored codes.

Params are stored when the notification is made, but read later, by each person in their
own language. So a date is stored as an ISO date (or date-time) and named in `dates`:

    register("initiative.answer_due", _l("… due on %(due)s."), dates=("due",))

It is then shown as a date in the reader's language and time zone, as pages show dates.
A moment whose hour matters (a meeting) goes in `moments` and is shown with its time.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from burgerplatform.core.i18n import content_lang, format_day, format_moment, text_of

_TEXTS: dict[str, object] = {}
_DATES: dict[str, dict[str, bool]] = {}  # kind -> {param: with the time of day}


def register(kind: str, text, dates: tuple[str, ...] = (), moments: tuple[str, ...] = ()) -> None:
    _TEXTS[kind] = text
    if dates or moments:
        _DATES[kind] = {**dict.fromkeys(dates, False), **dict.fromkeys(moments, True)}
    else:
        _DATES.pop(kind, None)


def _readable_date(value, with_time: bool = False):
    """An ISO date or date-time as the pages write a date ("12 maart 2027"), or a moment
    with its time; anything else as it was stored."""
    if not isinstance(value, str):
        return value
    try:
        parsed: date = (
            date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
        )
    except ValueError:
        return value
    # A date-time is moved to the reader's time zone first (naive ones are UTC).
    if with_time and isinstance(parsed, datetime):
        return format_moment(parsed)
    return format_day(parsed)


def _for_reader(kind: str, params: dict) -> dict:
    names = _DATES.get(kind)
    if not names or not isinstance(params, dict):
        return params
    return {k: _readable_date(v, names[k]) if k in names else v for k, v in params.items()}


def text_for(kind: str, params: dict) -> str:
    template = _TEXTS.get(kind)
    if template is None:
        return str(_l("There is news on something you follow."))
    params = _for_reader(kind, params)
    if callable(template):
        # A function builds the text, e.g. to translate a stored code in the reader's
        # language.
        try:
            return str(template(params))
        except (KeyError, TypeError, ValueError):
            return str(_l("There is news on something you follow."))
    text = text_of(template)  # translated once, not once per use of the lazy string
    try:
        return text % params
    except (KeyError, TypeError, ValueError):
        return text


# Params that hold what people wrote (a round's or proposal's title, an advice's, a
# meeting's, a group's name): Dutch, quoted inside a sentence in the reader's language.
WRITTEN_PARAMS = ("title", "recommendation", "meeting", "name", "group")


def html_for(kind: str, params: dict) -> Markup:
    """The text of `text_for` for a page: escaped, with what people wrote in a
    <span lang="nl"> on a French or English page, so read-aloud pronounces it as Dutch."""
    text = text_for(kind, params)
    written = (
        [params[k] for k in WRITTEN_PARAMS if isinstance(params.get(k), str) and params[k]]
        if isinstance(params, dict) and content_lang()
        else []
    )
    if not written:
        return escape(text)
    # One pass, longest value first, so a title inside another is not wrapped twice.
    values = sorted({str(escape(v)) for v in written}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(v) for v in values))
    marked = pattern.sub(lambda m: f"<span{content_lang()}>{m.group(0)}</span>", str(escape(text)))
    return Markup(marked)  # noqa: S704 - built from the escaped text
