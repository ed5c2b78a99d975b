"""What citizens write in a round, under the shared moderation: input and comments on
recommendations. Anyone who can see the round may report an item; the zone's staff hide
it with a visible reason, restore or redact it (see moderation.registry)."""

from __future__ import annotations

from flask import url_for

from burgerplatform.consultations.models import (
    MODERATED_COMMENT,
    MODERATED_CONTRIBUTION,
    Contribution,
    RecommendationComment,
    Round,
)
from burgerplatform.consultations.rules import may_view
from burgerplatform.consultations.services import input_url
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.extensions import db
from burgerplatform.moderation.registry import ModeratedType, register
from burgerplatform.zones.models import Zone
from burgerplatform.zones.services import zone_staff


def _round(item):
    if isinstance(item, Contribution):
        return db.session.get(Round, item.round_id)
    return item.recommendation.round


def _zone_id(item) -> int:
    # Input carries its zone; a comment has it through its recommendation's round.
    return item.zone_id if hasattr(item, "zone_id") else _round(item).zone_id


def _zone_slug(zone_id: int) -> str:
    return db.session.get_one(Zone, zone_id).slug


def _can_view(user, item) -> bool:
    return may_view(_round(item), user)


def _can_moderate(user, item) -> bool:
    return is_zone_staff(user, _zone_id(item))


def _moderators(item) -> list:
    return zone_staff(_zone_id(item))


def _contribution_url(item) -> str:
    """The round page, at the input."""
    return input_url(item.round_id, item.id, _zone_slug(item.zone_id))


def _comment_url(item) -> str:
    """The recommendation's public page, at the comment."""
    round_ = _round(item)
    return url_for(
        "consultations.recommendation",
        zone_slug=_zone_slug(round_.zone_id),
        round_id=round_.id,
        rec_id=item.recommendation_id,
        _anchor=f"comment-{item.id}",
    )


def register_moderation() -> None:
    for name, model, url in (
        (MODERATED_CONTRIBUTION, Contribution, _contribution_url),
        (MODERATED_COMMENT, RecommendationComment, _comment_url),
    ):
        register(
            ModeratedType(
                name=name,
                model=model,
                space=lambda item: f"zone:{_zone_id(item)}",
                can_view=_can_view,
                can_moderate=_can_moderate,
                url=url,
                # Offline input has no author on the platform: nobody to tell.
                author=lambda item: item.author,
                moderators=_moderators,
            )
        )
