"""Who may publish a case of a proeftuin: its coach, or staff of its zone; who may correct
or withdraw a published case. Anyone else (another zone's staff too) finds no such page:
404."""

from __future__ import annotations

from flask import abort, g, request

from burgerplatform.core.permissions import Rule
from burgerplatform.extensions import db
from burgerplatform.library.models import Case
from burgerplatform.library.services import may_change_case, may_publish_proeftuin
from burgerplatform.proeftuinen.models import Proeftuin


def load_publishable_proeftuin(user) -> bool:
    if "case_proeftuin" not in g:
        proeftuin = db.session.get(Proeftuin, (request.view_args or {}).get("proeftuin_id"))
        if proeftuin is None or not may_publish_proeftuin(user, proeftuin):
            abort(404)
        g.case_proeftuin = proeftuin
    return True


PROEFTUIN_CASE_PUBLISHER = Rule("proeftuin_case_publisher", load_publishable_proeftuin)


def load_changeable_case(user) -> bool:
    """A published case that `user` may correct or withdraw (`services.may_change_case`);
    to anyone else there is no such page: 404, as for a case that is gone."""
    if "changeable_case" not in g:
        case = db.session.get(Case, (request.view_args or {}).get("case_id"))
        if case is None or not may_change_case(user, case):
            abort(404)
        g.changeable_case = case
    return True


CASE_EDITOR = Rule("case_editor", load_changeable_case)
