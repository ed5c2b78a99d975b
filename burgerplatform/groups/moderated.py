"""A group's listing under the shared moderation (see moderation.registry): anyone
logged in who can see it may report it; the zone's staff and coaches hide an abusive
listing with a visible reason or restore it. The contact person is told, sees why on the
group's page, can change the entry and ask to look again. A listing is no text someone
wrote in a discussion, so it is never redacted: only hidden or restored."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from burgerplatform.groups.models import MODERATED_GROUP, Group
from burgerplatform.groups.queries import may_moderate, may_see, zone_coaches
from burgerplatform.moderation.models import HideReason
from burgerplatform.moderation.registry import ModeratedType, ModerationWording, register
from burgerplatform.zones.services import zone_staff


def _url(group: Group) -> str:
    return url_for("groups.show", zone_slug=group.zone.slug, group_id=group.id)


def _moderators(group: Group) -> list:
    people = {u.id: u for u in (*zone_staff(group.zone_id), *zone_coaches(group.zone_id))}
    return list(people.values())


def _excerpt(group: Group) -> str:
    """What the moderator judges: the name and what the contact published."""
    parts = (group.name, group.purpose, group.audience, group.how_to_join)
    return " — ".join(p for p in parts if p)[:400]


# A listing, not a post: the moderation pages say so.
GROUP_WORDING = ModerationWording(
    told_hidden=_l(
        "A moderator hid your group's listing. Reason: %(reason)s. You can change it"
        " and ask to look at it again."
    ),
    told_restored=_l("A moderator made your group's listing visible again."),
    told_reported=_l("A group's listing was reported: %(reason)s."),
    told_hidden_named=_l(
        "A moderator hid the listing of your group “%(name)s”. Reason: %(reason)s. You can"
        " change it and ask to look at it again."
    ),
    told_restored_named=_l("A moderator made the listing of your group “%(name)s” visible again."),
    told_reported_named=_l("The listing of the group “%(name)s” was reported: %(reason)s."),
    report_title=_l("Report a group"),
    what_is_wrong=_l("What is wrong with this group?"),
    report_hint=_l(
        "A moderator looks at every report. The contact person does not see who reported."
    ),
    moderate_title=_l("Moderate a group's listing"),
    back=_l("Back to the group"),
    the_item=_l("The group's listing"),
    reports=_l("Reports about this group"),
    is_hidden=_l("This listing is hidden. Reason: %(reason)s."),
    hide_title=_l("Hide the listing"),
    hide_hint=_l(
        "The listing is replaced by a note with your reason. Nothing is deleted; you can "
        "make it visible again."
    ),
    hide_button=_l("Hide the listing"),
    hide_reason=_l("Why do you hide this listing?"),
    hide_note=_l("Explanation shown with the hidden listing"),
    hide_note_hint=_l(
        "Everyone sees this explanation with the hidden listing, the contact person too. "
        "Be kind and concrete, and name nobody."
    ),
    restore_title=_l("Make the listing visible again"),
    restore_button=_l("Make the listing visible again"),
    hidden_done=_l("The listing is hidden. The contact person sees why."),
    restored_done=_l("The listing is visible again."),
    review_hidden=_l("A moderator hid your group's listing. Reason: %(reason)s."),
    review_requested=_l("The contact person asks to look at it again"),
    not_hidden=_l("This listing is visible. There is nothing to look at again."),
    # "Not about this topic" fits a post in a discussion, not a group's listing.
    hide_reasons=(
        HideReason.OFFENSIVE.value,
        HideReason.PERSONAL_DATA.value,
        HideReason.SPAM.value,
        HideReason.OTHER.value,
    ),
)


def register_moderation() -> None:
    register(
        ModeratedType(
            name=MODERATED_GROUP,
            model=Group,
            space=lambda group: f"zone:{group.zone_id}",
            can_view=may_see,
            can_moderate=may_moderate,
            url=_url,
            author=lambda group: group.contact,
            excerpt=_excerpt,
            moderators=_moderators,
            redactable=False,
            wording=GROUP_WORDING,
            name_of=lambda group: group.name,
        )
    )
