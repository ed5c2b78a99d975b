"""A round's questionnaire, its questions, and the answers people gave (online or on paper).

Wording is kept per language ({"nl": ..., "fr": ..., "en": ...}); Dutch is always there
and stands in, visibly, for a missing translation. A choice is kept as the position of
the option, so the options never change once the first answer came in (only typos).
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from burgerplatform.accounts.models import User
from burgerplatform.core.db import TimestampMixin, enum_column
from burgerplatform.core.enums import LabelledEnum
from burgerplatform.core.i18n import LANGUAGE_NAMES
from burgerplatform.extensions import Model
from burgerplatform.moderation.models import ModeratedMixin

LANGUAGES = tuple(LANGUAGE_NAMES)  # the languages of the site, Dutch first
DEFAULT_LANGUAGE = "nl"
# A ranking orders at most this many options; a choice offers at most MAX_OPTIONS.
MAX_RANKED = 5
MAX_OPTIONS = 12
SCALE = (1, 2, 3, 4, 5)
MODERATED_ANSWER = "questionnaire_answer"


class Audience(LabelledEnum):
    ANYONE = "anyone"
    ZONE = "zone"
    GROUP = "group"
    __labels__ = {
        "anyone": _l("Anyone with an account"),
        "zone": _l("Citizens of this zone"),
        "group": _l("Only the klankbordgroep"),
    }


class QuestionKind(LabelledEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    SCALE = "scale"
    RANKING = "ranking"
    OPEN = "open"
    __labels__ = {
        "single": _l("One choice"),
        "multiple": _l("Several choices"),
        "scale": _l("A scale from 1 to 5"),
        "ranking": _l("Put up to five options in order"),
        "open": _l("Open question"),
    }

    @property
    def has_options(self) -> bool:
        return self in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING)


class AnswerSource(LabelledEnum):
    ONLINE = "online"
    PAPER = "paper"
    PHONE = "phone"
    __labels__ = {"online": _l("Online"), "paper": _l("On paper"), "phone": _l("By phone")}


def in_language(texts: dict, lang: str) -> tuple[str, bool]:
    """The text in `lang`, else the Dutch one; and whether it is the Dutch stand-in."""
    if texts.get(lang):
        return texts[lang], False
    return texts.get(DEFAULT_LANGUAGE, ""), lang != DEFAULT_LANGUAGE


class Questionnaire(TimestampMixin, Model):
    __tablename__ = "questionnaires"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), unique=True, index=True
    )
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"), index=True)
    intro: Mapped[str] = mapped_column(Text, default="")
    audience: Mapped[Audience] = mapped_column(
        enum_column(Audience, "questionnaire_audience"), default=Audience.ZONE
    )
    results_public: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    questions: Mapped[list[Question]] = relationship(
        back_populates="questionnaire",
        cascade="all, delete-orphan",
        order_by="Question.position, Question.id",
    )


class Question(Model):
    __tablename__ = "questionnaire_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "question_kind"))
    required: Mapped[bool] = mapped_column(default=False)
    text: Mapped[dict] = mapped_column(JSON, default=dict)
    easy_read: Mapped[dict] = mapped_column(JSON, default=dict)
    # Each option: {"nl": ..., "fr": ..., "en": ...}.
    options: Mapped[list] = mapped_column(JSON, default=list)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="questions")

    def wording(self, lang: str) -> tuple[str, bool]:
        return in_language(self.text, lang)

    def easy(self, lang: str) -> str:
        return in_language(self.easy_read, lang)[0]

    def option_labels(self, lang: str) -> list[tuple[str, bool]]:
        return [in_language(o, lang) for o in self.options]


class Submission(TimestampMixin, Model):
    """One person's questionnaire: a draft until sent (online), or a paper one typed in.
    One per person and questionnaire; never shown with a name."""

    __tablename__ = "questionnaire_submissions"
    __table_args__ = (UniqueConstraint("questionnaire_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE"), index=True
    )
    # Erased with the account (CASCADE); paper answers have no account.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    source: Mapped[AnswerSource] = mapped_column(
        enum_column(AnswerSource, "answer_source"), default=AnswerSource.ONLINE
    )
    source_date: Mapped[date | None]
    source_note: Mapped[str] = mapped_column(String(200), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime | None]

    answers: Mapped[list[Answer]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="Answer.id"
    )

    @property
    def offline(self) -> bool:
        return self.source is not AnswerSource.ONLINE


class Answer(ModeratedMixin, Model):
    """The answer to one question. An open answer is moderated as other input is."""

    __tablename__ = "questionnaire_answers"
    __table_args__ = (UniqueConstraint("submission_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_submissions.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_questions.id", ondelete="CASCADE"), index=True
    )
    # Option positions (single, multiple; a ranking in its order) or [1..5] for a scale.
    choices: Mapped[list] = mapped_column(JSON, default=list)
    body: Mapped[str] = mapped_column(Text, default="")

    submission: Mapped[Submission] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()

    @property
    def author_id(self) -> int | None:
        """Who may ask the moderator to look again (moderation reads `author_id`)."""
        return self.submission.user_id

    @property
    def author(self) -> User | None:
        from burgerplatform.extensions import db

        user_id = self.submission.user_id
        return db.session.get(User, user_id) if user_id else None
