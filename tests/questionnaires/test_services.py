"""The questionnaire's rules, without the pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from burgerplatform.core.domain import DomainError, PhaseError
from burgerplatform.extensions import db
from burgerplatform.questionnaires import services
from burgerplatform.questionnaires.models import (
    AnswerSource,
    Question,
    QuestionKind,
    Questionnaire,
    in_language,
)
from burgerplatform.questionnaires.services import Given


def _load(b):
    from burgerplatform.accounts.models import User
    from burgerplatform.consultations.models import Round

    round_ = db.session.get(Round, b.staged.round_id)
    questionnaire = db.session.get(Questionnaire, b.questionnaire_id)
    users = [db.session.scalar(select(User).where(User.email == e)) for e in b.citizens]
    staff = db.session.scalar(select(User).where(User.email == b.staff))
    return round_, questionnaire, users, staff


def _question(kind, options=3, required=False):
    return Question(
        id=7,
        kind=kind,
        required=required,
        text={"nl": "Vraag"},
        options=[{"nl": f"Keuze {i}"} for i in range(options)],
    )


def test_a_missing_translation_falls_back_to_dutch_and_says_so():
    assert in_language({"nl": "Hallo", "fr": ""}, "fr") == ("Hallo", True)
    assert in_language({"nl": "Hallo", "fr": "Bonjour"}, "fr") == ("Bonjour", False)
    assert in_language({"nl": "Hallo"}, "nl") == ("Hallo", False)


@pytest.mark.parametrize(
    ("places", "message"),
    [
        ([0, 0, None], "dezelfde keuze"),
        ([None, 1, 2], "zonder een plaats over te slaan"),
        ([0, 9, None], "Kies een van de keuzes"),
    ],
)
def test_a_bad_ranking_is_refused_with_a_reason_in_dutch_by_default(ctx, places, message):
    with pytest.raises(DomainError) as refused:
        services.checked_answer(
            _question(QuestionKind.RANKING), Given(choices=places), complete=False
        )
    assert message in str(refused.value.message)
    assert refused.value.field == "q7_1"


def test_a_ranking_keeps_its_order_and_may_stop_early_unless_required(ctx):
    question = _question(QuestionKind.RANKING)
    kept = services.checked_answer(question, Given(choices=[2, 0, None]), complete=True)
    assert kept.choices == [2, 0]
    question.required = True
    with pytest.raises(DomainError, match="elke plaats"):
        services.checked_answer(question, Given(choices=[2, 0, None]), complete=True)


def test_choices_and_scales_take_only_what_is_offered(ctx):
    with pytest.raises(DomainError):
        services.checked_answer(
            _question(QuestionKind.SINGLE), Given(choices=[0, 1]), complete=False
        )
    with pytest.raises(DomainError):
        services.checked_answer(
            _question(QuestionKind.SCALE, 0), Given(choices=[6]), complete=False
        )
    multiple = services.checked_answer(
        _question(QuestionKind.MULTIPLE), Given(choices=[2, 0]), complete=False
    )
    assert multiple.choices == [0, 2]
    assert (
        services.checked_answer(_question(QuestionKind.OPEN), Given(body="  "), complete=False)
        is None
    )
    with pytest.raises(DomainError, match="verplicht"):
        services.checked_answer(
            _question(QuestionKind.OPEN, required=True), Given(body=""), complete=True
        )


def test_options_in_another_language_must_match_the_dutch_ones(ctx):
    data = services.question_data(
        QuestionKind.SINGLE, False, {"text_nl": "Ja?", "options_nl": "Ja\nNee", "options_fr": "Oui"}
    )
    with pytest.raises(DomainError) as refused:
        services.add_question(Questionnaire(questions=[]), data)
    assert refused.value.field == "options_fr"


def test_a_refused_page_saves_none_of_its_answers(app, ctx, built):
    b = built()
    round_, questionnaire, users, _staff = _load(b)
    given = {
        b.questions["single"]: Given(choices=[1]),
        b.questions["ranking"]: Given(choices=[1, 1, None]),
    }
    with pytest.raises(DomainError):
        services.save_answers(round_, questionnaire, users[3], given)
    db.session.rollback()
    assert services.submission_of(questionnaire, users[3]) is None


def test_once_answered_only_the_wording_changes_and_the_fix_is_logged(app, ctx, built):
    from burgerplatform.audit.models import AuditEvent

    b = built()
    round_, questionnaire, users, staff = _load(b)
    services.save_answers(round_, questionnaire, users[3], {b.questions["open"]: Given(body="Ja")})
    assert services.is_locked(questionnaire)
    question = db.session.get(Question, b.questions["multiple"])
    with pytest.raises(DomainError):
        services.add_question(
            questionnaire, services.question_data(QuestionKind.OPEN, False, {"text_nl": "Nog?"})
        )
    with pytest.raises(DomainError):
        services.delete_question(question)
    fewer = services.question_data(
        QuestionKind.MULTIPLE,
        False,
        {"text_nl": "Wat is moeilijk?", "options_nl": "Parkeren\nPrijs"},
    )
    with pytest.raises(DomainError):
        services.update_question(question, fewer, staff)
    typo = services.question_data(
        QuestionKind.MULTIPLE,
        False,
        {"text_nl": "Wat is er moeilijk?", "options_nl": "Parkeren\nDe prijs\nDe uren"},
    )
    assert services.update_question(question, typo, staff)
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "questionnaire.wording_fixed")
    )
    assert event.detail["changed"] == ["text"]
    assert event.detail["before"]["text"]["nl"] == "Wat is moeilijk?"


def test_a_closed_questionnaire_takes_no_answers(app, ctx, built):
    from burgerplatform.consultations.models import Phase

    b = built()
    round_, questionnaire, users, staff = _load(b)
    round_.phase = Phase.CO_DRAFT
    with pytest.raises(PhaseError):
        services.save_answers(
            round_, questionnaire, users[3], {b.questions["open"]: Given(body="x")}
        )
    with pytest.raises(PhaseError):
        services.enter_paper(
            round_, questionnaire, staff, AnswerSource.PAPER, round_.created_at.date(), "", {}
        )


def test_results_count_online_and_paper_and_hide_small_counts_from_all_but_staff(app, ctx, built):
    b = built()
    round_, questionnaire, users, staff = _load(b)
    single = b.questions["single"]
    for user in users[:6]:
        services.save_answers(
            round_,
            questionnaire,
            user,
            {single: Given(choices=[1]), b.questions["scale"]: Given(choices=[3])},
        )
        services.send(round_, questionnaire, user)
    for choice in (0, 0):
        services.enter_paper(
            round_,
            questionnaire,
            staff,
            AnswerSource.PAPER,
            round_.created_at.date(),
            "",
            {single: Given(choices=[choice]), b.questions["ranking"]: Given(choices=[2, 0, 1])},
        )
    staff_view = services.results(questionnaire, "nl", exact=True)
    public = services.results(questionnaire, "nl", exact=False)
    assert (staff_view["online"], staff_view["offline"], staff_view["total"]) == ("6", "2", "8")
    # A range, so "fewer than 5" cannot be worked out by subtraction.
    assert public["offline"] == "minder dan 5" and public["total"] == "5 tot 9"
    first = staff_view["questions"][0]
    assert [(r.online, r.offline) for r in first.rows] == [(0, 2), (6, 0), (0, 0)]
    bars = public["questions"][0].bars
    assert bars[0] == {"text": "Te voet", "value": "minder dan 5", "width": 0}
    assert bars[1]["value"] == "5 tot 9" and bars[1]["width"] == 100
    ranking = staff_view["questions"][3]
    assert [r.total for r in ranking.rows] == [0, 0, 2]  # who put it first


def test_the_export_numbers_questionnaires_and_names_nobody(app, ctx, built):
    b = built()
    round_, questionnaire, users, staff = _load(b)
    services.save_answers(
        round_,
        questionnaire,
        users[0],
        {
            b.questions["single"]: Given(choices=[2]),
            b.questions["scale"]: Given(choices=[5]),
            b.questions["ranking"]: Given(choices=[1, 0, None]),
        },
    )
    services.send(round_, questionnaire, users[0])
    rows = list(services.export_rows(questionnaire, "nl", "(verborgen)"))
    assert rows == [[1, "Online", rows[0][2], "Met de auto", "", "5", "1. Goedkoop; 2. Snel", ""]]
    assert users[0].email not in repr(rows) and users[0].display_name not in repr(rows)


def test_once_answered_options_cannot_be_moved_or_reworded_only_corrected(app, ctx, built):
    """Outside review: reversing the options after answers came in moved every answer
    to the opposite choice."""
    b = built()
    round_, questionnaire, users, staff = _load(b)
    services.save_answers(round_, questionnaire, users[3], {b.questions["open"]: Given(body="Ja")})
    question = db.session.get(Question, b.questions["multiple"])
    text = {"text_nl": "Wat is moeilijk?"}

    def options(lines: str):
        return services.question_data(QuestionKind.MULTIPLE, False, {**text, "options_nl": lines})

    for moved in ("De uren\nDe prijs\nParkeren", "Parkeren\nDe prijs\nHet weekend"):
        with pytest.raises(DomainError) as refused:
            services.update_question(question, options(moved), staff)
        assert refused.value.field == "options_nl"
    assert services.update_question(question, options("Parkeeren\nDe prijs\nDe uren"), staff)
    assert question.options[0]["nl"] == "Parkeeren"
