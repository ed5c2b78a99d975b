"""How questionnaires plug into the app: their pages, open answers under the shared
moderation, their part of "download my data" and of deleting an account, and the link
on a round's page."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from burgerplatform.questionnaires import moderated, policies_personal_data, services, views
from burgerplatform.questionnaires.models import QuestionKind

VIEWS = (views,)
POLICIES = (policies_personal_data,)


def init_app(app: Flask) -> None:
    moderated.register_moderation()
    # The round page (consultations) shows its questionnaire without importing this module.
    app.jinja_env.globals.update(
        round_questionnaire=services.questionnaire_of,
        may_build_questionnaire=lambda round_: services.may_build(round_, current_user),
        questionnaire_is_open=services.is_open,
        QuestionKind=QuestionKind,
    )
