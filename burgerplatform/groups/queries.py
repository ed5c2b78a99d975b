"""Reading the register: what the public sees, and who may act for a group.

`listed_groups` is the one public view of the register: other modules (the site's
search) reuse it, so an entry that is waiting, hidden or removed never leaks.
"""

from __future__ import annotations

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from burgerplatform.accounts.models import User, Visitor, ZoneRole
from burgerplatform.consultations.models import Contribution, Suggestion
from burgerplatform.core.pagination import FIRST_PAGE, Cursors, Keyset, Page, keyset_page
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.core.roles import Role
from burgerplatform.extensions import db
from burgerplatform.groups.models import (
    MODERATED_GROUP,
    Group,
    GroupStatus,
    RoundGroup,
    RoundPart,
    SupportRequest,
    group_municipalities,
)
from burgerplatform.moderation.models import Report


def listed_query(
    zone_id: int | None = None, municipality_id: int | None = None, text: str = ""
) -> Select[tuple[Group]]:
    """Listed entries only (confirmed by their contact within the year, not hidden by a
    moderator), by name."""
    query = (
        select(Group)
        .where(Group.status == GroupStatus.LISTED, Group.hidden_at.is_(None))
        .options(selectinload(Group.municipalities), selectinload(Group.zone))
    )
    if zone_id is not None:
        query = query.where(Group.zone_id == zone_id)
    if municipality_id is not None:
        query = query.where(
            Group.id.in_(
                select(group_municipalities.c.group_id).where(
                    group_municipalities.c.municipality_id == municipality_id
                )
            )
        )
    words = text.strip()
    if words:
        like = f"%{words}%"
        query = query.where(
            or_(Group.name.ilike(like), Group.purpose.ilike(like), Group.audience.ilike(like))
        )
    return query


def listed_groups(
    zone_id: int | None = None,
    municipality_id: int | None = None,
    text: str = "",
    limit: int | None = None,
) -> list[Group]:
    """The public register (of one zone, or of all): for the zone's page and for search.
    Only listed entries, each with only what its contact chose to publish."""
    query = listed_query(zone_id, municipality_id, text).order_by(Group.name, Group.id)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def listed_page(
    zone_id: int, municipality_id: int | None = None, at: Cursors = FIRST_PAGE, per_page: int = 20
) -> Page[Group]:
    return keyset_page(
        listed_query(zone_id, municipality_id), Keyset.by_id(Group.id), at, per_page=per_page
    )


def is_contact(user: Visitor, group: Group) -> bool:
    return bool(
        user.is_authenticated and group.contact_id is not None and group.contact_id == user.id
    )


def is_zone_coach(user: Visitor, zone_id: int) -> bool:
    return bool(user.is_authenticated and (user.is_admin or user.has_role(zone_id, Role.COACH)))


def may_add_for_others(user: Visitor, zone_id: int) -> bool:
    """Staff and coaches of the zone add a group on its behalf (the contact confirms)."""
    return is_zone_staff(user, zone_id) or is_zone_coach(user, zone_id)


def may_see(user: Visitor, group: Group) -> bool:
    """A listed entry is public; the rest only for its contact, and the zone's staff and
    coaches (who keep the register)."""
    return group.is_listed or is_contact(user, group) or may_add_for_others(user, group.zone_id)


def shows_why_hidden(group: Group) -> bool:
    """A listing a moderator hid: everyone who follows a link to it reads that it was
    hidden and why (the reason and the moderator's explanation), as with a hidden post;
    not what it said, nor its name. An entry that was never listed, or lapsed or was
    taken off by its contact, is simply not there."""
    return group.status is GroupStatus.LISTED and group.is_hidden


def mine(user: User, zone_id: int | None = None) -> list[Group]:
    """The groups this person is the contact of (not removed ones)."""
    query = select(Group).where(Group.contact_id == user.id, Group.status != GroupStatus.REMOVED)
    if zone_id is not None:
        query = query.where(Group.zone_id == zone_id)
    return list(db.session.scalars(query.order_by(Group.name)))


def kept_by_staff(zone_id: int) -> list[Group]:
    """Entries not listed (waiting, lapsed or hidden by a moderator): the staff's and
    coaches' to follow."""
    return list(
        db.session.scalars(
            select(Group)
            .where(
                Group.zone_id == zone_id,
                or_(
                    Group.status.in_([GroupStatus.WAITING, GroupStatus.LAPSED]),
                    and_(Group.status == GroupStatus.LISTED, Group.hidden_at.is_not(None)),
                ),
            )
            .order_by(Group.name)
        )
    )


def open_reports(zone_id: int) -> list[Report]:
    """Reports on this zone's group listings that no moderator handled yet (the queue
    on the register's page for those who moderate it)."""
    return list(
        db.session.scalars(
            select(Report)
            .where(
                Report.space == f"zone:{zone_id}",
                Report.target_type == MODERATED_GROUP,
                Report.resolved_at.is_(None),
            )
            .order_by(Report.id)
        )
    )


def names_of(group_ids: set[int]) -> dict[int, str]:
    if not group_ids:
        return {}
    rows = db.session.execute(select(Group.id, Group.name).where(Group.id.in_(group_ids)))
    return {group_id: name for group_id, name in rows}


def may_moderate(user: Visitor, group: Group) -> bool:
    """The zone's staff and coaches keep the register: they hide an abusive listing.
    Another zone's staff never can."""
    return may_add_for_others(user, group.zone_id)


def zone_coaches(zone_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(ZoneRole, ZoneRole.user_id == User.id)
            .where(ZoneRole.zone_id == zone_id, ZoneRole.role == Role.COACH)
            .order_by(User.id)
        )
    )


# Rounds --------------------------------------------------------------------------------


def invitations_of_round(round_id: int) -> list[RoundGroup]:
    return list(
        db.session.scalars(
            select(RoundGroup)
            .where(RoundGroup.round_id == round_id)
            .options(selectinload(RoundGroup.group))
            .order_by(RoundGroup.id)
        )
    )


def invitation(round_id: int, group_id: int) -> RoundGroup | None:
    return db.session.scalar(
        select(RoundGroup).where(RoundGroup.round_id == round_id, RoundGroup.group_id == group_id)
    )


def invited_groups_of(round_id: int, user: Visitor) -> list[RoundGroup]:
    """The round's invitations to groups this person is the contact of (listed ones)."""
    if not user.is_authenticated:
        return []
    return list(
        db.session.scalars(
            select(RoundGroup)
            .join(Group, Group.id == RoundGroup.group_id)
            .where(
                RoundGroup.round_id == round_id,
                Group.contact_id == user.id,
                Group.status == GroupStatus.LISTED,
                Group.hidden_at.is_(None),
            )
            .options(selectinload(RoundGroup.group))
            .order_by(RoundGroup.id)
        )
    )


def took_part(round_id: int) -> list[Group]:
    """The groups that gave input or a suggestion in the round (for its public page)."""
    return list(
        db.session.scalars(
            select(Group)
            .where(
                or_(
                    Group.id.in_(
                        select(Contribution.group_id).where(Contribution.round_id == round_id)
                    ),
                    Group.id.in_(
                        select(Suggestion.group_id).where(Suggestion.round_id == round_id)
                    ),
                )
            )
            .order_by(Group.name)
        )
    )


def groups_among(*items: list[Contribution] | list[Suggestion]) -> list[Group]:
    """`took_part` from input and suggestions a page has loaded already (with their
    group): no query."""
    found = {i.group.id: i.group for rows in items for i in rows if i.group is not None}
    return sorted(found.values(), key=lambda group: group.name)


def may_speak_for_a_group(round_id: int, user: Visitor, part: RoundPart | None = None) -> bool:
    return any(part is None or i.part is part for i in invited_groups_of(round_id, user))


# Support -------------------------------------------------------------------------------


def support_requests(zone_id: int) -> list[SupportRequest]:
    return list(
        db.session.scalars(
            select(SupportRequest)
            .where(SupportRequest.zone_id == zone_id)
            .options(selectinload(SupportRequest.group))
            .order_by(SupportRequest.id.desc())
        )
    )


def support_requests_of(group: Group) -> list[SupportRequest]:
    return list(
        db.session.scalars(
            select(SupportRequest)
            .where(SupportRequest.group_id == group.id)
            .order_by(SupportRequest.id.desc())
        )
    )
