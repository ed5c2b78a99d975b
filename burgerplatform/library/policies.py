"""Who may publish a case of a proeftuin: its coach, or staff of its zone; who may correct
or withdraw a published case. Anyone else (another zone's staff too) finds no such page:
404."""

from __future__ import annotations

from flask import abort, flash, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l

from burgerplatform.core.permissions import Rule
from burgerplatform.extensions import db
from burgerplatform.library.models import Case
from burgerplatform.library.services import (
    may_change_case,
    may_publish_proeftuin,
    withdrawn_by,
)
from burgerplatform.proeftuinen.models import Proeftuin


def load_publishable_proeftuin(user) -> bool:
    if "case_proeftuin" not in g:
        proeftuin = db.session.get(Proeftuin, (request.view_args or {}).get("proeftuin_id"))
        if proeftuin is None or not may_publish_proeftuin(user, proeftuin):
            abort(404)
        g.case_proeftuin = proeftuin
    return True


PROEFTUIN_CASE_PUBLISHER = Rule("proeftuin_case_publisher", load_publishable_proeftuin)


ALREADY_WITHDRAWN = _l("This case was withdrawn already. It is no longer in the library.")


def _withdrawn_again(user, case_id) -> bool:
    return (
        request.method == "POST"
        and request.endpoint == "library.withdraw"
        and isinstance(case_id, int)
        and user.is_authenticated
        and withdrawn_by(user, case_id)
    )


def load_changeable_case(user) -> bool:
    """A published case that `user` may correct or withdraw (`services.may_change_case`);
    to anyone else there is no such page: 404, as for a case that is gone."""
    if "changeable_case" not in g:
        case_id = (request.view_args or {}).get("case_id")
        case = db.session.get(Case, case_id)
        if case is None and _withdrawn_again(user, case_id):
            # Sent twice (a double click): the first send withdrew it.
            flash(ALREADY_WITHDRAWN, "info")
            abort(redirect(url_for("library.index")))
        if case is None or not may_change_case(user, case):
            abort(404)
        g.changeable_case = case
    return True


CASE_EDITOR = Rule("case_editor", load_changeable_case)
