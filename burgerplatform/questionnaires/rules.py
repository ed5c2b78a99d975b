"""Who may do what with a round's questionnaire. The round and its questionnaire are
loaded from the URL once (cached on g); another zone's round is a 404."""

from __future__ import annotations

from flask import abort, g, request

from burgerplatform.consultations.rules import load_round
from burgerplatform.core.permissions import Rule
from burgerplatform.extensions import db
from burgerplatform.questionnaires.models import Question, Questionnaire
from burgerplatform.questionnaires.services import (
    may_answer,
    may_build,
    may_see_results,
    questionnaire_of,
)


def load_questionnaire() -> Questionnaire:
    if g.get("questionnaire") is None:
        found = questionnaire_of(load_round())
        if found is None:
            abort(404)
        g.questionnaire = found
    return g.questionnaire


def load_question() -> Question:
    question = db.session.get(Question, int((request.view_args or {})["question_id"]))
    if question is None or question.questionnaire_id != load_questionnaire().id:
        abort(404)
    return question


BUILDER = Rule("questionnaire_builder", lambda u: may_build(load_round(), u))
ANSWERER = Rule(
    "questionnaire_answerer", lambda u: may_answer(load_round(), load_questionnaire(), u)
)
RESULTS_READER = Rule(
    "questionnaire_results",
    lambda u: may_see_results(load_round(), load_questionnaire(), u),
    needs_login=False,
)
