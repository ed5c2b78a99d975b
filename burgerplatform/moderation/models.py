"""Moderation shared by every discussion: reports, hidden content, and the log.

Words are never silently deleted: a moderator hides a post with a visible reason, and
can restore it. Only personal data of third parties may be redacted, and the original
is kept for a retention period, then purged.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.extensions import Model


class ReportReason(LabelledEnum):
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    OTHER = "other"
    REVIEW_REQUEST = "review_request"  # the author asks to look again at a hidden post
    __labels__ = {
        "offensive": _l("Offensive or hurtful"),
        "personal_data": _l("Contains personal data of someone else"),
        "spam": _l("Spam or advertising"),
        "other": _l("Something else"),
        "review_request": _l("The author asks to look at it again"),
    }


class HideReason(LabelledEnum):
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    OTHER = "other"
    __labels__ = {
        "offensive": _l("Offensive or hurtful"),
        "personal_data": _l("Personal data of someone else"),
        "spam": _l("Spam or advertising"),
        "off_topic": _l("Not about this topic"),
        "other": _l("Another reason"),
    }


class ModerationActionKind(LabelledEnum):
    HIDE = "hide"
    RESTORE = "restore"
    REDACT = "redact"
    LOCK = "lock"
    UNLOCK = "unlock"
    PIN = "pin"
    UNPIN = "unpin"
    CLOSE = "close"
    REOPEN = "reopen"
    DISMISS_REPORT = "dismiss_report"
    REMOVE_MEMBER = "remove_member"
    __labels__ = {
        "hide": _l("hid a post"),
        "restore": _l("restored a post"),
        "redact": _l("removed personal data from a post"),
        "lock": _l("locked a topic"),
        "unlock": _l("unlocked a topic"),
        "pin": _l("pinned a topic"),
        "unpin": _l("unpinned a topic"),
        "close": _l("closed a topic with an outcome"),
        "reopen": _l("reopened a topic"),
        "dismiss_report": _l("handled a report without action"),
        "remove_member": _l("removed a member"),
    }


class HideableMixin:
    """Columns for content a moderator can hide with a visible reason and restore (a
    group's listing); `ModeratedMixin` adds redaction for texts people write."""

    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[HideReason | None] = mapped_column(
        enum_column(HideReason, "hide_reason"), nullable=True
    )
    hidden_note: Mapped[str | None] = mapped_column(Text)

    @declared_attr
    def hidden_by_id(cls) -> Mapped[int | None]:  # noqa: N805 - declared_attr
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ModeratedMixin(HideableMixin):
    """Columns for content that can be hidden, restored and redacted (comments, posts).

    The model must also have `body` (the text) and `author_id`.
    """

    redacted_at: Mapped[datetime | None]
    # The text before redaction, kept for the retention period only, then purged.
    redacted_original: Mapped[str | None] = mapped_column(Text)


class Report(Model):
    __tablename__ = "reports"
    __table_args__ = (
        Index("ix_reports_space_open", "space", "resolved_at"),
        Index("ix_reports_target", "target_type", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int]
    # Who moderates it: "zone:<id>" or "proeftuin:<id>" (see moderation.registry).
    space: Mapped[str] = mapped_column(String(40))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason, "report_reason"))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ModerationAction(Model):
    """The moderation log. `note` is private to moderators; `reason` is public."""

    __tablename__ = "moderation_actions"
    __table_args__ = (Index("ix_moderation_actions_space", "space", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    space: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int]
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[ModerationActionKind] = mapped_column(
        enum_column(ModerationActionKind, "moderation_action_kind")
    )
    reason: Mapped[str | None] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
