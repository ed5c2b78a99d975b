"""The registry of notification kinds: a translatable text per kind.

Modules register their kinds at import time:

    register("initiative.answered", _l("The zorgraad answered “%(title)s”."))

The text is formatted with the notification's params in the reader's language. A
function(params) -> str may stand in for the text, to translate stored codes.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

_TEXTS: dict[str, object] = {}


def register(kind: str, text) -> None:
    _TEXTS[kind] = text


def text_for(kind: str, params: dict) -> str:
    template = _TEXTS.get(kind)
    if template is None:
        return str(_l("There is news on something you follow."))
    if callable(template):
        # A function builds the text, e.g. to translate a stored code in the reader's
        # language.
        try:
            return str(template(params))
        except (KeyError, TypeError, ValueError):
            return str(_l("There is news on something you follow."))
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)
