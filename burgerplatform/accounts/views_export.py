"""The personal data download as a page a person can read (and print or save), beside the
JSON file: the same data (accounts.services.export_data), with headings in their language
and dates written out."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from burgerplatform.accounts import bp, services
from burgerplatform.core.i18n import LANGUAGE_NAMES
from burgerplatform.core.permissions import LOGGED_IN, requires
from burgerplatform.extensions import db
from burgerplatform.zones.models import Zone

# Headings and column names of the readable version. Every key of the JSON export has a
# label here (tests/accounts/test_readable_data.py checks it); a key a module adds later
# without one is still shown, with its key as its name, and that test fails.
LABELS = {
    "notifications": _l("Notifications we sent you"),
    "meeting_attendance": _l("Meetings you said you would attend"),
    "reports": _l("Your reports to the moderators"),
    "accessibility_reports": _l("Problems with the website you reported"),
    "page": _l("Where"),
    "problem": _l("What went wrong"),
    "reply_to": _l("How to answer you"),
    "proeftuin_memberships": _l("Your proeftuinen"),
    "proeftuin_topics": _l("Your topics in proeftuinen"),
    "proeftuin_posts": _l("Your messages in proeftuinen"),
    "link": _l("Link"),
    "read_at": _l("Read on"),
    "emailed_at": _l("E-mailed on"),
    "meeting": _l("Meeting"),
    "starts_at": _l("Starts on"),
    "answered_at": _l("Answered on"),
    "about": _l("About"),
    "resolved_at": _l("Handled on"),
    "proeftuin": _l("Proeftuin"),
    "joined_at": _l("Joined on"),
    "removed_reason": _l("Reason for removal"),
    "topic_id": _l("Topic number"),
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
    "questionnaire_answers": _l("Your answers to questionnaires"),
    "sent_at": _l("Sent on"),
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
    "id": _l("Reference number"),
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
    "attendance_register": _l("Meetings where your presence was recorded"),
    "presence": _l("Presence"),
    "allowance_consent": _l("Your consent to a volunteer allowance"),
    "consent_at": _l("Agreed on"),
    "iban": _l("Bank account (IBAN)"),
    "allowance_payments": _l("Volunteer allowances paid to you"),
    "day": _l("Day"),
    "flat_rate_allowance": _l("Flat-rate allowance (EUR)"),
    "travel_costs": _l("Travel costs (EUR)"),
    "citizen_seats": _l("Your seats at the table"),
    "body": _l("Body"),
    "body_name": _l("Name of the body"),
    "chosen_by": _l("How chosen"),
    "starts_on": _l("From"),
    "ends_on": _l("Until"),
    "name_shown_publicly": _l("Name shown"),
    "groups_as_contact": _l("Groups you are the contact person of"),
    "name": _l("Name"),
    "what_it_does": _l("What does the group do?"),
    "where_and_for_whom": _l("Where and for whom?"),
    "how_to_join": _l("How can people join or reach the group?"),
    "phone": _l("Phone"),
    "website": _l("Website"),
    "languages": _l("Languages"),
    "other_languages": _l("Other languages"),
    "accessibility": _l("Accessibility"),
    "municipalities": _l("Municipalities"),
    "confirmed_at": _l("Confirmed on"),
    "group_support_requests": _l("Your groups' requests for support"),
    "group": _l("Group"),
    "goal": _l("What does the group want to achieve?"),
    "people": _l("Who is involved?"),
    "help": _l("What help do you need?"),
}


CONSENT_KIND_LABELS = {"privacy": _l("Privacy statement"), "pool": _l("Citizen pool")}


def _value_labels() -> dict[tuple[str, str], Any]:
    """(section, column) whose values are codes -> how to show a code."""
    from burgerplatform.accounts.models import MailPreference
    from burgerplatform.allowances.models import Presence
    from burgerplatform.consultations.models import ReviewKind, SeatStatus, SuggestionStatus
    from burgerplatform.core.roles import Role
    from burgerplatform.groups.models import GroupStatus
    from burgerplatform.initiatives.models import Status
    from burgerplatform.meetings.models import AttendanceAnswer
    from burgerplatform.moderation.models import ReportReason
    from burgerplatform.proeftuinen.models import MemberRole
    from burgerplatform.seats.models import Body, ChosenBy

    return {
        ("account", "language"): LANGUAGE_NAMES,
        ("account", "mail_preference"): MailPreference.labels(),
        ("consents", "kind"): CONSENT_KIND_LABELS,
        ("roles", "role"): Role.labels(),
        ("initiatives", "status"): Status.labels(),
        ("klankbordgroep_invitations", "status"): SeatStatus.labels(),
        ("question_suggestions", "status"): SuggestionStatus.labels(),
        ("advice_reviews", "kind"): ReviewKind.labels(),
        ("meeting_attendance", "answer"): AttendanceAnswer.labels(),
        ("attendance_register", "presence"): Presence.labels(),
        ("reports", "reason"): ReportReason.labels(),
        ("proeftuin_memberships", "role"): MemberRole.labels(),
        ("citizen_seats", "body"): Body.labels(),
        ("citizen_seats", "chosen_by"): ChosenBy.labels(),
        ("groups_as_contact", "status"): GroupStatus.labels(),
    }


def _zone_names() -> dict[str, str]:
    return dict(db.session.execute(select(Zone.slug, Zone.name)).tuples().all())


def _pool_answer(answer: str) -> str:
    """ "Category: value" in the reader's language (seeded labels are msgids, as on the
    pool page; labels typed by staff pass through)."""
    return ": ".join(gettext(part) for part in answer.split(": ", 1))


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
    """Sections of (heading, facts or a table) from the export's nested data; codes are
    shown with their labels, zones with their names."""
    codes = _value_labels()
    zones = _zone_names()

    def shown(section: str, key: str, value: Any) -> Any:
        if isinstance(value, str):
            if key == "zone":
                return zones.get(value, value)
            if (section, key) in codes:
                return str(codes[section, key].get(value, value))
        if section == "citizen_pool" and key == "answers" and isinstance(value, list):
            return [_pool_answer(v) for v in value]
        return _value(value)

    sections = []
    for key, part in data.items():
        section: dict[str, Any] = {"key": key, "title": _label(key)}
        if isinstance(part, dict):
            section["facts"] = [(_label(k), shown(key, k, v)) for k, v in part.items()]
        elif isinstance(part, list) and part and all(isinstance(row, dict) for row in part):
            columns = list(dict.fromkeys(k for row in part for k in row))
            section["columns"] = [_label(c) for c in columns]
            section["rows"] = [[shown(key, c, row.get(c)) for c in columns] for row in part]
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
