"""Who may publish a case of a proeftuin: its coach, or staff of its zone. Anyone else
(another zone's staff too) finds no such page: 404."""

from __future__ import annotations

from flask import abort, g, request

from burgerplatform.core.permissions import Rule
from burgerplatform.extensions import db
from burgerplatform.library.services import may_publish_proeftuin
from burgerplatform.proeftuinen.models import Proeftuin


def load_publishable_proeftuin(user) -> bool:
    if "case_proeftuin" not in g:
        proeftuin = db.session.get(Proeftuin, (request.view_args or {}).get("proeftuin_id"))
        if proeftuin is None or not may_publish_proeftuin(user, proeftuin):
            abort(404)
        g.case_proeftuin = proeftuin
    return True


PROEFTUIN_CASE_PUBLISHER = Rule("proeftuin_case_publisher", load_publishable_proeftuin)
