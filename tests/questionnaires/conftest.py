"""A round gathering input, with a questionnaire holding one question of every kind."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select, update

from burgerplatform.extensions import db
from tests.consultations.conftest import (  # noqa: F401 - fixtures
    english_pages,
    make_round,
    pool_zone,
    staged_round,
)


@dataclass
class Built:
    staged: object
    questionnaire_id: int
    questions: dict[str, int]  # kind value -> question id

    @property
    def base(self) -> str:
        return f"{self.staged.base}/questionnaire"

    @property
    def staff(self) -> str:
        return self.staged.setup.staff_email

    @property
    def citizens(self) -> list[str]:
        return self.staged.setup.members


def every_kind(services, questionnaire):
    from burgerplatform.questionnaires.models import QuestionKind

    made = {}
    for kind, required, texts in (
        (
            QuestionKind.SINGLE,
            True,
            {
                "text_nl": "Hoe gaat u naar de huisarts?",
                "text_fr": "Comment allez-vous chez le médecin ?",
                "easy_nl": "Hoe komt u bij de dokter?",
                "options_nl": "Te voet\nMet de bus\nMet de auto",
                "options_fr": "À pied\nEn bus\nEn voiture",
            },
        ),
        (
            QuestionKind.MULTIPLE,
            False,
            {"text_nl": "Wat is moeilijk?", "options_nl": "Parkeren\nDe prijs\nDe uren"},
        ),
        (QuestionKind.SCALE, True, {"text_nl": "Hoe tevreden bent u?"}),
        (
            QuestionKind.RANKING,
            False,
            {"text_nl": "Wat is het belangrijkst?", "options_nl": "Snel\nGoedkoop\nDichtbij"},
        ),
        (QuestionKind.OPEN, False, {"text_nl": "Wat wilt u nog kwijt?"}),
    ):
        question = services.add_question(
            questionnaire, services.question_data(kind, required, texts)
        )
        made[kind.value] = question.id
    return made


@pytest.fixture
def built(app, staged_round):  # noqa: F811 - the fixture imported above
    """built(phase="gather", audience="zone", public=False, english=True) -> Built."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Round
    from burgerplatform.questionnaires import services
    from burgerplatform.questionnaires.models import Audience

    def factory(
        phase: str = "gather", audience: str = "zone", public: bool = False, english: bool = True
    ) -> Built:
        staged = staged_round(phase)
        with app.test_request_context():
            round_ = db.session.get(Round, staged.round_id)
            staff = db.session.scalar(select(User).where(User.email == staged.setup.staff_email))
            questionnaire = services.create_questionnaire(
                round_, staff, "Een paar vragen.", Audience(audience), public
            )
            made = every_kind(services, questionnaire)
            if english:  # the tests read the English source strings
                db.session.execute(update(User).values(locale="en"))
            db.session.commit()
            return Built(staged, questionnaire.id, made)

    return factory
