"""Meetings of the zorgraad, of rounds and of proeftuinen: one module for all.

A meeting lives in a *space*: "zone:<id>" (the zorgraad of a zone, or a round's group)
or "proeftuin:<id>". The space registry (meetings.spaces) says who may manage, see and
attend meetings in it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.core import fulltext
from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.core.markdown import keep_rendered
from burgerplatform.extensions import Model


class MeetingKind(LabelledEnum):
    ZORGRAAD = "zorgraad"
    ROUND = "round"
    PROEFTUIN = "proeftuin"
    __labels__ = {
        "zorgraad": _l("Zorgraad meeting"),
        "round": _l("Sounding-board group meeting"),
        "proeftuin": _l("Proeftuin meeting"),
    }


# What the one search reads (see core.fulltext); the GIN index is on exactly this text.
MEETING_SEARCH = fulltext.document(("title",), ("agenda", "location"))


class Meeting(Model):
    __tablename__ = "meetings"
    __table_args__ = (
        Index("ix_meetings_space_starts", "space", "starts_at"),
        fulltext.search_index("ix_meetings_search", MEETING_SEARCH),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Public, unguessable id for URLs and iCal UIDs.
    uid: Mapped[str] = mapped_column(String(32), unique=True, default=lambda: uuid.uuid4().hex)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "meeting_kind"))
    space: Mapped[str] = mapped_column(String(40))
    zone_id: Mapped[int | None] = mapped_column(
        ForeignKey("zones.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")  # Markdown
    agenda_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]

    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    minutes: Mapped[Minutes | None] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", uselist=False
    )


class AgendaItem(Model):
    """A point on a meeting's agenda; may be about an initiative or a round's advice."""

    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    subject_type: Mapped[str | None] = mapped_column(String(40))  # "initiative", "round"
    subject_id: Mapped[int | None]
    # A citizen invited to present the item at the table (e.g. the initiative's author).
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(back_populates="items")


class AttendanceAnswer(LabelledEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"
    __labels__ = {
        "yes": _l("I will come"),
        "no": _l("I cannot come"),
        "maybe": _l("Maybe"),
    }


class Attendance(Model):
    __tablename__ = "attendances"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    answer: Mapped[AttendanceAnswer] = mapped_column(
        enum_column(AttendanceAnswer, "attendance_answer")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MinutesStatus(LabelledEnum):
    DRAFT = "draft"
    REVIEW = "review"  # attendees may propose corrections
    FINAL = "final"
    __labels__ = {
        "draft": _l("Draft"),
        "review": _l("Open for corrections"),
        "final": _l("Final"),
    }


class Minutes(Model):
    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), unique=True
    )
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    status: Mapped[MinutesStatus] = mapped_column(
        enum_column(MinutesStatus, "minutes_status"), default=MinutesStatus.DRAFT
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_until: Mapped[datetime | None]
    opened_for_review_at: Mapped[datetime | None]
    finalised_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="minutes")
    corrections: Mapped[list[MinutesCorrection]] = relationship(
        back_populates="minutes", order_by="MinutesCorrection.id", cascade="all, delete-orphan"
    )


class CorrectionStatus(LabelledEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    ANSWERED = "answered"  # not taken over, with the writer's answer
    __labels__ = {
        "open": _l("Waiting for an answer"),
        "accepted": _l("Accepted"),
        "answered": _l("Not taken over, with an answer"),
    }


class MinutesCorrection(Model):
    __tablename__ = "minutes_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(
        ForeignKey("minutes.id", ondelete="CASCADE"), index=True
    )
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    passage: Mapped[str] = mapped_column(Text, default="")  # what the minutes say now
    suggestion: Mapped[str] = mapped_column(Text)  # what they should say
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[CorrectionStatus] = mapped_column(
        enum_column(CorrectionStatus, "correction_status"), default=CorrectionStatus.OPEN
    )
    answer: Mapped[str] = mapped_column(Text, default="")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    handled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="corrections")


# Markdown is rendered when saved, never when read (see core.markdown).
keep_rendered(Meeting, "agenda")
keep_rendered(AgendaItem, "notes")
keep_rendered(Minutes, "body")
