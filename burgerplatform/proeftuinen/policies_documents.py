"""Proeftuinen as owners of documents: seen by whoever sees the proeftuin (a members-only
one's files do not exist for others), added and removed by its coaches."""

from __future__ import annotations

from flask import url_for

from burgerplatform.documents import owners
from burgerplatform.extensions import db
from burgerplatform.proeftuinen.models import Proeftuin
from burgerplatform.proeftuinen.services import can_see, is_coach


def _proeftuin(proeftuin_id: int) -> Proeftuin | None:
    return db.session.get(Proeftuin, proeftuin_id)


owners.register(
    "proeftuin",
    owners.OwnerPolicy(
        can_view=lambda user, pid: (p := _proeftuin(pid)) is not None and can_see(user, p),
        can_manage=lambda user, pid: (p := _proeftuin(pid)) is not None and is_coach(user, p),
        zone_id=lambda pid: p.zone_id if (p := _proeftuin(pid)) is not None else None,
        label=lambda pid: p.name if (p := _proeftuin(pid)) is not None else "",
        url=lambda pid: url_for("proeftuinen.show", proeftuin_id=pid),
        exists=lambda pid: _proeftuin(pid) is not None,
    ),
)
