"""Open answers under the shared moderation: anyone who may see the results may report
one; the zone's staff hide it with a visible reason, restore or redact it."""

from __future__ import annotations

from flask import url_for

from burgerplatform.consultations.models import Round
from burgerplatform.core.permissions import is_zone_staff
from burgerplatform.extensions import db
from burgerplatform.moderation.registry import ModeratedType, register
from burgerplatform.questionnaires.models import MODERATED_ANSWER, Answer, Questionnaire
from burgerplatform.questionnaires.services import may_see_results
from burgerplatform.zones.models import Zone
from burgerplatform.zones.services import zone_staff


def _questionnaire(item: Answer) -> Questionnaire:
    return item.question.questionnaire


def _round(item: Answer) -> Round:
    return db.session.get_one(Round, _questionnaire(item).round_id)


def _url(item: Answer) -> str:
    round_ = _round(item)
    return url_for(
        "questionnaires.results",
        zone_slug=db.session.get_one(Zone, round_.zone_id).slug,
        round_id=round_.id,
        _anchor=f"answer-{item.id}",
    )


def register_moderation() -> None:
    register(
        ModeratedType(
            name=MODERATED_ANSWER,
            model=Answer,
            space=lambda item: f"zone:{_questionnaire(item).zone_id}",
            can_view=lambda user, item: may_see_results(_round(item), _questionnaire(item), user),
            can_moderate=lambda user, item: is_zone_staff(user, _questionnaire(item).zone_id),
            url=_url,
            author=lambda item: item.author,
            moderators=lambda item: zone_staff(_questionnaire(item).zone_id),
        )
    )
