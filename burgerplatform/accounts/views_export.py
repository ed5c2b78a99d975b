"""The personal data download as a page a person can read (and print or save), beside the
JSON file: the same data (accounts.services.export_data), with headings in their language
and dates written out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.accounts import bp, services
from burgerplatform.core.permissions import LOGGED_IN, requires

# Headings and column names of the readable version; a key not listed here (a module
# that adds a part later) is still shown, with its key as its name.
LABELS = {
    "account": _l("Your account"),
    "consents": _l("Your consents"),
    "roles": _l("Your roles"),
    "initiatives": _l("Initiatives you wrote"),
    "initiative_comments": _l("Your comments on initiatives"),
    "supported_initiatives": _l("Initiatives you support (numbers)"),
    "citizen_pool": _l("Citizen pool"),
    "klankbordgroep_invitations": _l("Your invitations to a klankbordgroep"),
    "round_input": _l("Your input in rounds"),
    "question_suggestions": _l("Your suggestions for a round's question"),
    "recommendation_comments": _l("Your comments on recommendations"),
    "advice_reviews": _l("Your reviews of advice"),
    "email": _l("E-mail address"),
    "display_name": _l("Name shown to others"),
    "language": _l("Language"),
    "zone": _l("Zone"),
    "created_at": _l("Created on"),
    "email_confirmed_at": _l("E-mail address confirmed on"),
    "last_login_at": _l("Last login"),
    "mail_preference": _l("E-mail about notifications"),
    "kind": _l("Kind"),
    "version": _l("Version"),
    "given_at": _l("Given on"),
    "role": _l("Role"),
    "id": _l("Number"),
    "title": _l("Title"),
    "status": _l("Status"),
    "initiative_id": _l("Initiative number"),
    "text": _l("Text"),
    "zone_id": _l("Zone number"),
    "consent_version": _l("Consent version"),
    "consent_given_at": _l("Consent given on"),
    "left_at": _l("Left on"),
    "answers": _l("Your answers"),
    "round_id": _l("Round number"),
    "round": _l("Round"),
    "reply_by": _l("Answer before"),
    "written_at": _l("Written on"),
    "hidden_by_a_moderator": _l("Hidden by a moderator"),
    "proposal": _l("Proposal"),
    "reason": _l("Reason"),
    "answer": _l("Answer"),
    "recommendation_id": _l("Recommendation number"),
}


def _label(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ")))


def _value(value: Any) -> Any:
    """Dates as dates, yes/no in words, lists as lists; the rest as it is."""
    if isinstance(value, bool):
        return _l("yes") if value else _l("no")
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and "T" in value:
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return value
    return value


def readable(data: dict[str, Any]) -> list[dict]:
    """Sections of (heading, facts or a table) from the export's nested data."""
    sections = []
    for key, part in data.items():
        section: dict[str, Any] = {"key": key, "title": _label(key)}
        if isinstance(part, dict):
            section["facts"] = [(_label(k), _value(v)) for k, v in part.items()]
        elif isinstance(part, list) and part and all(isinstance(row, dict) for row in part):
            columns = list(dict.fromkeys(k for row in part for k in row))
            section["columns"] = [_label(c) for c in columns]
            section["rows"] = [[_value(row.get(c)) for c in columns] for row in part]
        elif isinstance(part, list):
            section["items"] = [_value(v) for v in part]
        else:
            section["facts"] = [(_label(key), _value(part))]
        sections.append(section)
    return sections


@bp.route("/account/export")
@requires(LOGGED_IN)
def export_readable():
    sections = readable(services.export_data(current_user))
    return render_template("accounts/export.html", sections=sections)
