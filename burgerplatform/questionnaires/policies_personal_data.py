"""Questionnaire answers are personal data: in the person's data download, and erased
with their account (the results then no longer count them)."""

from __future__ import annotations

from burgerplatform.consultations.models import Round
from burgerplatform.core import signals
from burgerplatform.extensions import db
from burgerplatform.questionnaires.models import DEFAULT_LANGUAGE, Questionnaire
from burgerplatform.questionnaires.services import answer_text, erase_answers_of, submissions_of


@signals.collect_personal_data.connect
def export_answers(user, **_extra) -> dict:
    found = []
    for submission in submissions_of(user):
        questionnaire = db.session.get_one(Questionnaire, submission.questionnaire_id)
        round_ = db.session.get_one(Round, questionnaire.round_id)
        lang = user.locale or DEFAULT_LANGUAGE
        found.append(
            {
                "round_id": round_.id,
                "round": round_.title,
                "sent_at": submission.sent_at.isoformat() if submission.sent_at else None,
                # "question: answer", as the page of one's data shows a list.
                "answers": [
                    f"{a.question.wording(lang)[0]}: {answer_text(a.question, a, lang)}"
                    for a in submission.answers
                ],
            }
        )
    return {"questionnaire_answers": found}


@signals.account_deleting.connect
def erase_answers(user, **_extra) -> None:
    erase_answers_of(user)
