"""Initiatives' part of "download my data": what the person wrote and supported."""

from __future__ import annotations

from sqlalchemy import select

from burgerplatform.core import signals
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import Initiative, InitiativeComment, Support


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
