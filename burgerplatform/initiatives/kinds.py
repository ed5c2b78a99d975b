"""Notification kinds and the moderated comment type of initiatives."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.moderation.registry import ModeratedType, register
from burgerplatform.notifications import kinds

kinds.register("initiative.submitted", _l("A new initiative waits for your check: “%(title)s”."))
kinds.register(
    "initiative.published", _l("Your initiative “%(title)s” is published. People can support it.")
)
kinds.register(
    "initiative.sent_back",
    _l("Staff sent your initiative “%(title)s” back with a question. Read it and change it."),
)
kinds.register(
    "initiative.coauthor_joined", _l("%(name)s now writes “%(title)s” together with you.")
)
kinds.register("initiative.on_agenda", _l("“%(title)s” goes on the agenda of the zorgraad."))
kinds.register(
    "initiative.on_agenda_staff",
    _l("“%(title)s” waits for a zorgraad meeting. Choose one and plan the answer."),
)
kinds.register(
    "initiative.scheduled", _l("“%(title)s” is on the agenda of the meeting “%(meeting)s”.")
)
kinds.register(
    "initiative.invited_to_present",
    _l("You are invited to present “%(title)s” at the meeting “%(meeting)s”."),
)
kinds.register("initiative.answered", _l("The zorgraad answered “%(title)s”: %(answer)s."))
kinds.register("initiative.progress", _l("There is news on what happens with “%(title)s”."))
kinds.register("initiative.realised", _l("“%(title)s” is realised."))
kinds.register("initiative.closed", _l("“%(title)s” is closed, with a final word."))
kinds.register("initiative.commented", _l("%(name)s commented on “%(title)s”."))
kinds.register(
    "initiative.answer_due",
    _l("The answer to “%(title)s” is due on %(due)s. Plan it now."),
    dates=("due",),
)


def _can_view(user, comment) -> bool:
    from burgerplatform.initiatives.services import can_view

    return can_view(user, comment.initiative)


def _can_moderate(user, comment) -> bool:
    return is_zone_staff(user, comment.zone_id)


def _moderators(comment) -> list:
    """The zone's staff hear of a report or a request to look again."""
    from burgerplatform.zones.services import zone_staff

    return zone_staff(comment.zone_id)


def _url(comment) -> str:
    from burgerplatform.initiatives.participation import comment_path

    return comment_path(comment.initiative, comment)


def _on_hidden(comment, hidden: bool) -> None:
    from burgerplatform.initiatives.participation import count_comments

    count_comments(comment.initiative_id, -1 if hidden else +1)


def register_moderation() -> None:
    from burgerplatform.initiatives.models import InitiativeComment

    register(
        ModeratedType(
            name="initiative_comment",
            model=InitiativeComment,
            space=lambda c: f"zone:{c.zone_id}",
            can_view=_can_view,
            can_moderate=_can_moderate,
            url=_url,
            author=lambda c: c.author,
            moderators=_moderators,
            on_hidden=_on_hidden,
        )
    )
