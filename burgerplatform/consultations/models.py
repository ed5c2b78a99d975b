"""Rounds, their klankbordgroep draw and the advice written together (pool: pool_models)."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from flask_babel import format_percent, gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.accounts.models import User
from burgerplatform.consultations import phases
from burgerplatform.consultations.phases import Phase
from burgerplatform.consultations.pool_models import (  # noqa: F401 - all models here
    PoolAnswer,
    PoolCategory,
    PoolMember,
    PoolValue,
)
from burgerplatform.core import fulltext
from burgerplatform.core.db import TimestampMixin
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.core.markdown import keep_rendered
from burgerplatform.extensions import Model, db
from burgerplatform.groups.models import Group
from burgerplatform.moderation.models import ModeratedMixin
from burgerplatform.zones.models import enum_column

ROUND_CANCELLED = _l("This round was cancelled: nothing can be added or changed any more.")


# What the one search reads (see core.fulltext); the GIN indexes are on exactly this text.
ROUND_SEARCH = fulltext.document(
    ("title",), ("question_final", "question_draft", "question_easy", "background")
)
RECOMMENDATION_SEARCH = fulltext.document(("title",), ("body", "body_easy"))


class Round(TimestampMixin, Model):
    __tablename__ = "rounds"
    __table_args__ = (fulltext.search_index("ix_rounds_search", ROUND_SEARCH),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    question_draft: Mapped[str] = mapped_column(Text)
    question_final: Mapped[str | None] = mapped_column(Text)
    # Easy-read version of the question (Klare Taal), shown to citizens first.
    question_easy: Mapped[str] = mapped_column(Text, default="")
    question_easy_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
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
    # Staff may cancel a round until its klankbordgroep is drawn; the reason is public.
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str] = mapped_column(Text, default="")

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

    def refuse_if_cancelled(self) -> None:
        from burgerplatform.core.domain import PhaseError

        if self.cancelled_at is not None:
            raise PhaseError(ROUND_CANCELLED)

    @property
    def phase_index(self) -> int:
        return phases.index(self.phase)


class Quota(Model):
    __tablename__ = "round_quotas"
    __table_args__ = (UniqueConstraint("round_id", "value_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("pool_values.id", ondelete="CASCADE"))
    min: Mapped[int] = mapped_column(default=0)
    max: Mapped[int] = mapped_column(default=0)

    round: Mapped[Round] = relationship(back_populates="quotas")
    value: Mapped[PoolValue] = relationship()


class DrawStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    # The list of groups is published; the number that picks from it is not entered yet.
    PUBLISHED = "published"
    DONE = "done"
    FAILED = "failed"
    # The published list was set aside before its number was entered (with a public
    # reason); it stays on the public page with its fingerprint, and a new list may follow.
    DISCARDED = "discarded"
    __labels__ = {
        "queued": _l("waiting to start"),
        "running": _l("being drawn"),
        "published": _l("list published, waiting for the number"),
        "done": _l("finished"),
        "failed": _l("failed"),
        "discarded": _l("list discarded before the pick"),
    }


# Why a picked person was not invited: they left the pool, or can no longer be drawn (not
# agreed to the new text), after the list was published. The `reason` of a replacement in
# the record, next to a seat's "declined" and "expired".
LEFT_POOL = "left"
NOT_ELIGIBLE = "not_eligible"
GONE_BEFORE_PICK = (LEFT_POOL, NOT_ELIGIBLE)


# The statuses of a draw whose list is being made or waits for its number, as SQL.
PENDING_DRAW_SQL = "status IN ('queued', 'running', 'published')"


class DrawRecord(TimestampMixin, Model):
    """The audit record: enough to replay the draw and get the same group."""

    __tablename__ = "draw_records"
    # At most one list per round is being made or waits for its number: two "publish"
    # requests at the same moment (two tabs, two staff members) would otherwise each make
    # one, and the number could then pick from a list the public page never showed.
    __table_args__ = (
        Index(
            "uq_draw_records_one_pending_per_round",
            "round_id",
            unique=True,
            sqlite_where=text(PENDING_DRAW_SQL),
            postgresql_where=text(PENDING_DRAW_SQL),
        ),
    )

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
    # The key of this draw's aliases (P0001, …) in every record shown, so that nobody can
    # follow one person from draw to draw; and per profile whether its people have the
    # answer of each quota (in the order of `quotas`), kept at the draw so that the public
    # record can be checked after people change their answers or leave the pool.
    alias_salt: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    profile_answers: Mapped[list] = mapped_column(JSON, default=list)
    # Why a draw failed, untranslated (the English text and its values): the worker has no
    # reader's language, so each reader sees it in theirs (`error_message`).
    error: Mapped[str | None] = mapped_column(Text)
    error_params: Mapped[dict] = mapped_column(JSON, default=dict)
    finished_at: Mapped[datetime | None]
    # The published list (lottery.round_to_panels): equally likely groups of pseudonyms,
    # shown publicly under this draw's aliases, with the SHA-256 of that public list and
    # the largest difference between a person's share of the list and their chance.
    panels: Mapped[list] = mapped_column(JSON, default=list)
    list_hash: Mapped[str] = mapped_column(String(64), default="")
    max_deviation: Mapped[float] = mapped_column(default=0.0)
    published_at: Mapped[datetime | None]
    # The platform's time zone at the publication (the record's times are written in it,
    # and format /4's fingerprint covers its name), and every field of the public record
    # known at the publication, as published (format /5: its SHA-256 is `list_hash`).
    # Kept, so that a later change of the setting, a renamed round or zone, or a changed
    # answer label changes no fingerprint. None for lists published before.
    time_zone: Mapped[str | None] = mapped_column(String(64))
    published_facts: Mapped[dict | None] = mapped_column(JSON)
    # The public number that picks from the list: where it comes from (named before the
    # list is made), its value and when the staff entered it, and the position it gives.
    number_source: Mapped[str] = mapped_column(String(200), default="")
    # From when the source's number is known (named with the source): no number is
    # accepted before it. None for lists published before it was asked.
    number_known_from: Mapped[datetime | None]
    public_number: Mapped[str | None] = mapped_column(String(100))
    number_entered_at: Mapped[datetime | None]
    pick_index: Mapped[int | None]
    # A published list discarded before the pick: when and why (both public).
    discarded_at: Mapped[datetime | None]
    discard_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def error_message(self) -> str | None:
        from burgerplatform.consultations.stored_messages import render

        # A clash message holds its parts nested (msg_part), each translated; one stored
        # in an earlier wording is read in today's.
        return render(self.error, self.error_params) if self.error else None

    @property
    def method(self) -> str | None:
        """The stored name of the method that worked out this draw's chances: what the
        staff's audit.json, the staff's draw page and the public pages all name (through
        `algorithm_text` and `method_explained`). None when no chances were worked out: a
        draw that failed before (draws of before 2026-12-07 stored "maximin" before the
        solver ran, whatever method it would have used)."""
        if self.status is DrawStatus.FAILED and not self.distribution:
            return None
        return self.algorithm or None

    @property
    def algorithm_text(self) -> str:
        """The stored record names the method in English (the worker has no reader's
        language); each reader sees the method's name in theirs, the software as is (how
        near a near-maximin draw got: in `method_explained`). Empty without a method."""
        if self.method is None:
            return ""
        algorithm = self._near()[1]
        for method, name in self._methods():
            if algorithm.startswith(name):
                return method[0] + algorithm[len(name) :]
        return algorithm

    def _near(self) -> tuple[float, str]:
        """The lowest chance over the best one possible (1 unless near maximin) and the
        stored name without it (see `sortition.near_share`); a near-maximin draw of before
        the name held it stopped within maximin.NEAR."""
        from burgerplatform.consultations import maximin, sortition

        near = sortition.near_share(self.algorithm)
        if near is not None:
            return near
        if self.algorithm.startswith(sortition.NEAR_MAXIMIN):
            return 1 - maximin.NEAR, self.algorithm
        return 1.0, self.algorithm

    @property
    def method_explained(self) -> str:
        """What the method means for a citizen, in plain words first; then its technical
        name, for whoever wants to look it up or check it. Empty without a method."""
        if self.method is None:
            return ""
        for method, name in self._methods(self._near()[0]):
            if self.algorithm.startswith(name):
                return method[1]
        # The first draws named the library: "sortition-algorithms 0.12.15 (maximin)".
        return self._methods()[-1][0][1]

    @staticmethod
    def _methods(share: float = 1.0) -> list[tuple[tuple[str, str], str]]:
        """(translated name, explanation) per stored method name; maximin last (the
        method of records made before the others, and the prefix of none of them).
        `share`: how near the best lowest chance a near-maximin draw got."""
        from burgerplatform.consultations import sortition

        def explained(plain: str, technical: str) -> str:
            # Outside the f-string: extraction reads no call inside one.
            named = gettext("Technical name: %(name)s.", name=technical)
            return f"{plain} {named}"

        everyone = gettext(
            "Everyone gets as big a chance as possible: whoever has the smallest chance gets "
            "the biggest chance the mix allows."
        )
        return [
            (
                (
                    gettext("partial leximin over answer profiles"),
                    explained(
                        everyone
                        + " "
                        + gettext(
                            "Then the same for the next smallest chances, until the "
                            "calculation would take too long: everyone after that gets at "
                            "least the last of those chances."
                        ),
                        gettext("partial leximin"),
                    ),
                ),
                sortition.PARTIAL_LEXIMIN,
            ),
            (
                (
                    gettext("leximin over answer profiles"),
                    explained(
                        everyone
                        + " "
                        + gettext(
                            "Then the same for whoever has the next smallest chance, and so on."
                        ),
                        gettext("leximin"),
                    ),
                ),
                sortition.LEXIMIN,
            ),
            (
                (
                    gettext("near maximin over answer profiles"),
                    explained(
                        gettext(
                            "Everyone gets a chance as big as possible: whoever has the "
                            "smallest chance gets at least %(share)s of the biggest smallest "
                            "chance the mix allows (getting any closer would make the "
                            "calculation take too long).",
                            share=format_percent(share, "#,##0.00%"),
                        ),
                        gettext(
                            "maximin, stopped within %(gap)s",
                            # 1 - share to the hundredth of a percent, not a float's 0.79000001
                            gap=format_percent(round(1 - share, 6), "#,##0.00%"),
                        ),
                    ),
                ),
                sortition.NEAR_MAXIMIN,
            ),
            (
                (gettext("maximin over answer profiles"), explained(everyone, gettext("maximin"))),
                sortition.ALGORITHM,
            ),
        ]

    @property
    def record_withheld(self) -> bool:
        """A draw made before lists were published, with a quota about a sensitive
        answer, keeps its record with staff (a draw with a published list never gives
        answers away: see draw_check.public_record)."""
        # A quota recorded before the flag existed counts as sensitive.
        return (
            self.status is DrawStatus.DONE
            and not self.panels
            and any(q.get("sensitive", True) for q in self.quotas)
        )

    @property
    def public_fingerprint(self) -> str | None:
        """The fingerprint anyone can recompute from the public record (no query)."""
        from burgerplatform.consultations.draw_check import fingerprint

        return fingerprint(self)

    @property
    def fingerprint_covers_source(self) -> bool:
        """Whether the published fingerprint also covers the source of the number, when
        it is known, the publication time and the round (format /4, and /5 which covers
        every field known at the publication)."""
        from burgerplatform.consultations.draw_check import (
            PUBLIC_FORMAT,
            SOURCE_FORMAT,
            record_format,
        )

        return bool(self.panels) and record_format(self) in (SOURCE_FORMAT, PUBLIC_FORMAT)

    @property
    def fingerprint_covers_groups_only(self) -> bool:
        """Whether the published fingerprint is of the list of groups alone (format /2,
        lists published before it covered the group size and the mix): the pages then
        say that a changed quota does not change it."""
        from burgerplatform.consultations.draw_check import LIST_ONLY_FORMAT, record_format

        return bool(self.panels) and record_format(self) == LIST_ONLY_FORMAT

    @property
    def gone_before_pick(self) -> int:
        """Picked people who could not be invited: they had left the pool (or could no
        longer be drawn) since the list was published."""
        return sum(1 for e in self.replacements if e.get("reason") in GONE_BEFORE_PICK)

    @property
    def replaced_gone(self) -> int:
        """How many of those got someone drawn in their place."""
        return sum(
            1 for e in self.replacements if e.get("reason") in GONE_BEFORE_PICK and e["chosen"]
        )

    @property
    def left_empty(self) -> int:
        """Seats of people gone before the pick for whom nobody fitting the mix was found."""
        return self.gone_before_pick - self.replaced_gone

    @property
    def replaced_after_no(self) -> int:
        """People drawn in the place of someone who said no or did not answer in time."""
        return sum(
            1
            for e in self.replacements
            if e.get("reason") not in GONE_BEFORE_PICK and e.get("chosen")
        )

    @property
    def invited_at_pick(self) -> int:
        return len(self.selected) - self.gone_before_pick + self.replaced_gone

    @property
    def min_probability(self) -> float:
        return min(self.probabilities.values()) if self.probabilities else 0.0


class DrawConfirmation(TimestampMixin, Model):
    """What one staff member asked to confirm on a draw's page (the number, or setting
    the list aside with a reason) and has not confirmed yet: kept here, on the server,
    between the form and the page that shows it back, whatever its length (the session
    is a cookie of at most 4 KB), per person (two staff members on one list each confirm
    what they typed) and for every app process. Never public; gone once the list is
    picked or set aside (see `draw_confirmations`)."""

    __tablename__ = "draw_confirmations"
    __table_args__ = (Index("ix_draw_confirmations_draw_user", "draw_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(ForeignKey("draw_records.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))  # draw_confirmations.NUMBER or DISCARD
    typed: Mapped[str] = mapped_column(Text)
    # When the page that asks to confirm showed it: only then can it be confirmed.
    shown_at: Mapped[datetime | None]


class SeatStatus(LabelledEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    # Still unanswered when the group went on to gather input: the staff withdrew it.
    WITHDRAWN = "withdrawn"
    __labels__ = {
        "invited": _l("Invited, no answer yet"),
        "accepted": _l("Accepted"),
        "declined": _l("Declined"),
        "expired": _l("Expired without an answer"),
        "withdrawn": _l("Withdrawn: the group went ahead without an answer"),
    }


class Seat(TimestampMixin, Model):
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


class SuggestionStatus(LabelledEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    __labels__ = {
        "open": _l("Not answered yet"),
        "accepted": _l("Taken over"),
        "answered": _l("Answered"),
    }


class Suggestion(TimestampMixin, Model):
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
    # Made by the contact person on behalf of an invited group (groups module).
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )

    author: Mapped[User | None] = relationship()
    group: Mapped[Group | None] = relationship()


class ContactMethod(LabelledEnum):
    NONE = "none"
    EMAIL = "email"
    PHONE = "phone"
    POST = "post"
    __labels__ = {
        "none": _l("Does not want to be contacted"),
        "email": _l("By e-mail"),
        "phone": _l("By phone"),
        "post": _l("By post (letter)"),
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


class Contribution(ModeratedMixin, TimestampMixin, Model):
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
    # Given by the contact person on behalf of an invited group: shown as "from group X".
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), index=True
    )

    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    group: Mapped[Group | None] = relationship()
    followed_up_by: Mapped[User | None] = relationship(foreign_keys=[followed_up_by_id])
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=recommendation_sources, back_populates="sources"
    )

    @property
    def gets_letter(self) -> bool:
        """Offline input whose giver may get a follow-up letter: not who said they do not
        want to be contacted."""
        return self.offline and self.contact_method is not ContactMethod.NONE


class Outcome(LabelledEnum):
    ADOPTED = "adopted"
    ADAPTED = "adapted"
    REFERRED = "referred"
    DECLINED = "declined"
    __labels__ = {
        "adopted": _l("Adopted"),
        "adapted": _l("Adopted with changes"),
        "referred": _l("Passed on to another body"),
        "declined": _l("Declined"),
    }


class Recommendation(TimestampMixin, Model):
    __tablename__ = "recommendations"
    __table_args__ = (fulltext.search_index("ix_recommendations_search", RECOMMENDATION_SEARCH),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # the latest version, kept in step with versions
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    body_easy: Mapped[str] = mapped_column(Text, default="")  # easy-read version (Klare Taal)
    body_easy_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome, "recommendation_outcome"))
    outcome_reason: Mapped[str] = mapped_column(Text, default="")
    outcome_reason_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    answered_at: Mapped[datetime | None]
    # The answer changed after it was published: when, and what it was before (public).
    outcome_changed_at: Mapped[datetime | None]
    outcome_previous: Mapped[Outcome | None] = mapped_column(
        enum_column(Outcome, "recommendation_outcome_previous")
    )

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


class RecommendationVersion(TimestampMixin, Model):
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


class RecommendationComment(ModeratedMixin, TimestampMixin, Model):
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


class ProgressUpdate(TimestampMixin, Model):
    __tablename__ = "recommendation_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendations.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    body_easy: Mapped[str] = mapped_column(Text, default="")  # easy-read version (Klare Taal)
    body_easy_html: Mapped[str | None] = mapped_column(Text)  # kept by keep_rendered
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ReviewKind(LabelledEnum):
    CONFIRM = "confirm"
    CORRECTION = "correction"
    __labels__ = {"confirm": _l("I confirm the advice"), "correction": _l("Correction")}


class ReviewResponse(TimestampMixin, Model):
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
keep_rendered(Round, "background", "question_easy")
keep_rendered(Suggestion, "reason")
keep_rendered(Contribution, "body")
keep_rendered(Recommendation, "body", "outcome_reason", "body_easy")
keep_rendered(RecommendationComment, "body")
keep_rendered(ProgressUpdate, "body", "body_easy")
