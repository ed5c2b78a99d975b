"""What can be moderated, and by whom.

A module registers each kind of content once:

    register(ModeratedType(
        name="initiative_comment", model=InitiativeComment,
        space=lambda c: f"zone:{c.zone_id}",
        can_view=lambda user, c: ..., can_moderate=lambda user, c: ...,
        url=lambda c: url_for(...), author=lambda c: c.author,
    ))

The shared report/hide/restore views and the permission rule use this registry, so one
mechanism serves initiative comments and proeftuin posts alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, g, request
from flask_babel import lazy_gettext as _l

from burgerplatform.extensions import db


@dataclass(frozen=True)
class ModerationWording:
    """The words of the shared report, moderate and review pages (lazy texts): a kind
    that is no post (a group's listing) names itself, so that nobody reads "post" about a
    group. The defaults are a post's."""

    report_title: Any = _l("Report a post")
    what_is_wrong: Any = _l("What is wrong with this post?")
    report_hint: Any = _l(
        "A moderator looks at every report. The author does not see who reported."
    )
    moderate_title: Any = _l("Moderate a post")
    back: Any = _l("Back to the discussion")
    the_item: Any = _l("The post")
    reports: Any = _l("Reports")
    is_hidden: Any = _l("This post is hidden. Reason: %(reason)s.")  # with %(reason)s
    hide_title: Any = _l("Hide this post")
    hide_hint: Any = _l(
        "The post is replaced by a note with your reason. Nothing is deleted; you can restore it."
    )
    hide_button: Any = _l("Hide the post")
    hide_reason: Any = _l("Why do you hide this post?")
    hide_note: Any = _l("Explanation shown with the hidden post")
    hide_note_hint: Any = _l(
        "Everyone sees this explanation with the hidden post, the writer too. "
        "Be kind and concrete, and name nobody."
    )
    restore_title: Any = _l("Restore this post")
    restore_button: Any = _l("Restore the post")
    hidden_done: Any = _l("The post is hidden. The author sees why.")
    restored_done: Any = _l("The post is visible again.")
    review_hidden: Any = _l("A moderator hid your post. Reason: %(reason)s.")
    # Notifications: to the author when hidden (%(reason)s) or restored, and to the
    # moderators when reported (%(reason)s).
    told_hidden: Any = _l(
        "A moderator hid your post. Reason: %(reason)s. You can ask to look at it again."
    )
    told_restored: Any = _l("A moderator restored your post.")
    told_reported: Any = _l("A post was reported: %(reason)s.")
    # The same, naming the item (%(name)s: what its `ModeratedType.name_of` gives, such as
    # a group's name), for a kind whose item has a name; None: a post, named by nothing.
    # Notifications stored without a name read as the texts above.
    told_hidden_named: Any = None
    told_restored_named: Any = None
    told_reported_named: Any = None
    # A review request, as the moderators read it among the reports.
    review_requested: Any = _l("The author asks to look at it again")
    # Shown on the review page when the item is visible (again): nothing to look at.
    not_hidden: Any = _l("This post is visible. There is nothing to look at again.")
    # The hide reasons (HideReason codes) that fit this kind, in order; empty: all.
    hide_reasons: tuple[str, ...] = ()

    def report_reason(self, reason: Any) -> str:
        """A report's reason (a ReportReason or its code) in this kind's words: a
        group's contact person asks for a review, not "the author"."""
        from burgerplatform.moderation.models import ReportReason

        try:
            reason = ReportReason(reason)
        except ValueError:
            return str(reason)
        if reason is ReportReason.REVIEW_REQUEST:
            return str(self.review_requested)
        return str(reason.label)

    def hide_choices(self) -> list[tuple[str, str]]:
        """The hide form's choices: only the reasons that fit this kind."""
        from burgerplatform.moderation.models import HideReason

        allowed = self.hide_reasons or tuple(r.value for r in HideReason)
        return [(code, str(HideReason(code).label)) for code in allowed]


POST_WORDING = ModerationWording()


@dataclass(frozen=True)
class ModeratedType:
    name: str
    model: type
    space: Callable[[Any], str]
    can_view: Callable[[Any, Any], bool]
    can_moderate: Callable[[Any, Any], bool]
    url: Callable[[Any], str]
    author: Callable[[Any], Any]
    # Short text to show the moderator what the item is (e.g. the first words).
    excerpt: Callable[[Any], str] = lambda obj: "" if obj.is_hidden else (obj.body or "")[:200]
    # Who is told about a new report or review request (e.g. the space's coaches).
    moderators: Callable[[Any], list] = lambda obj: []
    # Called in the same transaction when an item is hidden (True) or restored (False),
    # e.g. to keep a denormalised count of visible items.
    on_hidden: Callable[[Any, bool], None] = lambda obj, hidden: None
    # False for content that is no text someone wrote (a group's listing): it is only
    # hidden or restored, never redacted (the model has no `body` to redact).
    redactable: bool = True
    # The words of the moderation pages (titles, buttons, form labels).
    wording: ModerationWording = POST_WORDING
    # The item's name, quoted in the notifications and mails about it (a group's name),
    # or "" for an item known by no name (a post).
    name_of: Callable[[Any], str] = lambda obj: ""


def find_type(name: str | None) -> ModeratedType | None:
    """The registered kind of that name, or None (for texts of notifications stored
    before a kind had its own wording)."""
    return _TYPES.get(name or "")


_TYPES: dict[str, ModeratedType] = {}


def register(kind: ModeratedType) -> None:
    _TYPES[kind.name] = kind


def registered() -> list[ModeratedType]:
    """Every kind of content under moderation."""
    return list(_TYPES.values())


def get_type(name: str) -> ModeratedType:
    kind = _TYPES.get(name)
    if kind is None:
        abort(404)
    return kind


def load_target() -> tuple[ModeratedType, Any]:
    """The item named by the URL (target_type, target_id), cached on `g` for the view."""
    if "moderation_target" not in g:
        args = request.view_args or {}
        kind = get_type(str(args.get("target_type")))
        obj = db.session.get(kind.model, args.get("target_id"))
        if obj is None:
            abort(404)
        g.moderation_target = (kind, obj)
    return g.moderation_target
