"""Initiatives' part of "My participation": what the person proposed, supported and said.

Each list is one query, whatever its length (joined with the zone for the links), and
shows the newest LIMIT rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from burgerplatform.core import signals
from burgerplatform.core.markdown import stored_excerpt
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import (
    Coauthor,
    Initiative,
    InitiativeComment,
    Status,
    Support,
)
from burgerplatform.zones.models import Zone

LIMIT = 100


@dataclass(frozen=True)
class Mine:
    initiative: Initiative
    zone_slug: str
    when: datetime
    text: str = ""
    comment_id: int | None = None

    @property
    def editable(self) -> bool:
        return self.initiative.status in (Status.DRAFT, Status.SENT_BACK)


def proposals(user) -> list[Mine]:
    coauthored = select(Coauthor.initiative_id).where(
        Coauthor.user_id == user.id, Coauthor.accepted_at.is_not(None)
    )
    rows = db.session.execute(
        select(Initiative, Zone.slug)
        .join(Zone, Zone.id == Initiative.zone_id)
        .where(or_(Initiative.author_id == user.id, Initiative.id.in_(coauthored)))
        .order_by(Initiative.created_at.desc(), Initiative.id.desc())
        .limit(LIMIT)
    )
    return [Mine(i, slug, i.created_at) for i, slug in rows]


def supports(user) -> list[Mine]:
    rows = db.session.execute(
        select(Initiative, Zone.slug, Support.created_at)
        .join(Support, Support.initiative_id == Initiative.id)
        .join(Zone, Zone.id == Initiative.zone_id)
        .where(Support.user_id == user.id)
        .order_by(Support.created_at.desc(), Support.id.desc())
        .limit(LIMIT)
    )
    return [Mine(i, slug, when) for i, slug, when in rows]


def comments(user) -> list[Mine]:
    rows = db.session.execute(
        select(Initiative, Zone.slug, InitiativeComment)
        .join(InitiativeComment, InitiativeComment.initiative_id == Initiative.id)
        .join(Zone, Zone.id == Initiative.zone_id)
        .where(InitiativeComment.author_id == user.id)
        .order_by(InitiativeComment.created_at.desc(), InitiativeComment.id.desc())
        .limit(LIMIT)
    )
    # A plain-text excerpt of the stored HTML, not the Markdown source with its ** and -.
    return [Mine(i, slug, c.created_at, stored_excerpt(c, "body"), c.id) for i, slug, c in rows]


@signals.collect_participation.connect
def initiatives_section(user, **_extra) -> tuple[int, str, dict]:
    return (
        10,
        "initiatives/_mine.html",
        {"proposals": proposals(user), "supports": supports(user), "comments": comments(user)},
    )
