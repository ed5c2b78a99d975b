"""Permission rules of initiatives, declared once (used by @requires on the views).

Object rules load the initiative named by the URL, within the zone of the URL (another
zone's id gives 404), and cache it on `g` for the view.
"""

from __future__ import annotations

from flask import abort, g, request

from burgerplatform.core.permissions import ZONE_ZORGRAAD, Rule
from burgerplatform.initiatives import services
from burgerplatform.initiatives.models import Initiative
from burgerplatform.zones import get_zoned_or_404


def current() -> Initiative:
    if "initiative" not in g:
        g.initiative = get_zoned_or_404(Initiative, (request.view_args or {})["initiative_id"])
    return g.initiative


def _visible(user) -> bool:
    """Drafts do not exist for anyone else: 404, not 403, so ids reveal nothing."""
    if not services.can_view(user, current()):
        abort(404)
    return True


# Published ones are public; drafts only for their authors and the zone's staff.
VIEWER = Rule("initiative_viewer", _visible, needs_login=False)
# Support, follow, comment: logged in and allowed to see it.
PARTICIPANT = Rule("initiative_participant", _visible)
# Zorgraad members and staff manage; the zorgraad sees only what is public, staff all.
MANAGER = Rule(
    "zone:staff,zorgraad_member+visible",
    lambda u: ZONE_ZORGRAAD.allows(u) and _visible(u),
)
AUTHOR = Rule("initiative_author", lambda u: services.is_author(u, current()))
EDITOR = Rule("initiative_author_editing", lambda u: services.can_edit(u, current()))
# Only citizens of the zone (user.zone_id) and its staff start initiatives here.
CREATOR = Rule("zone_citizen_or_staff", lambda u: services.can_create_in(u, g.zone))
