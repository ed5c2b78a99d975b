"""Moderation shared by every discussion: reports, hidden content, and the log.

Words are never silently deleted: a moderator hides a post with a visible reason, and
can restore it. Only personal data of third parties may be redacted, and the original
is kept for a retention period, then purged.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from burgerplatform.core.db import enum_column, utcnow
from burgerplatform.extensions import Model


class ReportReason(enum.Enum):
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    OTHER = "other"
    REVIEW_REQUEST = "review_request"  # the author asks to look again at a hidden post

    @property
    def label(self) -> str:
        return str(REPORT_REASON_LABELS[self])


REPORT_REASON_LABELS = {
    ReportReason.OFFENSIVE: _l("Offensive or hurtful"),
    ReportReason.PERSONAL_DATA: _l("Contains personal data of someone else"),
    ReportReason.SPAM: _l("Spam or advertising"),
    ReportReason.OTHER: _l("Something else"),
    ReportReason.REVIEW_REQUEST: _l("The author asks to look at it again"),
}


class HideReason(enum.Enum):
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    OTHER = "other"

    @property
    def label(self) -> str:
        return str(HIDE_REASON_LABELS[self])


HIDE_REASON_LABELS = {
    HideReason.OFFENSIVE: _l("Offensive or hurtful"),
    HideReason.PERSONAL_DATA: _l("Personal data of someone else"),
    HideReason.SPAM: _l("Spam or advertising"),
    HideReason.OFF_TOPIC: _l("Not about this topic"),
    HideReason.OTHER: _l("Another reason"),
}


class ModerationActionKind(enum.Enum):
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

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])


ACTION_LABELS = {
    ModerationActionKind.HIDE: _l("hid a post"),
    ModerationActionKind.RESTORE: _l("restored a post"),
    ModerationActionKind.REDACT: _l("removed personal data from a post"),
    ModerationActionKind.LOCK: _l("locked a topic"),
    ModerationActionKind.UNLOCK: _l("unlocked a topic"),
    ModerationActionKind.PIN: _l("pinned a topic"),
    ModerationActionKind.UNPIN: _l("unpinned a topic"),
    ModerationActionKind.CLOSE: _l("closed a topic with an outcome"),
    ModerationActionKind.REOPEN: _l("reopened a topic"),
    ModerationActionKind.DISMISS_REPORT: _l("handled a report without action"),
    ModerationActionKind.REMOVE_MEMBER: _l("removed a member"),
}


class ModeratedMixin:
    """Columns for content that can be hidden, restored and redacted (comments, posts).

    The model must also have `body` (the text) and `author_id`.
    """

    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[HideReason | None] = mapped_column(
        enum_column(HideReason, "hide_reason"), nullable=True
    )
    hidden_note: Mapped[str | None] = mapped_column(Text)
    redacted_at: Mapped[datetime | None]
    # The text before redaction, kept for the retention period only, then purged.
    redacted_original: Mapped[str | None] = mapped_column(Text)

    @declared_attr
    def hidden_by_id(cls) -> Mapped[int | None]:  # noqa: N805 - declared_attr
        return mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


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
