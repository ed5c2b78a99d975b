"""A round in co-drafting (so it has a recommendation) whose input covers three themes:
the out-of-hours doctor, getting there, and informal carers (texts from the hand-labelled
set), one of them an open answer to the round's questionnaire."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from sqlalchemy import update

from burgerplatform.extensions import db
from tests.consultations.conftest import (  # noqa: F401 - fixtures
    Staged,
    make_round,
    pool_zone,
    run_jobs,
    staged_round,
)
from tests.themes.dataset import labelled

THREE = ("wachtdienst", "vervoer", "mantelzorg")


@dataclass
class Themed:
    staged: Staged
    labels: dict[int, str] = field(default_factory=dict)  # contribution id -> hand label
    answer_id: int | None = None

    @property
    def base(self) -> str:
        return f"{self.staged.base}/themes"

    @property
    def staff(self) -> str:
        return self.staged.setup.staff_email


def add_input(round_id: int, zone_id: int, texts: list[tuple[str, str]]) -> dict[int, str]:
    from burgerplatform.consultations.models import Contribution

    made = {}
    for label, body in texts:
        c = Contribution(round_id=round_id, zone_id=zone_id, body=body, offline=True)
        db.session.add(c)
        db.session.flush()
        made[c.id] = label
    return made


@pytest.fixture
def themed(app, staged_round):  # noqa: F811 - the fixture imported above
    """themed(per_theme=8, phase="co_draft", english=True) -> Themed (not yet grouped);
    with `english` everyone reads English pages (the tests read the source strings)."""
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Round
    from burgerplatform.core.db import utcnow
    from burgerplatform.questionnaires import services as questionnaires
    from burgerplatform.questionnaires.models import (
        Answer,
        AnswerSource,
        QuestionKind,
        Questionnaire,
        Submission,
    )

    def factory(per_theme: int = 8, phase: str = "co_draft", english: bool = True) -> Themed:
        staged = staged_round(phase)
        pairs = labelled()
        chosen = [p for label in THREE for p in [q for q in pairs if q[0] == label][:per_theme]]
        with app.test_request_context():
            round_ = db.session.get(Round, staged.round_id)
            labels = add_input(round_.id, round_.zone_id, chosen)
            questionnaire = Questionnaire(round_id=round_.id, zone_id=round_.zone_id)
            db.session.add(questionnaire)
            db.session.flush()
            question = questionnaires.add_question(
                questionnaire,
                questionnaires.question_data(
                    QuestionKind.OPEN, False, {"text_nl": "Wat wil je nog kwijt?"}
                ),
            )
            paper = Submission(
                questionnaire_id=questionnaire.id, source=AnswerSource.PAPER, sent_at=utcnow()
            )
            answer = Answer(
                question_id=question.id, body="Geen bus meer naar de dokter in ons dorp."
            )
            paper.answers.append(answer)
            db.session.add(paper)
            if english:
                db.session.execute(update(User).values(locale="en"))
            db.session.commit()
            return Themed(staged, labels, answer.id)

    return factory
