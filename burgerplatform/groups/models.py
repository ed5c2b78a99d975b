"""A zone's register of existing groups (a walking club, a mantelzorg café, a
neighbourhood kitchen): what they do, for whom, and how to reach them.

A group is listed only with the consent of its contact person, who has an account: they
register it themselves, or they confirm by mail an entry that staff or a coach added for
them. Only what the contact chose to fill in is public; the contact's own account (name,
address) never is. An entry nobody confirmed for a year is hidden and the contact asked.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.accounts.models import User
from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.extensions import Model
from burgerplatform.moderation.models import HideableMixin
from burgerplatform.zones.models import Municipality, Zone

# The name of a group listing in the shared moderation (reports, the log).
MODERATED_GROUP = "group"


class GroupStatus(LabelledEnum):
    WAITING = "waiting"  # added by staff or a coach: the contact has not confirmed yet
    LISTED = "listed"
    LAPSED = "lapsed"  # nobody confirmed it for a year: hidden until the contact does
    REMOVED = "removed"  # removed by the group (kept: rounds still name it)
    __labels__ = {
        "waiting": _l("Waiting for the contact person"),
        "listed": _l("Listed"),
        "lapsed": _l("Hidden: not confirmed for a year"),
        "removed": _l("Removed"),
    }


class RoundPart(LabelledEnum):
    CO_DEFINE = "co_define"
    INPUT = "input"
    __labels__ = {
        "co_define": _l("Help shape the question"),
        "input": _l("Give input"),
    }


group_municipalities = Table(
    "group_municipalities",
    Model.metadata,
    Column("group_id", ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "municipality_id", ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    ),
)


class Group(HideableMixin, Model):
    """A moderator can hide an abusive listing with a visible reason (the shared
    moderation, `groups.moderated`): hidden, it is not public whatever its status."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # What the contact chose to publish: each field may stay empty.
    purpose: Mapped[str] = mapped_column(Text, default="")  # what the group does
    audience: Mapped[str] = mapped_column(Text, default="")  # where and for whom
    how_to_join: Mapped[str] = mapped_column(Text, default="")
    reach_email: Mapped[str] = mapped_column(String(254), default="")
    reach_phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # LANGUAGE_NAMES codes
    other_languages: Mapped[str] = mapped_column(String(200), default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[GroupStatus] = mapped_column(
        enum_column(GroupStatus, "group_status"), default=GroupStatus.WAITING
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    consent_at: Mapped[datetime | None]  # when the contact agreed to the listing
    confirmed_at: Mapped[datetime | None]  # the last time the contact said it is current
    lapsed_at: Mapped[datetime | None]
    # One open confirmation by mail: to list it, to hand it over, or after a year. Only a
    # hash of the token is stored; `confirm_by_id` is the account that must confirm.
    confirm_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    confirm_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirm_expires_at: Mapped[datetime | None]

    zone: Mapped[Zone] = relationship()
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id])
    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=group_municipalities, order_by=Municipality.name
    )

    @property
    def is_listed(self) -> bool:
        """On the public list: confirmed by its contact and not hidden by a moderator."""
        return self.status is GroupStatus.LISTED and not self.is_hidden


class RoundGroup(Model):
    """A round invited this group as a whole, to help shape the question or to give input."""

    __tablename__ = "round_groups"
    __table_args__ = (UniqueConstraint("round_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    part: Mapped[RoundPart] = mapped_column(enum_column(RoundPart, "round_group_part"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[Group] = relationship()


class SupportRequest(Model):
    """A group asks the zone's coaches for help (the intake); a coach answers, and may
    start a proeftuin from it."""

    __tablename__ = "group_support_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    goal: Mapped[str] = mapped_column(Text)  # what they want to achieve
    people: Mapped[str] = mapped_column(Text, default="")  # who is involved
    help: Mapped[str] = mapped_column(Text)  # what help they need
    # Addresses of members to invite when a proeftuin is started (one a line, optional).
    invite_emails: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None]
    proeftuin_id: Mapped[int | None] = mapped_column(
        ForeignKey("proeftuinen.id", ondelete="SET NULL")
    )

    group: Mapped[Group] = relationship()
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
