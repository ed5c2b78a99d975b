"""Demo: the gathering round in Meetjesland holds a questionnaire, answered online by
pool citizens and on paper or by phone (typed in by staff). The demo citizens An and
Jef have not answered yet, so whoever tries the demo can."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from burgerplatform.accounts.models import User
from burgerplatform.consultations.models import Phase, Round
from burgerplatform.consultations.services import local_date
from burgerplatform.core.db import utcnow
from burgerplatform.extensions import db
from burgerplatform.questionnaires import services
from burgerplatform.questionnaires.models import AnswerSource, Audience, QuestionKind
from burgerplatform.questionnaires.services import Given

QUESTIONS = (
    (
        QuestionKind.SINGLE,
        True,
        {
            "text_nl": "Hoeveel uur per week zorg je voor iemand?",
            "text_fr": "Combien d'heures par semaine vous occupez-vous de quelqu'un ?",
            "text_en": "How many hours a week do you care for someone?",
            "easy_nl": "Hoe lang help je iemand, elke week?",
            "options_nl": "Minder dan 5 uur\n5 tot 20 uur\nMeer dan 20 uur",
            "options_fr": "Moins de 5 heures\n5 à 20 heures\nPlus de 20 heures",
            "options_en": "Less than 5 hours\n5 to 20 hours\nMore than 20 hours",
        },
    ),
    (
        QuestionKind.MULTIPLE,
        False,
        {
            "text_nl": "Welke hulp zou je gebruiken?",
            "text_en": "Which help would you use?",
            "options_nl": "Respijtzorg\nEen vast aanspreekpunt\nHulp bij papieren\nEen praatgroep",
            "options_en": "Respite care\nOne contact person\nHelp with forms\nA talking group",
        },
    ),
    (
        QuestionKind.SCALE,
        True,
        {
            "text_nl": "Hoe goed houd je het vol?",
            "text_fr": "Dans quelle mesure tenez-vous le coup ?",
            "text_en": "How well are you coping?",
        },
    ),
    (
        QuestionKind.RANKING,
        False,
        {
            "text_nl": "Wat moet eerst beter?",
            "text_en": "What should improve first?",
            "options_nl": "Informatie\nRespijtzorg\nVervoer",
            "options_en": "Information\nRespite care\nTransport",
        },
    ),
    (
        QuestionKind.OPEN,
        False,
        {
            "text_nl": "Wat wil je nog zeggen?",
            "text_fr": "Que voulez-vous encore dire ?",
            "text_en": "What else would you like to say?",
        },
    ),
)

OPEN_ANSWERS = (
    "Soms wil ik gewoon een avond vrij.",
    "Niemand vertelt je waar je recht op hebt.",
    "De wachtlijst voor dagopvang is te lang.",
    "",
    "Ik weet niet bij wie ik terecht kan.",
)


def _given(rng: random.Random, ids: list[int], number: int) -> dict[int, Given]:
    single, multiple, scale, ranking, open_ = ids
    order = rng.sample(range(3), 3)
    return {
        single: Given(choices=[rng.choice((0, 1, 1, 2))]),
        multiple: Given(choices=sorted(rng.sample(range(4), rng.randint(1, 3)))),
        scale: Given(choices=[rng.choice((2, 3, 3, 4, 5))]),
        ranking: Given(choices=list(order)),
        open_: Given(body=OPEN_ANSWERS[number % len(OPEN_ANSWERS)]),
    }


def seed(ctx) -> None:
    zone = ctx.zones["meetjesland"]
    staff = ctx.users["staff.meetjesland@example.org"]
    round_ = db.session.scalar(
        select(Round).where(Round.zone_id == zone.id, Round.phase == Phase.GATHER)
    )
    if round_ is None:
        return
    questionnaire = services.create_questionnaire(
        round_,
        staff,
        "Vijf korte vragen over wat mantelzorgers nodig hebben. Het duurt twee minuten.",
        Audience.ZONE,
        results_public=True,
    )
    ids = [
        services.add_question(questionnaire, services.question_data(kind, required, texts)).id
        for kind, required, texts in QUESTIONS
    ]
    rng = random.Random(18)
    citizens = db.session.scalars(
        select(User)
        .where(User.zone_id == zone.id, User.email.like("burger%@example.org"))
        .order_by(User.id)
        .limit(14)
    )
    for number, user in enumerate(citizens):
        services.save_answers(round_, questionnaire, user, _given(rng, ids, number))
        services.send(round_, questionnaire, user)
    # Paper answers are dated within the round (check_offline_date): the demo round may
    # have started today.
    today = local_date(utcnow())
    started = local_date(round_.created_at)
    for number in range(6):
        services.enter_paper(
            round_,
            questionnaire,
            staff,
            AnswerSource.PHONE if number % 3 == 2 else AnswerSource.PAPER,
            max(started, today - timedelta(days=3 + number)),
            "Praatcafé mantelzorg, Maldegem" if number < 4 else "",
            _given(rng, ids, number + 1),
        )
