"""Who may do what in a round. Object rules load the round from the URL once (cached on g)."""

from __future__ import annotations

from flask import g, request

from burgerplatform.consultations.models import Phase, Round
from burgerplatform.consultations.queries import is_member
from burgerplatform.consultations.services import may_create
from burgerplatform.core.permissions import ZONE_STAFF, Rule
from burgerplatform.zones import get_zoned_or_404
from burgerplatform.zones.models import Role


def load_round() -> Round:
    if g.get("round") is None:
        g.round = get_zoned_or_404(Round, int((request.view_args or {})["round_id"]))
    return g.round


def is_staff(user, zone_id: int | None = None) -> bool:
    """Staff of the zone of the URL, or of `zone_id` where there is none (moderation)."""
    zone_id = g.zone.id if zone_id is None else zone_id
    return user.is_authenticated and (user.is_admin or user.has_role(zone_id, Role.STAFF))


def may_view(round_: Round, user) -> bool:
    """Every round is public, with all it shows: input, advice, comments (its pages are
    PUBLIC). Who may see or report an item of a round asks here (consultations.moderated)."""
    return True


def may_gather(round_: Round, user) -> bool:
    """The group and staff always; every citizen of the zone when the round is open."""
    if not user.is_authenticated:
        return False
    return (
        is_staff(user)
        or is_member(round_, user)
        or (round_.open_to_all and user.zone_id == round_.zone_id)
    )


def may_propose(round_: Round, member: bool, staff: bool) -> bool:
    """The group and staff propose recommendations, while the advice is being written."""
    return (member or staff) and round_.phase is Phase.CO_DRAFT


ROUND_CREATOR = Rule("round_creator", lambda u: may_create(u, g.zone))
ROUND_MEMBER = Rule("round_member", lambda u: is_member(load_round(), u))
ROUND_TEAM = ROUND_MEMBER | ZONE_STAFF
ROUND_CONTRIBUTOR = Rule("round_contributor", lambda u: may_gather(load_round(), u))
