"""Proeftuinen: who may see and coach them, membership, invitations and coach notes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import selectinload

from burgerplatform.accounts.models import Consent, User, Visitor
from burgerplatform.accounts.services import get_by_email, normalise_email
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.mail import queue_mail
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
from burgerplatform.core.urls import absolute_url
from burgerplatform.extensions import db
from burgerplatform.moderation.models import ModerationActionKind
from burgerplatform.moderation.services import log_action
from burgerplatform.notifications.services import notify
from burgerplatform.proeftuinen.models import (
    CoachNote,
    Invitation,
    MemberRole,
    Membership,
    Proeftuin,
    Visibility,
)
from burgerplatform.zones.models import Role

INVITATION_DAYS = 30


# --- Who may do what ---------------------------------------------------------------


def may_create(user: Visitor) -> bool:
    """Coaches (a coach role in any zone) and admins open proeftuinen."""
    return user.is_authenticated and (
        user.is_admin or any(r.role is Role.COACH for r in user.roles)
    )


def is_coach(user: Visitor, proeftuin: Proeftuin) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    membership = proeftuin.membership_of(user)
    return membership is not None and membership.role is MemberRole.COACH


def is_member(user: Visitor, proeftuin: Proeftuin) -> bool:
    """A current member or coach (admins count as coach everywhere)."""
    return is_coach(user, proeftuin) or proeftuin.membership_of(user) is not None


def can_see(user: Visitor, proeftuin: Proeftuin) -> bool:
    return proeftuin.visibility is Visibility.PUBLIC or is_member(user, proeftuin)


# --- Proeftuinen ---------------------------------------------------------------------


def create_proeftuin(
    creator: User, name: str, description: str, zone_id: int | None, visibility: Visibility
) -> Proeftuin:
    if not may_create(creator):
        raise DomainError(_l("Only coaches can open a proeftuin."))
    proeftuin = Proeftuin(
        name=name.strip(),
        description=description,
        zone_id=zone_id,
        visibility=visibility,
        created_by_id=creator.id,
    )
    proeftuin.memberships.append(Membership(user=creator, role=MemberRole.COACH))
    db.session.add(proeftuin)
    db.session.flush()
    return proeftuin


def update_proeftuin(
    proeftuin: Proeftuin, name: str, description: str, zone_id: int | None, visibility: Visibility
) -> None:
    proeftuin.name = name.strip()
    proeftuin.description = description
    proeftuin.zone_id = zone_id
    proeftuin.visibility = visibility
    db.session.flush()


def visible_list(user: Visitor, at: Cursors = FIRST_PAGE, per_page: int = 20) -> Page[Proeftuin]:
    """Public proeftuinen and the ones the user belongs to, newest first, by cursor."""
    query = select(Proeftuin).options(selectinload(Proeftuin.zone))
    visible = visible_ids(user)
    if visible is not None:
        query = query.where(Proeftuin.id.in_(visible))
    return keyset_page(query, Keyset.by_id(Proeftuin.id), at, per_page=per_page)


def visible_ids(user: Visitor) -> Select[tuple[int]] | None:
    """`can_see` as SQL, for lists: the ids of the proeftuinen the user may see (public
    ones and the ones they belong to), or None when they may see every one (admins)."""
    if user.is_authenticated and user.is_admin:
        return None
    mine = select(Membership.proeftuin_id).where(
        Membership.user_id == (user.id if user.is_authenticated else -1),
        Membership.left_at.is_(None),
    )
    return select(Proeftuin.id).where(
        (Proeftuin.visibility == Visibility.PUBLIC) | Proeftuin.id.in_(mine)
    )


def public_in_zone(zone_id: int, limit: int = 10) -> list[Proeftuin]:
    """The zone's public proeftuinen, newest first: what its page shows to everyone."""
    return list(
        db.session.scalars(
            select(Proeftuin)
            .where(Proeftuin.zone_id == zone_id, Proeftuin.visibility == Visibility.PUBLIC)
            .order_by(Proeftuin.id.desc())
            .limit(limit)
        )
    )


def mine(user: User, role: MemberRole | None = None) -> list[Proeftuin]:
    query = (
        select(Proeftuin)
        .join(Membership)
        .where(Membership.user_id == user.id, Membership.left_at.is_(None))
        .options(selectinload(Proeftuin.zone), selectinload(Proeftuin.memberships))
        .order_by(Proeftuin.name)
    )
    if role is not None:
        query = query.where(Membership.role == role)
    return list(db.session.scalars(query))


def members_by_role(proeftuin: Proeftuin) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.proeftuin_id == proeftuin.id, Membership.left_at.is_(None))
            .options(selectinload(Membership.user))
            .order_by(Membership.role, Membership.joined_at)
        )
    )


# --- Membership ----------------------------------------------------------------------


def join(proeftuin: Proeftuin, user: User, role: MemberRole = MemberRole.MEMBER) -> Membership:
    """Add a member, or bring back one who left (their old row is reused)."""
    existing = db.session.scalar(
        select(Membership).where(
            Membership.proeftuin_id == proeftuin.id, Membership.user_id == user.id
        )
    )
    if existing is not None and existing.left_at is None:
        if role is MemberRole.COACH:
            existing.role = MemberRole.COACH
        return existing
    if existing is None:
        existing = Membership(proeftuin=proeftuin, user=user, role=role)
        db.session.add(existing)
    else:
        existing.role = role
        existing.left_at = None
        existing.removed_reason = None
        existing.removed_by_id = None
        existing.joined_at = utcnow()
    db.session.flush()
    return existing


def leave(proeftuin: Proeftuin, user: User) -> None:
    membership = proeftuin.membership_of(user)
    if membership is None:
        raise DomainError(_l("You are not a member of this proeftuin."))
    if membership.role is MemberRole.COACH and len(proeftuin.coaches) <= 1:
        raise DomainError(_l("You are the only coach. Add another coach before you leave."))
    membership.left_at = utcnow()
    db.session.flush()


def remove_member(proeftuin: Proeftuin, membership: Membership, coach: User, reason: str) -> None:
    if membership.proeftuin_id != proeftuin.id or membership.left_at is not None:
        raise DomainError(_l("This person is not a member any more."))
    if membership.user_id == coach.id:
        raise DomainError(_l("Use “Leave this proeftuin” to leave yourself."))
    if not reason.strip():
        raise DomainError(_l("Write why you remove this member."), field="reason")
    membership.left_at = utcnow()
    membership.removed_reason = reason.strip()
    membership.removed_by_id = coach.id
    revoke_invitations(proeftuin, membership.user.email)
    log_action(
        "proeftuin_member",
        membership,
        coach,
        ModerationActionKind.REMOVE_MEMBER,
        note=reason.strip(),
        space=proeftuin.space,
    )
    notify(
        [membership.user],
        "proeftuin.removed",
        {"name": proeftuin.name, "reason": reason.strip()},
        url_for("proeftuinen.index"),
        zone_id=proeftuin.zone_id,
        actor=coach,
    )


def mark_guidelines_seen(proeftuin: Proeftuin, user: User) -> None:
    membership = proeftuin.membership_of(user)
    if membership is not None and membership.guidelines_seen_at is None:
        membership.guidelines_seen_at = utcnow()


# --- Invitations ---------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(proeftuin: Proeftuin, coach: User, email: str) -> str:
    """Invite someone by e-mail; returns the token (only its hash is stored)."""
    address = normalise_email(email)
    existing = get_by_email(address)
    if existing is not None and proeftuin.membership_of(existing) is not None:
        raise DomainError(_l("This person is already a member."), field="email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        proeftuin_id=proeftuin.id,
        email=address,
        token_hash=_hash(token),
        invited_by_id=coach.id,
        expires_at=utcnow() + timedelta(days=INVITATION_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    locale = existing.locale if existing is not None else "nl"
    link = absolute_url("proeftuinen.invitation", token=token)
    with force_locale(locale):
        subject = str(_l("Invitation to the proeftuin “%(name)s”", name=proeftuin.name))
        text = str(
            _l(
                "%(coach)s invites you to take part in the proeftuin “%(name)s” on "
                "Burgerplatform. Open the link to accept. You can create an account "
                "there if you do not have one yet. The link works for %(days)d days.",
                coach=coach.public_name,
                name=proeftuin.name,
                days=INVITATION_DAYS,
            )
        )
    greeting_name = existing.display_name if existing is not None else address
    queue_mail(
        address,
        subject,
        "notification",
        locale=locale,
        user={"display_name": greeting_name},
        text=text,
        link=link,
    )
    return token


def revoke_invitations(proeftuin: Proeftuin, email: str) -> None:
    """Removal ends every invitation to that address that was not used yet: an old link
    must not bring the person back. (Used ones are spent already.) The coach can invite
    them again on purpose."""
    db.session.execute(
        delete(Invitation).where(
            Invitation.proeftuin_id == proeftuin.id,
            Invitation.email == normalise_email(email),
            Invitation.accepted_at.is_(None),
        )
    )


def is_invited_address(invitation: Invitation, user: User) -> bool:
    """The link alone is not enough: a forwarded mail or a shared computer must not make
    someone else a member. Only the account with the invited address accepts."""
    return normalise_email(invitation.email) == normalise_email(user.email or "")


def is_used(invitation: Invitation) -> bool:
    return invitation.accepted_at is not None


def find_invitation(token: str) -> Invitation | None:
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _hash(token)))
    if invitation is None or invitation.expires_at < utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Once, by the invited address. A second press of the button by the member who
    accepted is harmless; anyone else, or the same person after they were removed or
    left, needs a new invitation."""
    if not is_invited_address(invitation, user):
        raise DomainError(_l("This invitation was sent to another e-mail address."))
    if is_used(invitation):
        current = invitation.proeftuin.membership_of(user)
        if current is not None and invitation.accepted_by_id == user.id:
            return current
        raise DomainError(_l("This invitation was already used."))
    membership = join(invitation.proeftuin, user)
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    db.session.flush()
    return membership


def create_invited_account(
    invitation: Invitation, display_name: str, password: str | None, locale: str, privacy: str
) -> User:
    """An account for the invited address. The link reached that mailbox, so the address
    counts as confirmed."""
    from werkzeug.security import generate_password_hash

    if get_by_email(invitation.email) is not None:
        raise DomainError(_l("There is already an account with this e-mail address. Log in."))
    user = User(
        email=invitation.email,
        display_name=display_name.strip(),
        password_hash=generate_password_hash(password) if password else None,
        locale=locale,
        email_confirmed_at=utcnow(),
    )
    user.consents.append(Consent(kind="privacy", version=privacy))
    db.session.add(user)
    db.session.flush()
    return user


def pending_invitations(proeftuin: Proeftuin) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.proeftuin_id == proeftuin.id,
                Invitation.accepted_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.id.desc())
        )
    )


# --- Coach notes ---------------------------------------------------------------------


def add_note(proeftuin: Proeftuin, coach: User, body: str) -> CoachNote:
    if not body.strip():
        raise DomainError(_l("Write a note first."), field="body")
    note = CoachNote(proeftuin_id=proeftuin.id, author_id=coach.id, body=body)
    db.session.add(note)
    db.session.flush()
    return note


def notes(proeftuin: Proeftuin) -> list[CoachNote]:
    return list(
        db.session.scalars(
            select(CoachNote)
            .where(CoachNote.proeftuin_id == proeftuin.id)
            .options(selectinload(CoachNote.author))
            .order_by(CoachNote.id.desc())
        )
    )


def member_count(proeftuin_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Membership.proeftuin_id, func.count(Membership.id))
        .where(Membership.proeftuin_id.in_(proeftuin_ids), Membership.left_at.is_(None))
        .group_by(Membership.proeftuin_id)
    )
    return dict(rows.tuples().all())
