"""Rounds as owners of documents (background to the advice question): public as the
round's page; the staff of the round's zone add and remove them."""

from __future__ import annotations

from flask import url_for

from burgerplatform.consultations.models import Round
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.documents import owners
from burgerplatform.extensions import db


def _round(round_id: int) -> Round | None:
    return db.session.get(Round, round_id)


def _url(round_id: int) -> str:
    from burgerplatform.zones.models import Zone

    round_ = _round(round_id)
    if round_ is None:
        return "/"
    zone = db.session.get_one(Zone, round_.zone_id)
    return url_for("consultations.show", zone_slug=zone.slug, round_id=round_id)


owners.register(
    "round",
    owners.OwnerPolicy(
        can_view=lambda user, rid: _round(rid) is not None,  # the round's page is public
        can_manage=lambda user, rid: (
            (r := _round(rid)) is not None and is_zone_staff(user, r.zone_id)
        ),
        zone_id=lambda rid: r.zone_id if (r := _round(rid)) is not None else None,
        label=lambda rid: r.title if (r := _round(rid)) is not None else "",
        url=_url,
        exists=lambda rid: _round(rid) is not None,
    ),
)
