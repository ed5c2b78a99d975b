"""Groups' part of "download my data" and of deleting an account."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.core import signals
from burgerplatform.core.i18n import LANGUAGE_NAMES
from burgerplatform.extensions import db
from burgerplatform.groups.models import Group, SupportRequest
from burgerplatform.groups.services import erase_contact


@signals.collect_personal_data.connect
def export_groups(user, **_extra) -> dict:
    groups = db.session.scalars(
        select(Group).where(Group.contact_id == user.id).order_by(Group.id)
    ).all()
    requests = db.session.scalars(
        select(SupportRequest).where(SupportRequest.asked_by_id == user.id)
    ).all()
    return {
        "groups_as_contact": [
            {
                "name": g.name,
                "zone": g.zone.name,
                "status": g.status.value,
                "what_it_does": g.purpose,
                "where_and_for_whom": g.audience,
                "how_to_join": g.how_to_join,
                "email": g.reach_email,
                "phone": g.reach_phone,
                "website": g.website,
                "languages": [LANGUAGE_NAMES.get(code, code) for code in g.languages],
                "other_languages": g.other_languages,
                "accessibility": g.accessibility,
                "municipalities": [m.name for m in g.municipalities],
                "consent_at": g.consent_at.isoformat() if g.consent_at else None,
                "confirmed_at": g.confirmed_at.isoformat() if g.confirmed_at else None,
            }
            for g in groups
        ],
        "group_support_requests": [
            {
                "group": r.group.name,
                "goal": r.goal,
                "people": r.people,
                "help": r.help,
                "created_at": r.created_at.isoformat(),
                "answer": r.answer,
            }
            for r in requests
        ],
    }


@signals.account_deleting.connect
def forget_contact(user, **_extra) -> None:
    """A group whose contact leaves is taken off the list (see services.erase_contact)."""
    erase_contact(user)
