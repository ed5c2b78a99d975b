"""How a timeline event reads, in the reader's language (pages, API, feed)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from burgerplatform.core.i18n import format_day, in_content_language
from burgerplatform.initiatives.models import ActorRole, AnswerKind, InitiativeEvent

EVENT_TEXTS = {
    "submitted": _l("Sent to staff for checking."),
    "sent_back": _l("Sent back to the authors with a question."),
    "published": _l("Published: citizens can support it."),
    "threshold": _l(
        "Enough people support it (%(supports)s): it goes on the agenda of the zorgraad."
    ),
    "on_agenda": _l("Put on the agenda of the zorgraad by staff."),
    "scheduled": _l("On the agenda of the meeting “%(meeting)s” of %(when)s."),
    "answered": _l("The zorgraad answered: %(answer)s."),
    "progress": _l("Progress update."),
    "realised": _l("Realised."),
    "closed": _l("Closed."),
}


# Parameters that hold what someone wrote (a meeting's title): Dutch on every page.
WRITTEN_PARAMS = ("meeting",)


def _params(event: InitiativeEvent) -> dict:
    params = dict(event.params or {})
    if "when" in params:
        params["when"] = format_day(datetime.fromisoformat(params["when"]))
    if "answer" in params:
        params["answer"] = AnswerKind(params["answer"]).label
    return params


def describe(event: InitiativeEvent) -> str:
    params = _params(event)
    template = EVENT_TEXTS.get(event.kind)
    if template is None:
        return event.kind
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return str(template)


def describe_html(event: InitiativeEvent) -> Markup:
    """`describe` for a page: what someone wrote inside the sentence (a meeting's title)
    is marked lang="nl" on a French or English page."""
    params = {
        key: in_content_language(str(value)) if key in WRITTEN_PARAMS else value
        for key, value in _params(event).items()
    }
    template = EVENT_TEXTS.get(event.kind)
    if template is None:
        return escape(event.kind)
    try:
        return escape(str(template)) % params
    except (KeyError, TypeError, ValueError):
        return escape(str(template))


def who(event: InitiativeEvent) -> str:
    """The actor as shown publicly: an author's public name, otherwise only a role."""
    if event.actor_role is ActorRole.AUTHOR:
        return str(_l("%(name)s (author)", name=event.actor_name))
    return event.actor_role.label
