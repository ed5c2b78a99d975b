"""Initiatives' part of "download my data": what the person wrote and supported."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from burgerplatform.core import signals
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import (
    Coauthor,
    Initiative,
    InitiativeComment,
    InitiativeEvent,
    Support,
)


@signals.collect_personal_data.connect
def export_initiatives(user, **_extra) -> dict:
    written = db.session.scalars(select(Initiative).where(Initiative.author_id == user.id))
    comments = db.session.scalars(
        select(InitiativeComment).where(InitiativeComment.author_id == user.id)
    )
    supported = db.session.scalars(select(Support.initiative_id).where(Support.user_id == user.id))
    return {
        "initiatives": [
            {
                "id": i.id,
                "title": i.title,
                "status": i.status.value,
                "created_at": i.created_at.isoformat(),
            }
            for i in written
        ],
        "initiative_comments": [
            {
                "initiative_id": c.initiative_id,
                "text": c.body,
                "created_at": c.created_at.isoformat(),
            }
            for c in comments
        ],
        "supported_initiatives": list(supported),
    }


@signals.account_deleting.connect
def erase_name_on_timelines(user, **_extra) -> None:
    """The public timeline names authors; a deleted author becomes a former participant."""
    if not user.display_name.strip():
        return
    own = select(Initiative.id).where(
        or_(
            Initiative.author_id == user.id,
            Initiative.id.in_(select(Coauthor.initiative_id).where(Coauthor.user_id == user.id)),
        )
    )
    db.session.execute(
        update(InitiativeEvent)
        .where(
            InitiativeEvent.initiative_id.in_(own), InitiativeEvent.actor_name == user.display_name
        )
        .values(actor_name=str(_l("Former participant")))
    )
