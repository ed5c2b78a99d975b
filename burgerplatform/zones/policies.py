"""The zone as a meetings space: the zorgraad's (and rounds') meetings."""

from __future__ import annotations

from flask import url_for

from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.extensions import db
from burgerplatform.meetings import spaces
from burgerplatform.zones.models import Role, Zone


def _zone_name(zone_id: int) -> str:
    zone = db.session.get(Zone, zone_id)
    return zone.name if zone else ""


def _zone_url(zone_id: int) -> str:
    zone = db.session.get(Zone, zone_id)
    return url_for("zones.show", zone_slug=zone.slug) if zone else "/"


spaces.register(
    "zone",
    spaces.SpacePolicy(
        can_manage=is_zone_staff,
        can_view=lambda user, zone_id: True,  # the zorgraad's meetings are public
        can_take_part=lambda user, zone_id: (
            user.is_authenticated and user.has_role(zone_id, Role.STAFF, Role.ZORGRAAD_MEMBER)
        ),
        label=_zone_name,
        url=_zone_url,
        viewable=lambda user: None,  # every zone's
    ),
)
