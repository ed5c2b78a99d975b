"""Proeftuinen (pilot trajectories coached by BurgersAanZet) and their discussions.

A proeftuin may belong to a zone or to none (citizen initiatives outside any ELZ). Its
meetings live in the meetings module under the space "proeftuin:<id>"; its posts are
moderated through the shared moderation module.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.accounts.models import User
from burgerplatform.core import fulltext
from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.core.markdown import keep_rendered
from burgerplatform.extensions import Model
from burgerplatform.moderation.models import ModeratedMixin
from burgerplatform.zones.models import Zone


class Visibility(LabelledEnum):
    PUBLIC = "public"
    MEMBERS_ONLY = "members_only"
    __labels__ = {
        "public": _l("Public: everyone can read along, only members write"),
        "members_only": _l("Members only: only members can see this proeftuin"),
    }


class MemberRole(LabelledEnum):
    COACH = "coach"
    MEMBER = "member"
    __labels__ = {"coach": _l("Coach"), "member": _l("Member")}


class Proeftuin(Model):
    __tablename__ = "proeftuinen"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")  # Markdown
    description_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("zones.id", ondelete="SET NULL"), index=True
    )
    visibility: Mapped[Visibility] = mapped_column(
        enum_column(Visibility, "proeftuin_visibility"), default=Visibility.PUBLIC
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    zone: Mapped[Zone | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="proeftuin", cascade="all, delete-orphan", order_by="Membership.id"
    )

    @property
    def space(self) -> str:
        return f"proeftuin:{self.id}"

    @property
    def active_memberships(self) -> list[Membership]:
        return [m for m in self.memberships if m.left_at is None]

    @property
    def coaches(self) -> list[User]:
        return [m.user for m in self.active_memberships if m.role is MemberRole.COACH]

    def membership_of(self, user) -> Membership | None:
        if not getattr(user, "is_authenticated", False):
            return None
        for m in self.memberships:
            if m.user_id == user.id and m.left_at is None:
                return m
        return None


class Membership(Model):
    __tablename__ = "proeftuin_memberships"
    __table_args__ = (UniqueConstraint("proeftuin_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proeftuin_id: Mapped[int] = mapped_column(ForeignKey("proeftuinen.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole, "proeftuin_member_role"))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    left_at: Mapped[datetime | None]
    removed_reason: Mapped[str | None] = mapped_column(Text)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Participation guidelines are shown until the member writes for the first time.
    guidelines_seen_at: Mapped[datetime | None]

    proeftuin: Mapped[Proeftuin] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Invitation(Model):
    """An invitation sent by e-mail. Only a hash of the token is stored."""

    __tablename__ = "proeftuin_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    proeftuin_id: Mapped[int] = mapped_column(
        ForeignKey("proeftuinen.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    proeftuin: Mapped[Proeftuin] = relationship()


# What the one search reads (see core.fulltext); the GIN indexes are on exactly this text.
TOPIC_SEARCH = fulltext.document(("title",), ("outcome", "outcome_easy"))
POST_SEARCH = fulltext.document((), ("body",))


class Topic(Model):
    __tablename__ = "proeftuin_topics"
    __table_args__ = (
        Index("ix_proeftuin_topics_list", "proeftuin_id", "last_post_at"),
        fulltext.search_index("ix_proeftuin_topics_search", TOPIC_SEARCH),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proeftuin_id: Mapped[int] = mapped_column(ForeignKey("proeftuinen.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Replies besides the opening post; kept here so lists need no count query.
    reply_count: Mapped[int] = mapped_column(default=0)
    pinned_at: Mapped[datetime | None]
    locked_at: Mapped[datetime | None]
    lock_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(Text)  # Markdown: what the group concluded
    outcome_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    outcome_easy: Mapped[str] = mapped_column(Text, default="")  # easy-read (Klare Taal)
    outcome_easy_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered

    proeftuin: Mapped[Proeftuin] = relationship()
    author: Mapped[User | None] = relationship()


class Post(ModeratedMixin, Model):
    """A post in a topic: the opening post, a reply, or a reply to a reply (one level)."""

    __tablename__ = "proeftuin_posts"
    __table_args__ = (fulltext.search_index("ix_proeftuin_posts_search", POST_SEARCH),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("proeftuin_topics.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("proeftuin_posts.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)  # Markdown
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]

    topic: Mapped[Topic] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])


class TopicFollow(Model):
    __tablename__ = "proeftuin_topic_follows"
    __table_args__ = (UniqueConstraint("topic_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("proeftuin_topics.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class CoachNote(Model):
    """Private notes of the coaches of a proeftuin; members never see them."""

    __tablename__ = "proeftuin_coach_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    proeftuin_id: Mapped[int] = mapped_column(
        ForeignKey("proeftuinen.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)  # Markdown
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


# Markdown is rendered when saved, never when read (see core.markdown).
keep_rendered(Proeftuin, "description")
keep_rendered(Topic, "outcome", "outcome_easy")
keep_rendered(Post, "body")
keep_rendered(CoachNote, "body")
