"""Citizens' initiatives: the draft, its authors, supports, the public timeline, comments."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.core import fulltext
from burgerplatform.core.db import utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.core.markdown import keep_rendered
from burgerplatform.extensions import Model, db
from burgerplatform.moderation.models import ModeratedMixin
from burgerplatform.zones.models import Municipality, enum_column

if TYPE_CHECKING:
    from burgerplatform.accounts.models import User
    from burgerplatform.meetings.models import Meeting


class Status(LabelledEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"  # sent by the authors, staff check it
    SENT_BACK = "sent_back"  # staff asked the authors for changes
    PUBLISHED = "published"  # collecting supports
    ON_AGENDA = "on_agenda"  # waiting for (or scheduled in) a zorgraad meeting
    ANSWERED = "answered"
    REALISED = "realised"
    CLOSED = "closed"
    __labels__ = {
        "draft": _l("Draft"),
        "in_review": _l("Being checked"),
        "sent_back": _l("Sent back for changes"),
        "published": _l("Collecting support"),
        "on_agenda": _l("On the zorgraad's agenda"),
        "answered": _l("Answered"),
        "realised": _l("Realised"),
        "closed": _l("Closed"),
    }

    @property
    def is_public(self) -> bool:
        return self in PUBLIC_STATUSES

    @property
    def is_editable(self) -> bool:
        """The authors may still change it (a draft, or sent back to them)."""
        return self in EDITABLE_STATUSES


PUBLIC_STATUSES = (
    Status.PUBLISHED,
    Status.ON_AGENDA,
    Status.ANSWERED,
    Status.REALISED,
    Status.CLOSED,
)
EDITABLE_STATUSES = (Status.DRAFT, Status.SENT_BACK)


class AnswerKind(LabelledEnum):
    ADOPTED = "adopted"
    ADOPTED_WITH_CHANGES = "adopted_with_changes"
    REFERRED = "referred"
    DECLINED = "declined"
    __labels__ = {
        "adopted": _l("Adopted"),
        "adopted_with_changes": _l("Adopted with changes"),
        "referred": _l("Referred to someone else"),
        "declined": _l("Declined"),
    }


# The default themes (initiatives.themes seeds them): key -> translated label; the stored
# name is the Dutch one (for search and CSV).
DEFAULT_THEMES = {
    "mobility": _l("Transport and getting around"),
    "informal_care": _l("Informal carers (mantelzorg)"),
    "loneliness": _l("Loneliness and meeting people"),
    "mental_health": _l("Mental health"),
    "access": _l("Finding and reaching care"),
    "home_care": _l("Living at home longer"),
    "prevention": _l("Health and prevention"),
    "other": _l("Something else"),
}


class Theme(Model):
    """A zone's list of themes; default ones carry a `key` so their name is translated."""

    __tablename__ = "initiative_themes"
    __table_args__ = (UniqueConstraint("zone_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    key: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)

    @property
    def label(self) -> str:
        from burgerplatform.core.i18n import text_of

        text = DEFAULT_THEMES.get(self.key or "")
        return text_of(text) if text is not None else self.name


initiative_theme_links = Table(
    "initiative_theme_links",
    db.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("initiative_themes.id", ondelete="CASCADE"), primary_key=True),
    # The list filters by theme: look up initiatives from the theme's side too.
    Index("ix_initiative_theme_links_theme", "theme_id", "initiative_id"),
)
initiative_municipality_links = Table(
    "initiative_municipality_links",
    db.metadata,
    Column("initiative_id", ForeignKey("initiatives.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "municipality_id", ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    ),
    Index("ix_initiative_municipality_links_municipality", "municipality_id", "initiative_id"),
)

# What the full-text search reads on PostgreSQL (Dutch and French stemming), kept in a
# stored column with a GIN index (core.fulltext.stored_document, below the model).
SEARCH_TEXT = fulltext.document(("title",), ("summary", "body"))


class Initiative(Model):
    __tablename__ = "initiatives"
    __table_args__ = (
        # Keyset pagination of the public list: one index per sort, with and without
        # a status filter, each ending in id so the order is stable.
        Index("ix_initiatives_zone_published", "zone_id", "published_at", "id"),
        Index("ix_initiatives_zone_status_published", "zone_id", "status", "published_at", "id"),
        Index("ix_initiatives_zone_supports", "zone_id", "supports_count", "id"),
        Index(
            "ix_initiatives_zone_waiting",
            "zone_id",
            text("coalesce(agenda_at, published_at, created_at)"),
            "id",
        ),
        # Overdue answers (the promise figure) and the staff work list.
        Index("ix_initiatives_zone_status_due", "zone_id", "status", "answer_due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Random per new-draft form: a double submit of that form updates, never duplicates.
    draft_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(600), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    affected: Mapped[str] = mapped_column(Text, default="")  # who is affected
    affected_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    request: Mapped[str] = mapped_column(Text, default="")  # what the zorgraad should do
    request_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    # active_history: the zone's counters (initiatives.figures) need the value replaced.
    status: Mapped[Status] = mapped_column(
        enum_column(Status, "initiative_status"), default=Status.DRAFT, active_history=True
    )
    review_message: Mapped[str] = mapped_column(Text, default="")
    supports_count: Mapped[int] = mapped_column(default=0)
    # Visible (not hidden) comments, kept in the transaction that adds, hides or restores
    # one, so lists never COUNT the comments table.
    comments_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    agenda_at: Mapped[datetime | None]
    answer_due_at: Mapped[datetime | None] = mapped_column(active_history=True)
    reminder_sent_at: Mapped[datetime | None]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime | None] = mapped_column(active_history=True)
    answer_kind: Mapped[AnswerKind | None] = mapped_column(
        enum_column(AnswerKind, "initiative_answer_kind"), nullable=True
    )
    answer_reason: Mapped[str] = mapped_column(Text, default="")
    answer_reason_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    # Easy-read version of the answer (Klare Taal), shown to citizens first.
    answer_easy: Mapped[str] = mapped_column(Text, default="")
    answer_easy_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    answer_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )
    referred_to: Mapped[str] = mapped_column(String(200), default="")
    progress_percent: Mapped[int | None]
    closed_at: Mapped[datetime | None]
    final_word: Mapped[str] = mapped_column(Text, default="")
    final_word_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    themes: Mapped[list[Theme]] = relationship(
        secondary=initiative_theme_links, order_by="Theme.position"
    )
    municipalities: Mapped[list[Municipality]] = relationship(
        secondary=initiative_municipality_links, order_by="Municipality.name"
    )
    coauthors: Mapped[list[Coauthor]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan", order_by="Coauthor.id"
    )
    events: Mapped[list[InitiativeEvent]] = relationship(
        back_populates="initiative",
        cascade="all, delete-orphan",
        order_by="(InitiativeEvent.created_at, InitiativeEvent.id)",
    )
    meeting: Mapped[Meeting | None] = relationship(foreign_keys=[meeting_id])
    answer_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[answer_meeting_id])

    @property
    def answered_on_time(self) -> bool | None:
        if self.answered_at is None or self.answer_due_at is None:
            return None
        return self.answered_at <= self.answer_due_at

    def is_overdue(self, now: datetime | None = None) -> bool:
        return (
            self.status is Status.ON_AGENDA
            and self.answer_due_at is not None
            and self.answer_due_at < (now or utcnow())
        )


# What a search matches on PostgreSQL: the stored vector of SEARCH_TEXT.
SEARCH_DOCUMENT = fulltext.stored_document(
    Initiative.__table__, "ix_initiatives_search", SEARCH_TEXT
)
# The same text on SQLite, where every word must be part of one of these.
SEARCH_COLUMNS = (Initiative.title, Initiative.summary, Initiative.body)


class Coauthor(Model):
    """An invitation to write along; `user_id` is set once accepted."""

    __tablename__ = "initiative_coauthors"
    __table_args__ = (UniqueConstraint("initiative_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    # Only the SHA-256 of the invitation token is stored; cleared once used.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    accepted_at: Mapped[datetime | None]

    initiative: Mapped[Initiative] = relationship(back_populates="coauthors")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class Support(Model):
    __tablename__ = "initiative_supports"
    __table_args__ = (UniqueConstraint("initiative_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Follow(Model):
    __tablename__ = "initiative_follows"
    __table_args__ = (UniqueConstraint("initiative_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ActorRole(LabelledEnum):
    """Who took a step on the public timeline, shown as a role (an author by name)."""

    AUTHOR = "author"
    STAFF = "staff"
    ZORGRAAD = "zorgraad"
    SYSTEM = "system"
    __labels__ = {
        "author": _l("Author"),
        "staff": _l("Zone staff"),
        "zorgraad": _l("The zorgraad"),
        "system": _l("Burgerplatform"),
    }


class InitiativeEvent(Model):
    """One dated step on the public timeline.

    Who acted is kept as a role; a name only for authors (their public display name),
    so staff and zorgraad members stay private.
    """

    __tablename__ = "initiative_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_role: Mapped[ActorRole] = mapped_column(enum_column(ActorRole, "initiative_actor_role"))
    actor_name: Mapped[str] = mapped_column(String(80), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    text_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    text_easy: Mapped[str] = mapped_column(Text, default="")  # easy-read version (Klare Taal)
    text_easy_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    # Messages between staff and authors (sending back) are not on the public timeline.
    public: Mapped[bool] = mapped_column(default=True)

    initiative: Mapped[Initiative] = relationship(back_populates="events")


class InitiativeComment(ModeratedMixin, Model):
    __tablename__ = "initiative_comments"
    __table_args__ = (
        Index("ix_initiative_comments_thread", "initiative_id", "parent_id", "id"),
        Index("ix_initiative_comments_author", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative_comments.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    initiative: Mapped[Initiative] = relationship()
    replies: Mapped[list[InitiativeComment]] = relationship(
        order_by="InitiativeComment.id", cascade="all, delete-orphan"
    )


class InitiativeFigure(Model):
    """A zone's public figures, kept up to date in the transaction that changes an
    initiative (see initiatives.figures): "status:<status>", "on_time", "late", and
    "ready" once the zone's figures were counted from the rows."""

    __tablename__ = "initiative_figures"

    zone_id: Mapped[int] = mapped_column(
        ForeignKey("zones.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(default=0)


# Markdown is rendered when saved, never when read (see core.markdown).
keep_rendered(
    Initiative, "body", "affected", "request", "answer_reason", "answer_easy", "final_word"
)
keep_rendered(InitiativeEvent, "text", "text_easy")
keep_rendered(InitiativeComment, "body")
