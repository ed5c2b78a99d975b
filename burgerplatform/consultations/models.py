"""Rounds, their klankbordgroep draw and the advice written together (pool: pool_models)."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.accounts.models import User
from burgerplatform.consultations.pool_models import (  # noqa: F401 - all models here
    PoolAnswer,
    PoolCategory,
    PoolMember,
    PoolValue,
)
from burgerplatform.core.db import TimestampMixin
from burgerplatform.core.markdown import keep_rendered
from burgerplatform.extensions import db
from burgerplatform.moderation.models import ModeratedMixin
from burgerplatform.zones.models import enum_column


class Phase(enum.Enum):
    CO_DEFINE = "co_define"
    GATHER = "gather"
    CO_DRAFT = "co_draft"
    REVIEW = "review"
    SUBMITTED = "submitted"
    FOLLOW_UP = "follow_up"

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[self])

    @property
    def explanation(self) -> str:
        return str(PHASE_EXPLANATIONS[self])


PHASES = list(Phase)
PHASE_LABELS = {
    Phase.CO_DEFINE: _l("Shaping the question"),
    Phase.GATHER: _l("Gathering input"),
    Phase.CO_DRAFT: _l("Writing the advice together"),
    Phase.REVIEW: _l("Checking the advice"),
    Phase.SUBMITTED: _l("With the zorgraad"),
    Phase.FOLLOW_UP: _l("Answer and follow-up"),
}
PHASE_EXPLANATIONS = {
    Phase.CO_DEFINE: _l(
        "The staff wrote a first version of the question. The klankbordgroep says what "
        "is missing or unclear, so that we ask the right question."
    ),
    Phase.GATHER: _l(
        "Everyone who may take part shares ideas and experiences. Staff also write down "
        "what people said on paper or at events."
    ),
    Phase.CO_DRAFT: _l(
        "The klankbordgroep writes the advice: a short list of recommendations. Each "
        "recommendation shows which input it came from."
    ),
    Phase.REVIEW: _l(
        "Each member of the klankbordgroep checks that the advice says what was said, "
        "or asks for a correction."
    ),
    Phase.SUBMITTED: _l("The advice is on the agenda of a zorgraad meeting."),
    Phase.FOLLOW_UP: _l(
        "The zorgraad answered each recommendation. Here you can follow what happens next."
    ),
}


class Round(TimestampMixin, db.Model):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    question_draft: Mapped[str] = mapped_column(Text)
    question_final: Mapped[str | None] = mapped_column(Text)
    co_defined: Mapped[bool] = mapped_column(default=False)
    background: Mapped[str] = mapped_column(Text, default="")
    background_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    asked_by: Mapped[str] = mapped_column(String(200), default="")
    deadline: Mapped[date | None]
    open_to_all: Mapped[bool] = mapped_column(default=False)
    phase: Mapped[Phase] = mapped_column(enum_column(Phase, "round_phase"), default=Phase.CO_DEFINE)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The klankbordgroep: size, rotation rule; quotas are rows.
    group_size: Mapped[int] = mapped_column(default=12)
    rotation_rounds: Mapped[int] = mapped_column(default=2)
    rotation_months: Mapped[int] = mapped_column(default=0)
    rotation_fallback: Mapped[bool] = mapped_column(default=True)
    reply_days: Mapped[int] = mapped_column(default=10)
    submitted_at: Mapped[datetime | None]

    created_by: Mapped[User | None] = relationship()
    quotas: Mapped[list[Quota]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Quota.id"
    )
    seats: Mapped[list[Seat]] = relationship(
        back_populates="round", cascade="all, delete-orphan", order_by="Seat.id"
    )

    @property
    def question(self) -> str:
        return self.question_final or self.question_draft

    @property
    def phase_index(self) -> int:
        return PHASES.index(self.phase)


class Quota(db.Model):
    __tablename__ = "round_quotas"
    __table_args__ = (UniqueConstraint("round_id", "value_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("pool_values.id", ondelete="CASCADE"))
    min: Mapped[int] = mapped_column(default=0)
    max: Mapped[int] = mapped_column(default=0)

    round: Mapped[Round] = relationship(back_populates="quotas")
    value: Mapped[PoolValue] = relationship()


class DrawStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return str(DRAW_STATUS_LABELS[self])


DRAW_STATUS_LABELS = {
    DrawStatus.QUEUED: _l("waiting to start"),
    DrawStatus.RUNNING: _l("being drawn"),
    DrawStatus.DONE: _l("finished"),
    DrawStatus.FAILED: _l("failed"),
}


class DrawRecord(TimestampMixin, db.Model):
    """The audit record: enough to replay the draw and get the same group."""

    __tablename__ = "draw_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    status: Mapped[DrawStatus] = mapped_column(
        enum_column(DrawStatus, "draw_status"), default=DrawStatus.QUEUED
    )
    seed: Mapped[int] = mapped_column(default=0)
    group_size: Mapped[int] = mapped_column(default=0)
    pool_hash: Mapped[str] = mapped_column(String(64), default="")
    pool_size: Mapped[int] = mapped_column(default=0)
    quotas: Mapped[list] = mapped_column(JSON, default=list)
    rotation: Mapped[dict] = mapped_column(JSON, default=dict)
    algorithm: Mapped[str] = mapped_column(String(80), default="")
    probabilities: Mapped[dict] = mapped_column(JSON, default=dict)
    # Pseudonymous ids per answer profile, and the distribution over compositions
    # ([[profile index, seats], ...], probability) the group was picked from.
    profiles: Mapped[list] = mapped_column(JSON, default=list)
    distribution: Mapped[list] = mapped_column(JSON, default=list)
    selected: Mapped[list] = mapped_column(JSON, default=list)
    left_out: Mapped[list] = mapped_column(JSON, default=list)
    # Pool members not in the draw because they have not agreed to the current consent
    # text yet (pool.POOL_CONSENT_VERSION): counted, never named.
    left_out_consent: Mapped[int] = mapped_column(default=0)
    replacements: Mapped[list] = mapped_column(JSON, default=list)
    # Why a draw failed, untranslated (the English text and its values): the worker has no
    # reader's language, so each reader sees it in theirs (`error_message`).
    error: Mapped[str | None] = mapped_column(Text)
    error_params: Mapped[dict] = mapped_column(JSON, default=dict)
    finished_at: Mapped[datetime | None]

    @property
    def error_message(self) -> str | None:
        return gettext(self.error, **self.error_params) if self.error else None

    @property
    def algorithm_text(self) -> str:
        """The stored record names the method in English (the worker has no reader's
        language); each reader sees the method's name in theirs, the software as is."""
        from burgerplatform.consultations.sortition import ALGORITHM

        if self.algorithm.startswith(ALGORITHM):
            return gettext("maximin over answer profiles") + self.algorithm[len(ALGORITHM) :]
        return self.algorithm

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values()) if self.probabilities else 0.0


class SeatStatus(enum.Enum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"


class Seat(TimestampMixin, db.Model):
    """An invitation to the klankbordgroep of a round; accepted, it is a seat."""

    __tablename__ = "seats"
    __table_args__ = (UniqueConstraint("round_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("pool_members.id", ondelete="CASCADE"))
    status: Mapped[SeatStatus] = mapped_column(
        enum_column(SeatStatus, "seat_status"), default=SeatStatus.INVITED
    )
    reply_by: Mapped[datetime]
    answered_at: Mapped[datetime | None]
    replacement: Mapped[bool] = mapped_column(default=False)

    round: Mapped[Round] = relationship(back_populates="seats")
    member: Mapped[PoolMember] = relationship()


class SuggestionStatus(enum.Enum):
    OPEN = "open"
    ACCEPTED = "accepted"
    ANSWERED = "answered"


class Suggestion(TimestampMixin, db.Model):
    """A member's proposal to change the draft question (co-define)."""

    __tablename__ = "round_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    proposal: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="")
    reason_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    status: Mapped[SuggestionStatus] = mapped_column(
        enum_column(SuggestionStatus, "suggestion_status"), default=SuggestionStatus.OPEN
    )
    answer: Mapped[str] = mapped_column(Text, default="")

    author: Mapped[User | None] = relationship()


class ContactMethod(enum.Enum):
    NONE = "none"
    EMAIL = "email"
    PHONE = "phone"
    POST = "post"

    @property
    def label(self) -> str:
        return str(CONTACT_LABELS[self])


CONTACT_LABELS = {
    ContactMethod.NONE: _l("Does not want to be contacted"),
    ContactMethod.EMAIL: _l("By e-mail"),
    ContactMethod.PHONE: _l("By phone"),
    ContactMethod.POST: _l("By post (letter)"),
}

recommendation_sources = Table(
    "recommendation_sources",
    db.metadata,
    Column(
        "recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("contribution_id", ForeignKey("contributions.id", ondelete="CASCADE"), primary_key=True),
)


# The names a round's input and its recommendations' comments carry in the shared
# moderation (Report.target_type); consultations.moderated registers them.
MODERATED_CONTRIBUTION = "round_contribution"
MODERATED_COMMENT = "recommendation_comment"


class Contribution(ModeratedMixin, TimestampMixin, db.Model):
    """Input to a round; staff can hide it with a visible reason (consultations.moderated)."""

    __tablename__ = "contributions"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    # Gathered offline and typed in by staff: where it came from, and how to reach back.
    offline: Mapped[bool] = mapped_column(default=False)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    source_event: Mapped[str] = mapped_column(String(200), default="")
    source_place: Mapped[str] = mapped_column(String(200), default="")
    source_date: Mapped[date | None]
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_method: Mapped[ContactMethod] = mapped_column(
        enum_column(ContactMethod, "contact_method"), default=ContactMethod.NONE
    )
    contact_detail: Mapped[str] = mapped_column(Text, default="")
    unused_reason: Mapped[str] = mapped_column(Text, default="")
    # Offline input with a contact: when the person was told what happened with it, and
    # by whom (none: e-mailed by the platform when the zorgraad's answer was published).
    followed_up_at: Mapped[datetime | None]
    followed_up_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    followed_up_by: Mapped[User | None] = relationship(foreign_keys=[followed_up_by_id])
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=recommendation_sources, back_populates="sources"
    )


class Outcome(enum.Enum):
    ADOPTED = "adopted"
    ADAPTED = "adapted"
    REFERRED = "referred"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self])


OUTCOME_LABELS = {
    Outcome.ADOPTED: _l("Adopted"),
    Outcome.ADAPTED: _l("Adopted with changes"),
    Outcome.REFERRED: _l("Passed on to another body"),
    Outcome.DECLINED: _l("Declined"),
}


class Recommendation(TimestampMixin, db.Model):
    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # the latest version, kept in step with versions
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "recommendation_outcome"))
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    outcome_reason_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    answered_at: Mapped[datetime | None]

    round: Mapped[Round] = relationship()
    versions: Mapped[list[RecommendationVersion]] = relationship(
        cascade="all, delete-orphan", order_by="RecommendationVersion.number"
    )
    comments: Mapped[list[RecommendationComment]] = relationship(
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="RecommendationComment.id",
    )
    updates: Mapped[list[ProgressUpdate]] = relationship(
        cascade="all, delete-orphan", order_by="ProgressUpdate.id"
    )
    sources: Mapped[list[Contribution]] = relationship(
        secondary=recommendation_sources,
        back_populates="recommendations",
        order_by="Contribution.id",
    )


class RecommendationVersion(TimestampMixin, db.Model):
    __tablename__ = "recommendation_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    author: Mapped[User | None] = relationship()


class RecommendationComment(ModeratedMixin, TimestampMixin, db.Model):
    __tablename__ = "recommendation_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    recommendation: Mapped[Recommendation] = relationship(back_populates="comments")


class ProgressUpdate(TimestampMixin, db.Model):
    __tablename__ = "recommendation_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ReviewKind(enum.Enum):
    CONFIRM = "confirm"
    CORRECTION = "correction"


class ReviewResponse(TimestampMixin, db.Model):
    __tablename__ = "review_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[ReviewKind] = mapped_column(enum_column(ReviewKind, "review_kind"))
    body: Mapped[str] = mapped_column(Text, default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None]
    # How staff closed a correction: the advice was changed (True), or it stays as it is
    # and `answer` says why (False). None while open (and for answers made before this).
    changed: Mapped[bool | None]

    user: Mapped[User | None] = relationship()


# Markdown is rendered when saved, never when read (see core.markdown).
keep_rendered(Round, "background")
keep_rendered(Suggestion, "reason")
keep_rendered(Contribution, "body")
keep_rendered(Recommendation, "body", "outcome_reason")
keep_rendered(RecommendationComment, "body")
keep_rendered(ProgressUpdate, "body")
