"""A round's themes, which input is in which theme, and the runs that found them.

Named "input themes": `initiatives.models.Theme` is the tag of a proposal, another thing.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.consultations.models import Contribution, Recommendation
from burgerplatform.core.db import TimestampMixin, enum_column
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.extensions import Model, db
from burgerplatform.questionnaires.models import Answer

theme_recommendations = Table(
    "input_theme_recommendations",
    db.metadata,
    Column("theme_id", ForeignKey("input_themes.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "recommendation_id", ForeignKey("recommendations.id", ondelete="CASCADE"), primary_key=True
    ),
)


class InputTheme(TimestampMixin, Model):
    """A theme in a round's input. Found by a run, or made by staff (a split). Once staff
    confirm it (or rename it, merge into it, move input to it) a new run keeps it."""

    __tablename__ = "input_themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    # The words that weigh most in it, and its most typical input ([kind, id] pairs).
    top_words: Mapped[list] = mapped_column(JSON, default=list)
    typical: Mapped[list] = mapped_column(JSON, default=list)
    confirmed: Mapped[bool] = mapped_column(default=False)

    items: Mapped[list[ThemeItem]] = relationship(
        back_populates="theme", cascade="all, delete-orphan", order_by="ThemeItem.id"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=theme_recommendations, order_by="Recommendation.id"
    )


class ThemeItem(Model):
    """One piece of input in a theme: a contribution (online or offline) or an open
    answer. `confirmed` when staff put it there or confirmed its theme: a new run leaves
    it; otherwise a run may place it again."""

    __tablename__ = "input_theme_items"
    __table_args__ = (UniqueConstraint("contribution_id"), UniqueConstraint("answer_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("input_themes.id", ondelete="CASCADE"), index=True
    )
    contribution_id: Mapped[int | None] = mapped_column(
        ForeignKey("contributions.id", ondelete="CASCADE")
    )
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("questionnaire_answers.id", ondelete="CASCADE")
    )
    confirmed: Mapped[bool] = mapped_column(default=False)

    theme: Mapped[InputTheme] = relationship(back_populates="items")
    contribution: Mapped[Contribution | None] = relationship()
    answer: Mapped[Answer | None] = relationship()

    @property
    def key(self) -> tuple[str, int]:
        if self.contribution_id is not None:
            return ("contribution", self.contribution_id)
        return ("answer", self.answer_id or 0)


class RunStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    __labels__ = {
        "queued": _l("Waiting for its turn"),
        "running": _l("Busy"),
        "done": _l("Done"),
        "failed": _l("Failed"),
    }


class ThemeRun(TimestampMixin, Model):
    """One search for themes, by the job worker: what it was given and what it found."""

    __tablename__ = "input_theme_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[RunStatus] = mapped_column(
        enum_column(RunStatus, "theme_run_status"), default=RunStatus.QUEUED
    )
    texts: Mapped[int] = mapped_column(default=0)
    kept: Mapped[int] = mapped_column(default=0)
    themes: Mapped[int] = mapped_column(default=0)
    seconds: Mapped[float] = mapped_column(default=0.0)
    error: Mapped[str] = mapped_column(Text, default="")
    finished_at: Mapped[datetime | None]
