"""Writing an initiative: drafts, co-authors, and who may see or edit what.

The status workflow is in workflow.py; supports, follows and comments in participation.py.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.accounts.models import User, Visitor
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.mail import queue_mail
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.core.urls import absolute_url
from burgerplatform.extensions import db
from burgerplatform.initiatives.models import (
    EDITABLE_STATUSES,
    ActorRole,
    Coauthor,
    Follow,
    Initiative,
    InitiativeEvent,
    Status,
    Theme,
)
from burgerplatform.notifications.services import notify
from burgerplatform.zones.models import Municipality, Zone

MAX_COAUTHORS = 10


@dataclass
class DraftData:
    title: str
    summary: str = ""
    body: str = ""
    affected: str = ""
    request: str = ""
    theme_ids: list[int] = field(default_factory=list)
    municipality_ids: list[int] = field(default_factory=list)


# --- who may do what -------------------------------------------------------------------


def is_author(user: Visitor, initiative: Initiative) -> bool:
    if not user.is_authenticated:
        return False
    if initiative.author_id == user.id:
        return True
    return any(c.user_id == user.id and c.accepted_at for c in initiative.coauthors)


def can_view(user: Visitor, initiative: Initiative) -> bool:
    """Published-or-later initiatives are public; drafts only for authors and zone staff."""
    if initiative.status.is_public:
        return True
    return is_author(user, initiative) or is_zone_staff(user, initiative.zone_id)


def can_edit(user: Visitor, initiative: Initiative) -> bool:
    return initiative.status in EDITABLE_STATUSES and is_author(user, initiative)


def can_create_in(user: Visitor, zone: Zone) -> bool:
    return bool(user.is_authenticated and (user.zone_id == zone.id or is_zone_staff(user, zone.id)))


# --- drafts ----------------------------------------------------------------------------


def save_draft(
    zone: Zone,
    author: User,
    data: DraftData,
    initiative: Initiative | None = None,
    draft_key: str | None = None,
) -> Initiative:
    """Create the draft on the first save, update it afterwards.

    A repeated first save (double click, resent form) carries the same draft_key and
    so updates the draft it created instead of making a second one.
    """
    if not data.title.strip():
        raise DomainError(_l("Give your initiative a title."), field="title")
    if initiative is None and draft_key:
        initiative = db.session.scalar(select(Initiative).where(Initiative.draft_key == draft_key))
        if initiative is not None and initiative.author_id != author.id:
            initiative, draft_key = None, None  # not theirs: never touch another's draft
    if initiative is None:
        if not can_create_in(author, zone):
            raise DomainError(_l("Only citizens of this zone can start an initiative here."))
        initiative = Initiative(zone_id=zone.id, author_id=author.id, draft_key=draft_key)
        db.session.add(initiative)
    elif initiative.status not in EDITABLE_STATUSES:
        raise DomainError(_l("This initiative is no longer a draft, so it cannot be changed."))
    initiative.title = data.title.strip()
    initiative.summary = data.summary.strip()
    initiative.body = data.body
    initiative.affected = data.affected
    initiative.request = data.request
    initiative.themes = list(
        db.session.scalars(
            select(Theme).where(Theme.zone_id == zone.id, Theme.id.in_(data.theme_ids or [-1]))
        )
    )
    initiative.municipalities = list(
        db.session.scalars(
            select(Municipality).where(
                Municipality.zone_id == zone.id, Municipality.id.in_(data.municipality_ids or [-1])
            )
        )
    )
    initiative.updated_at = utcnow()
    db.session.flush()
    return initiative


def delete_draft(initiative: Initiative) -> None:
    if initiative.status is not Status.DRAFT:
        raise DomainError(_l("Only a draft that was never sent can be deleted."))
    db.session.delete(initiative)
    db.session.flush()


# --- co-authors ------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_coauthor(initiative: Initiative, inviter: User, email: str) -> tuple[Coauthor, str]:
    """Invite someone by e-mail; returns the invitation and its (only) clear token."""
    email = email.strip().lower()
    if initiative.status not in EDITABLE_STATUSES:
        raise DomainError(_l("Co-authors can only be invited while it is a draft."))
    if inviter.email == email:
        raise DomainError(_l("You are already an author."), field="email")
    if any(c.email == email for c in initiative.coauthors):
        raise DomainError(_l("This person is already invited."), field="email")
    if len(initiative.coauthors) >= MAX_COAUTHORS:
        raise DomainError(_l("An initiative can have at most 10 co-authors."), field="email")
    token = secrets.token_urlsafe(32)
    invitation = Coauthor(
        initiative=initiative, email=email, token_hash=_hash(token), invited_by_id=inviter.id
    )
    db.session.add(invitation)
    db.session.flush()
    zone = db.session.get_one(Zone, initiative.zone_id)
    link = absolute_url("initiatives.invitation", zone_slug=zone.slug, token=token)
    existing = db.session.scalar(select(User).where(User.email == email))
    locale = existing.locale if existing else inviter.locale
    queue_mail(
        email,
        _l("%(name)s invites you to write an initiative together", name=inviter.public_name),
        "initiative_invitation",
        locale=locale,
        inviter=inviter.public_name,
        title=initiative.title,
        zone=zone.name,
        link=link,
    )
    return invitation, token


def find_invitation(zone: Zone, token: str) -> Coauthor | None:
    invitation = db.session.scalar(select(Coauthor).where(Coauthor.token_hash == _hash(token)))
    if invitation is None or invitation.initiative.zone_id != zone.id:
        return None
    return invitation


def is_invited_address(invitation: Coauthor, user: User) -> bool:
    """The link alone is not enough: a forwarded mail or a shared computer must not make
    someone else a co-author. Only the account with the invited address accepts."""
    return invitation.email.strip().casefold() == (user.email or "").strip().casefold()


def masked_email(address: str) -> str:
    """Enough to recognise one's own address, not enough to learn someone else's:
    "jan@example.org" -> "j***@example.org"."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else f"{local[:1]}***"


def accept_invitation(invitation: Coauthor, user: User) -> Initiative:
    initiative = invitation.initiative
    if not is_invited_address(invitation, user):
        raise DomainError(_l("This invitation was sent to another e-mail address."))
    if is_author(user, initiative):
        raise DomainError(_l("You are already an author of this initiative."))
    if initiative.status not in EDITABLE_STATUSES:
        raise DomainError(
            _l(
                "The initiative was sent to staff, so it can no longer be changed and the "
                "invitation has ended."
            )
        )
    invitation.user_id = user.id
    invitation.accepted_at = utcnow()
    invitation.token_hash = None  # one use only
    db.session.flush()
    notify(
        authors(initiative),
        "initiative.coauthor_joined",
        {"title": initiative.title, "name": user.public_name},
        initiative_path(initiative),
        zone_id=initiative.zone_id,
        actor=user,
    )
    return initiative


def remove_coauthor(invitation: Coauthor) -> None:
    if invitation.initiative.status not in EDITABLE_STATUSES:
        raise DomainError(_l("Co-authors can only be changed while it is a draft."))
    db.session.delete(invitation)
    db.session.flush()


# --- shared helpers --------------------------------------------------------------------


def initiative_path(initiative: Initiative) -> str:
    zone = db.session.get_one(Zone, initiative.zone_id)
    return url_for("initiatives.show", zone_slug=zone.slug, initiative_id=initiative.id)


def authors(initiative: Initiative) -> list[User]:
    people = [initiative.author] if initiative.author else []
    return people + [c.user for c in initiative.coauthors if c.user and c.accepted_at]


def audience(initiative: Initiative) -> list[User]:
    """Everyone told of each step: authors, co-authors and followers. Supporting makes one
    a follower; a supporter who stopped following keeps the support but gets no message."""
    ids = select(Follow.user_id).where(Follow.initiative_id == initiative.id)
    others = list(db.session.scalars(select(User).where(User.id.in_(ids)).order_by(User.id)))
    return authors(initiative) + others


def actor_role(user: User | None, initiative: Initiative) -> ActorRole:
    if user is None:
        return ActorRole.SYSTEM
    if is_author(user, initiative):
        return ActorRole.AUTHOR
    if is_zone_staff(user, initiative.zone_id):
        return ActorRole.STAFF
    return ActorRole.ZORGRAAD


def record(
    initiative: Initiative,
    kind: str,
    actor: User | None,
    text: str = "",
    params: dict[str, Any] | None = None,
    public: bool = True,
    at: datetime | None = None,
    easy: str = "",
) -> InitiativeEvent:
    role = actor_role(actor, initiative)
    event = InitiativeEvent(
        initiative=initiative,
        kind=kind,
        actor_role=role,
        # Only authors are named, with their public display name; staff stay a role.
        actor_name=actor.public_name if role is ActorRole.AUTHOR and actor else "",
        text=text,
        text_easy=easy,
        params=params or {},
        public=public,
        created_at=at or utcnow(),
    )
    db.session.add(event)
    db.session.flush()
    return event
