"""Permission rules of initiatives, declared once (used by @requires on the views).

Object rules load the initiative named by the URL, within the zone of the URL (another
zone's id gives 404), and cache it on `g` for the view.
"""

from __future__ import annotations

from flask import abort, g, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from burgerplatform.core.permissions import ZONE_ZORGRAAD, Rule
from burgerplatform.extensions import db
from burgerplatform.initiatives import services
from burgerplatform.initiatives.models import Initiative


def current() -> Initiative:
    """The initiative of the URL, in the URL's zone (else 404), with its author joined in
    and its themes and municipalities loaded alongside. (Not joined: SQLite materialises
    the whole link table for a many-to-many outer join, ~0.4 s at 100,000 initiatives.)"""
    if "initiative" not in g:
        found = (
            db.session.scalars(
                select(Initiative)
                .where(
                    Initiative.id == (request.view_args or {})["initiative_id"],
                    Initiative.zone_id == g.zone.id,
                )
                .options(
                    joinedload(Initiative.author),
                    selectinload(Initiative.themes),
                    selectinload(Initiative.municipalities),
                )
            )
            .unique()
            .first()
        )
        if found is None:
            abort(404)
        g.initiative = found
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
