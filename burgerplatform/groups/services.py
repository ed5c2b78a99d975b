"""The register's rules: listing with consent, confirming by mail, the yearly check,
a group's part in a round, and its request for a coach's support."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.accounts.services import get_by_email, normalise_email
from burgerplatform.consultations.models import Contribution, Phase, Round, Suggestion
from burgerplatform.consultations.services import contribute, round_url, suggest
from burgerplatform.core import jobs
from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError
from burgerplatform.core.i18n import LANGUAGE_NAMES
from burgerplatform.core.mail import queue_mail
from burgerplatform.core.urls import absolute_url
from burgerplatform.extensions import db
from burgerplatform.groups.models import Group, GroupStatus, RoundGroup, RoundPart, SupportRequest
from burgerplatform.groups.queries import (
    invitation,
    is_contact,
    is_zone_coach,
    may_add_for_others,
    zone_coaches,
)
from burgerplatform.notifications.kinds import register
from burgerplatform.notifications.services import notify
from burgerplatform.proeftuinen.models import Proeftuin, Visibility
from burgerplatform.proeftuinen.services import create_proeftuin, invite, join
from burgerplatform.zones.models import Municipality, Zone

# An entry nobody confirmed for this long is hidden, and its contact asked.
CONFIRM_EVERY_DAYS = 365
# A confirmation link works this long.
LINK_DAYS = 30

CONSENT_NEEDED = _l("We list a group only when its contact person agrees. Tick the box to agree.")

register("group.invited", _l("Your group “%(group)s” is invited to the round “%(title)s”."))
register("group.support_asked", _l("The group “%(group)s” asks a coach for support."))
register("group.support_answered", _l("A coach answered the request of “%(group)s”."))


@dataclass
class Entry:
    """What the contact chose to publish about their group."""

    name: str
    purpose: str = ""
    audience: str = ""
    how_to_join: str = ""
    reach_email: str = ""
    reach_phone: str = ""
    website: str = ""
    languages: list[str] = field(default_factory=list)
    other_languages: str = ""
    accessibility: str = ""
    municipality_ids: list[int] = field(default_factory=list)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fill(group: Group, entry: Entry, zone_id: int) -> None:
    if not entry.name.strip():
        raise DomainError(_l("Fill in the name of the group."), field="name")
    unknown = [code for code in entry.languages if code not in LANGUAGE_NAMES]
    if unknown:
        raise DomainError(_l("Choose languages from the list."), field="languages")
    places = list(
        db.session.scalars(
            select(Municipality).where(
                Municipality.id.in_(entry.municipality_ids or [-1]),
                Municipality.zone_id == zone_id,
            )
        )
    )
    if len(places) != len(set(entry.municipality_ids)):
        raise DomainError(_l("Choose municipalities of this zone."), field="municipalities")
    group.name = entry.name.strip()
    group.purpose = entry.purpose.strip()
    group.audience = entry.audience.strip()
    group.how_to_join = entry.how_to_join.strip()
    group.reach_email = entry.reach_email.strip()
    group.reach_phone = entry.reach_phone.strip()
    group.website = entry.website.strip()
    group.languages = sorted(set(entry.languages))
    group.other_languages = entry.other_languages.strip()
    group.accessibility = entry.accessibility.strip()
    group.municipalities = places


# Listing -------------------------------------------------------------------------------


def register_group(zone: Zone, contact: User, entry: Entry, consent: bool) -> Group:
    """The contact lists their own group: with their consent, listed at once."""
    if not consent:
        raise DomainError(CONSENT_NEEDED, field="consent")
    now = utcnow()
    group = Group(
        zone_id=zone.id,
        contact_id=contact.id,
        added_by_id=contact.id,
        status=GroupStatus.LISTED,
        consent_at=now,
        confirmed_at=now,
    )
    _fill(group, entry, zone.id)
    db.session.add(group)
    db.session.flush()
    return group


def add_for_group(zone: Zone, actor: User, entry: Entry, contact_email: str) -> Group:
    """Staff or a coach add a group on its behalf. It waits, unlisted, until the contact
    person (who has an account) confirms by the link we mail them."""
    if not may_add_for_others(actor, zone.id):
        raise DomainError(_l("Only the zone's staff and coaches can add a group for someone."))
    contact = get_by_email(normalise_email(contact_email))
    if contact is None or contact.deleted_at is not None:
        raise DomainError(
            _l(
                "Nobody has an account with this e-mail address. The contact person makes "
                "an account first."
            ),
            field="contact_email",
        )
    group = Group(
        zone_id=zone.id, contact_id=contact.id, added_by_id=actor.id, status=GroupStatus.WAITING
    )
    _fill(group, entry, zone.id)
    db.session.add(group)
    db.session.flush()
    _ask_to_confirm(
        group,
        contact,
        _l("Please confirm the group “%(name)s”", name=group.name),
        _l(
            "%(actor)s added your group “%(name)s” to the list of groups of %(zone)s. "
            "We show it only if you agree. Open the link to check it and confirm. "
            "The link works for %(days)d days.",
            actor=actor.public_name,
            name=group.name,
            zone=zone.name,
            days=LINK_DAYS,
        ),
    )
    return group


def _ask_to_confirm(group: Group, person: User, subject: Any, text: Any) -> str:
    """A new link for `person` to confirm the entry (an older link stops working)."""
    token = secrets.token_urlsafe(32)
    group.confirm_token_hash = _hash(token)
    group.confirm_by_id = person.id
    group.confirm_expires_at = utcnow() + timedelta(days=LINK_DAYS)
    db.session.flush()
    link = absolute_url("groups.confirm", zone_slug=group.zone.slug, group_id=group.id, token=token)
    with force_locale(person.locale):
        queue_mail(
            person.email,
            str(subject),
            "notification",
            locale=person.locale,
            user=person,
            text=str(text),
            link=link,
        )
    return token


def link_problem(group: Group, token: str, user: User) -> Any:
    """Why this link does not confirm `group` for `user`, or None: a link works for its
    own group only, for the account it was sent to, once, for LINK_DAYS days."""
    if (
        group.confirm_token_hash is None
        or not secrets.compare_digest(group.confirm_token_hash, _hash(token))
        or group.confirm_expires_at is None
        or group.confirm_expires_at < utcnow()
    ):
        return _l("This link does not work (any more). Ask for a new one.")
    if group.confirm_by_id != user.id:
        return _l("This link was sent to another account. Log in with that one.")
    return None


def check_token(group: Group, token: str, user: User) -> None:
    problem = link_problem(group, token, user)
    if problem is not None:
        raise DomainError(problem)


def confirm(group: Group, token: str, user: User) -> None:
    """The contact agrees: the entry is listed (again), or handed over to them."""
    check_token(group, token, user)
    if group.status is GroupStatus.REMOVED:
        raise DomainError(_l("This group was removed from the list."))
    now = utcnow()
    group.contact_id = user.id
    group.status = GroupStatus.LISTED
    group.consent_at = now
    group.confirmed_at = now
    group.lapsed_at = None
    group.confirm_token_hash = group.confirm_by_id = group.confirm_expires_at = None
    db.session.flush()


def decline(group: Group, token: str, user: User) -> None:
    """The person the link was sent to does not agree. Asked to list the entry (or to
    list it again): it leaves the list and its details go, so nothing is public. Asked
    to take it over: the group stays as it is, with its contact."""
    check_token(group, token, user)
    if group.contact_id == user.id and group.status is not GroupStatus.LISTED:
        _forget(group)
        return
    group.confirm_token_hash = group.confirm_by_id = group.confirm_expires_at = None
    db.session.flush()


def update_group(group: Group, contact: User, entry: Entry) -> None:
    """Only the contact changes the entry; saving it counts as confirming it."""
    if not is_contact(contact, group):
        raise DomainError(_l("Only the contact person of the group can change it."))
    if group.status is GroupStatus.REMOVED:
        raise DomainError(_l("This group was removed from the list."))
    _fill(group, entry, group.zone_id)
    _confirmed(group)


def may_say_still_current(group: Group) -> bool:
    """Whether "Everything is still right" keeps the entry on the list for another year:
    only for an entry that is listed (or lapsed) and that no moderator hid. A hidden entry
    stays hidden until the staff restore it, whatever its contact says; a waiting one
    is listed by the link we mailed."""
    return group.status in (GroupStatus.LISTED, GroupStatus.LAPSED) and not group.is_hidden


def still_current(group: Group, contact: User) -> None:
    """The contact says the entry is still right: listed for another year."""
    if not is_contact(contact, group):
        raise DomainError(_l("Only the contact person of the group can change it."))
    if group.status is GroupStatus.REMOVED:
        raise DomainError(_l("This group was removed from the list."))
    if group.is_hidden:
        raise DomainError(
            _l(
                "A moderator hid this group. It stays hidden until the staff show it again, "
                "also when you confirm it."
            )
        )
    if group.status is GroupStatus.WAITING:
        raise DomainError(
            _l("The group is not on the list yet: confirm it with the link we mailed you.")
        )
    _confirmed(group)


def _confirmed(group: Group) -> None:
    """The contact said (or showed by saving it) that the entry is right: its year starts
    again, and a lapsed entry is listed again. A waiting one waits for its link; a hidden
    one stays hidden (the staff restore it)."""
    if group.status is not GroupStatus.WAITING:
        group.status = GroupStatus.LISTED
        group.confirmed_at = utcnow()
        group.lapsed_at = None
    db.session.flush()


def remove(group: Group, contact: User) -> None:
    """Off the list. Rounds it took part in still name it; its contact details go."""
    if not is_contact(contact, group):
        raise DomainError(_l("Only the contact person of the group can change it."))
    _forget(group)


def _forget(group: Group) -> None:
    group.status = GroupStatus.REMOVED
    group.reach_email = group.reach_phone = group.website = group.how_to_join = ""
    group.contact_id = None
    group.confirm_token_hash = group.confirm_by_id = group.confirm_expires_at = None
    db.session.flush()


def hand_over(group: Group, contact: User, new_email: str) -> str:
    """Another account becomes the contact person once they confirm by mail (returns
    the link's token: only its hash is stored)."""
    if not is_contact(contact, group):
        raise DomainError(_l("Only the contact person of the group can change it."))
    person = get_by_email(normalise_email(new_email))
    if person is None or person.deleted_at is not None:
        raise DomainError(
            _l(
                "Nobody has an account with this e-mail address. The contact person makes "
                "an account first."
            ),
            field="email",
        )
    if person.id == contact.id:
        raise DomainError(_l("You are the contact person already."), field="email")
    return _ask_to_confirm(
        group,
        person,
        _l("Will you be the contact person of “%(name)s”?", name=group.name),
        _l(
            "%(actor)s asks you to be the contact person of the group “%(name)s” on "
            "Burgerplatform. Open the link to check the group and agree. "
            "The link works for %(days)d days.",
            actor=contact.public_name,
            name=group.name,
            days=LINK_DAYS,
        ),
    )


def erase_contact(user: User) -> None:
    """The contact deletes their account: their groups leave the list (nobody could
    answer for them), unless they handed them over first."""
    for group in db.session.scalars(select(Group).where(Group.contact_id == user.id)):
        _forget(group)
    for group in db.session.scalars(select(Group).where(Group.confirm_by_id == user.id)):
        group.confirm_token_hash = group.confirm_by_id = group.confirm_expires_at = None
    # A group may have named the person as a member to invite: the address goes.
    address = normalise_email(user.email or "")
    if address:
        named = select(SupportRequest).where(SupportRequest.invite_emails.ilike(f"%{address}%"))
        for request in db.session.scalars(named):
            request.invite_emails = "\n".join(
                line for line in request.invite_emails.splitlines() if line != address
            )
    db.session.flush()


# The yearly check -----------------------------------------------------------------------


def lapse_unconfirmed(now: datetime | None = None) -> int:
    """Hide every listed entry nobody confirmed for a year, and ask its contact."""
    now = now or utcnow()
    cutoff = now - timedelta(days=CONFIRM_EVERY_DAYS)
    stale = list(
        db.session.scalars(
            select(Group).where(Group.status == GroupStatus.LISTED, Group.confirmed_at < cutoff)
        )
    )
    for group in stale:
        group.status = GroupStatus.LAPSED
        group.lapsed_at = now
        if group.contact is not None and group.contact.deleted_at is None:
            _ask_to_confirm(
                group,
                group.contact,
                _l("Is “%(name)s” still active?", name=group.name),
                _l(
                    "Nobody confirmed the group “%(name)s” for a year, so we no longer show "
                    "it. Is it still active? Open the link, check it and confirm. Then we "
                    "show it again.",
                    name=group.name,
                ),
            )
    db.session.flush()
    return len(stale)


@jobs.handler("lapse_unconfirmed_groups")
def lapse_job(job: jobs.Job) -> dict[str, Any]:
    hidden = lapse_unconfirmed()
    schedule_next_lapse_check()
    return {"hidden": hidden}


def schedule_next_lapse_check() -> None:
    """Once a day (scheduled by the worker)."""
    jobs.ensure_scheduled("lapse_unconfirmed_groups", utcnow() + timedelta(days=1))


# Rounds ---------------------------------------------------------------------------------


def invite_to_round(round_: Round, group: Group, part: RoundPart, staff: User) -> RoundGroup:
    """The round invites the group as a whole; its contact person is told."""
    round_.refuse_if_cancelled()
    if group.zone_id != round_.zone_id or not group.is_listed:
        raise DomainError(_l("Choose a listed group of this zone."), field="group")
    if part is RoundPart.CO_DEFINE and round_.phase is not Phase.CO_DEFINE:
        raise DomainError(_l("The question is fixed already. Invite the group to give input."))
    if round_.phase not in (Phase.CO_DEFINE, Phase.GATHER):
        raise DomainError(_l("This round no longer gathers input."))
    existing = invitation(round_.id, group.id)
    if existing is not None:
        raise DomainError(_l("This group is invited already."), field="group")
    item = RoundGroup(round_id=round_.id, group_id=group.id, part=part, invited_by_id=staff.id)
    db.session.add(item)
    db.session.flush()
    notify(
        [group.contact] if group.contact else [],
        "group.invited",
        {"group": group.name, "title": round_.title},
        round_url(round_),
        round_.zone_id,
        actor=staff,
    )
    return item


def invite_by_id(round_: Round, group_id: int, part: RoundPart, staff: User) -> RoundGroup:
    """`invite_to_round` with the group chosen in a form (a listed group of the zone)."""
    group = db.session.get(Group, group_id)
    if group is None or group.zone_id != round_.zone_id:
        raise DomainError(_l("Choose a listed group of this zone."), field="group")
    return invite_to_round(round_, group, part, staff)


def _speaking_for(round_: Round, group: Group, user: User) -> RoundGroup:
    item = invitation(round_.id, group.id)
    if item is None or group.zone_id != round_.zone_id:
        raise DomainError(_l("This round did not invite this group."))
    if not is_contact(user, group) or not group.is_listed:
        raise DomainError(_l("Only the contact person of the group can speak for it."))
    return item


def give_input(round_: Round, group: Group, user: User, body: str) -> Contribution:
    """Input on behalf of the group, shown as coming from it."""
    _speaking_for(round_, group, user)
    item = contribute(round_, user, body, may_gather=True)
    item.group_id = group.id
    db.session.flush()
    return item


def suggest_question(
    round_: Round, group: Group, user: User, proposal: str, reason: str
) -> Suggestion:
    """A wording of the question on behalf of a group invited to help shape it."""
    if _speaking_for(round_, group, user).part is not RoundPart.CO_DEFINE:
        raise DomainError(_l("This group was invited to give input, not to shape the question."))
    item = suggest(round_, user, proposal, reason)
    item.group_id = group.id
    db.session.flush()
    return item


# Support from a coach --------------------------------------------------------------------


def ask_support(
    group: Group, user: User, goal: str, people: str, help_: str, invite_emails: str = ""
) -> SupportRequest:
    if not is_contact(user, group) or group.status is GroupStatus.REMOVED:
        raise DomainError(_l("Only the contact person of the group can ask for support."))
    if not goal.strip():
        raise DomainError(_l("Say what the group wants to achieve."), field="goal")
    if not help_.strip():
        raise DomainError(_l("Say what help the group needs."), field="help")
    addresses = _addresses(invite_emails)
    request = SupportRequest(
        zone_id=group.zone_id,
        group_id=group.id,
        asked_by_id=user.id,
        goal=goal.strip(),
        people=people.strip(),
        help=help_.strip(),
        invite_emails="\n".join(addresses),
    )
    db.session.add(request)
    db.session.flush()
    notify(
        zone_coaches(group.zone_id),
        "group.support_asked",
        {"group": group.name},
        url_for("groups.support", zone_slug=group.zone.slug, request_id=request.id),
        group.zone_id,
        actor=user,
    )
    return request


def _addresses(text: str) -> list[str]:
    found: list[str] = []
    for raw in text.replace(",", "\n").replace(";", "\n").splitlines():
        address = raw.strip()
        if not address:
            continue
        if "@" not in address or " " in address or len(address) > 254:
            raise DomainError(
                _l("“%(address)s” is not an e-mail address.", address=address),
                field="invite_emails",
            )
        if normalise_email(address) not in found:
            found.append(normalise_email(address))
    return found


def answer_support(request: SupportRequest, coach: User, answer: str) -> None:
    if not is_zone_coach(coach, request.zone_id):
        raise DomainError(_l("Only the zone's coaches answer requests for support."))
    if not answer.strip():
        raise DomainError(_l("Write an answer first."), field="answer")
    request.answer = answer.strip()
    request.answered_by_id = coach.id
    request.answered_at = utcnow()
    db.session.flush()
    group = request.group
    notify(
        [group.contact] if group.contact else [],
        "group.support_answered",
        {"group": group.name},
        url_for("groups.support", zone_slug=group.zone.slug, request_id=request.id),
        request.zone_id,
        actor=coach,
    )


def start_proeftuin(request: SupportRequest, coach: User, name: str, description: str) -> Proeftuin:
    """A proeftuin from the request: the coach coaches it, the group's contact is a
    member, and the members the group named are invited by mail."""
    if not is_zone_coach(coach, request.zone_id):
        raise DomainError(_l("Only the zone's coaches answer requests for support."))
    if request.proeftuin_id is not None:
        raise DomainError(_l("A proeftuin was started from this request already."))
    proeftuin = create_proeftuin(
        coach, name or request.group.name, description, request.zone_id, Visibility.MEMBERS_ONLY
    )
    contact = request.group.contact
    if contact is not None and contact.id != coach.id:
        join(proeftuin, contact)
    for address in request.invite_emails.splitlines():
        person = get_by_email(address)
        if person is not None and proeftuin.membership_of(person) is not None:
            continue
        invite(proeftuin, coach, address)
    request.proeftuin_id = proeftuin.id
    if not request.answered_at:
        request.answered_by_id = coach.id
        request.answered_at = utcnow()
    db.session.flush()
    return proeftuin
