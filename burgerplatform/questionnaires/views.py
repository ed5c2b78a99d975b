"""A round's questionnaire: building it, answering it, typing in paper ones, results."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.consultations.rules import load_round
from burgerplatform.core.forms import handle, press
from burgerplatform.core.permissions import PUBLIC, ZONE_STAFF, is_zone_staff, requires
from burgerplatform.core.spreadsheet import csv_response
from burgerplatform.questionnaires import bp, forms, services
from burgerplatform.questionnaires.models import AnswerSource, Audience, QuestionKind
from burgerplatform.questionnaires.rules import (
    ANSWERER,
    BUILDER,
    RESULTS_READER,
    load_question,
    load_questionnaire,
)

HIDDEN = _l("(hidden by the moderator)")
ONE, ALL = "one", "all"


def _lang() -> str:
    return str(get_locale() or "nl")


def _here(endpoint: str = "questionnaires.show", **args) -> str:
    return url_for(endpoint, round_id=load_round().id, **args)


@bp.route("")
@requires(PUBLIC)
def show(round_id: int):
    round_ = load_round()
    questionnaire = services.questionnaire_of(round_)
    if questionnaire is None:
        if services.may_build(round_, current_user):
            return redirect(_here("questionnaires.build"))
        abort(404)
    submission = services.submission_of(questionnaire, current_user)
    return render_template(
        "questionnaires/show.html",
        round=round_,
        questionnaire=questionnaire,
        submission=submission,
        is_open=services.is_open(round_, questionnaire),
        may_answer=services.may_answer(round_, questionnaire, current_user),
        may_build=services.may_build(round_, current_user),
        may_see_results=services.may_see_results(round_, questionnaire, current_user),
        staff=is_zone_staff(current_user),
        lang=_lang(),
    )


# --- Building -----------------------------------------------------------------------


def _build_page(status: int = 200, **overrides):
    round_ = load_round()
    questionnaire = services.questionnaire_of(round_)
    page_forms = {
        "new_form": forms.NewQuestionnaireForm(formdata=None),
        "settings_form": forms.SettingsForm(
            formdata=None,
            data={
                "intro": questionnaire.intro,
                "audience": questionnaire.audience.value,
                "results_public": questionnaire.results_public,
            }
            if questionnaire
            else None,
        ),
        "question_form": forms.NewQuestionForm(formdata=None),
    }
    page_forms.update(overrides)
    return render_template(
        "questionnaires/build.html",
        round=round_,
        questionnaire=questionnaire,
        locked=questionnaire is not None and services.is_locked(questionnaire),
        lang=_lang(),
        **page_forms,
    ), status


@bp.route("/build")
@requires(BUILDER)
def build(round_id: int):
    return _build_page()


@bp.route("/new", methods=["POST"])
@requires(BUILDER)
def create(round_id: int):
    round_ = load_round()
    form = forms.NewQuestionnaireForm()
    return handle(
        form,
        lambda: services.create_questionnaire(
            round_,
            current_user,
            form.intro.data or "",
            Audience(form.audience.data),
            bool(form.results_public.data),
        ),
        done=_l("The questionnaire is made. Now add its questions."),
        then=_here("questionnaires.build", _anchor="add-question"),
        page=lambda status: _build_page(status, new_form=form),
        once=True,
    )


@bp.route("/settings", methods=["POST"])
@requires(BUILDER)
def settings(round_id: int):
    questionnaire = load_questionnaire()
    form = forms.SettingsForm()
    return handle(
        form,
        lambda: services.update_settings(
            questionnaire,
            form.intro.data or "",
            Audience(form.audience.data),
            bool(form.results_public.data),
        ),
        done=lambda changed: _l("Saved.") if changed else _l("Nothing changed."),
        then=_here("questionnaires.build"),
        page=lambda status: _build_page(status, settings_form=form),
    )


@bp.route("/questions", methods=["POST"])
@requires(BUILDER)
def add_question(round_id: int):
    questionnaire = load_questionnaire()
    form = forms.NewQuestionForm()
    return handle(
        form,
        lambda: services.add_question(
            questionnaire,
            services.question_data(
                QuestionKind(form.kind.data), bool(form.required.data), form.texts()
            ),
        ),
        done=_l("The question is added."),
        then=lambda question: _here("questionnaires.build", _anchor=f"question-{question.id}"),
        page=lambda status: _build_page(status, question_form=form),
        once=True,
    )


@bp.route("/questions/<int:question_id>", methods=["GET", "POST"])
@requires(BUILDER)
def edit_question(round_id: int, question_id: int):
    question = load_question()
    questionnaire = load_questionnaire()
    form = forms.QuestionForm(data=forms.QuestionForm.of(question))
    return handle(
        form,
        lambda: services.update_question(
            question,
            services.question_data(
                QuestionKind(form.kind.data), bool(form.required.data), form.texts()
            ),
            current_user,
        ),
        done=lambda changed: _l("The question is changed.") if changed else _l("Nothing changed."),
        then=_here("questionnaires.build", _anchor=f"question-{question.id}"),
        page=lambda status: (
            render_template(
                "questionnaires/edit_question.html",
                round=load_round(),
                question=question,
                form=form,
                locked=services.is_locked(questionnaire),
            ),
            status,
        ),
    )


@bp.route("/questions/<int:question_id>/delete", methods=["POST"])
@requires(BUILDER)
def delete_question(round_id: int, question_id: int):
    question = load_question()
    return press(
        lambda: services.delete_question(question),
        then=_here("questionnaires.build"),
        done=_l("The question is removed."),
    )


@bp.route("/questions/<int:question_id>/move", methods=["POST"])
@requires(BUILDER)
def move_question(round_id: int, question_id: int):
    question = load_question()
    up = request.form.get("direction") == "up"
    return press(
        lambda: services.move_question(question, up),
        then=_here("questionnaires.build", _anchor=f"question-{question.id}"),
    )


# --- Answering ----------------------------------------------------------------------


def _mode() -> str:
    return ALL if (request.values.get("mode") or "") == ALL else ONE


def _page_number(count: int) -> int:
    try:
        number = int(request.values.get("page") or 1)
    except ValueError:
        number = 1
    return min(max(number, 1), max(count, 1))


def _refuse_if_closed(round_, questionnaire):
    """Answering a closed questionnaire, or one already sent: said on its own page."""
    submission = services.submission_of(questionnaire, current_user)
    if not services.is_open(round_, questionnaire):
        flash(services.CLOSED, "error")
        return redirect(_here())
    if submission is not None and submission.sent_at is not None:
        flash(services.SENT_BEFORE, "info")
        return redirect(_here())
    return None


@bp.route("/answer", methods=["GET", "POST"])
@requires(ANSWERER)
def answer(round_id: int):
    round_ = load_round()
    questionnaire = load_questionnaire()
    # A page sent to a closed questionnaire comes back with what was typed and why.
    refused = _refuse_if_closed(round_, questionnaire) if request.method == "GET" else None
    if refused is not None:
        return refused
    all_questions = list(questionnaire.questions)
    mode = _mode()
    number = _page_number(len(all_questions))
    shown = all_questions if mode == ALL else all_questions[number - 1 : number]
    submission = services.submission_of(questionnaire, current_user)
    kept = {a.question_id: a for a in submission.answers} if submission else {}
    form = forms.answer_form(shown, _lang(), data=forms.answer_data(shown, kept))
    step = request.form.get("step", "next")
    last = mode == ALL or number >= len(all_questions)

    def page(status: int):
        return render_template(
            "questionnaires/answer.html",
            round=round_,
            questionnaire=questionnaire,
            questions=shown,
            form=form,
            mode=mode,
            number=number,
            count=len(all_questions),
            last=last,
            lang=_lang(),
        ), status

    def then(_submission) -> str:
        if step == "stop":
            return _here()
        if step == "back":
            return _here("questionnaires.answer", mode=mode, page=max(number - 1, 1))
        if last:
            return _here("questionnaires.summary")
        return _here("questionnaires.answer", mode=mode, page=number + 1)

    return handle(
        form,
        lambda: services.save_answers(
            round_,
            questionnaire,
            current_user,
            forms.given_answers(form, shown),
            complete=step == "next",
        ),
        then=then,
        done=lambda _s: (
            _l("Your answers are saved. You can come back later to finish.")
            if step == "stop"
            else None
        ),
        page=page,
    )


def _summary_page(round_, questionnaire, status: int = 200, missing=None):
    submission = services.submission_of(questionnaire, current_user)
    kept = {a.question_id: a for a in submission.answers} if submission else {}
    lang = _lang()
    rows = [
        (number, q, services.answer_text(q, kept.get(q.id), lang))
        for number, q in enumerate(questionnaire.questions, 1)
    ]
    return render_template(
        "questionnaires/summary.html",
        round=round_,
        questionnaire=questionnaire,
        rows=rows,
        missing=missing
        if missing is not None
        else services.missing_required(questionnaire, submission),
        lang=lang,
    ), status


@bp.route("/summary")
@requires(ANSWERER)
def summary(round_id: int):
    round_ = load_round()
    questionnaire = load_questionnaire()
    refused = _refuse_if_closed(round_, questionnaire)
    return refused if refused is not None else _summary_page(round_, questionnaire)


@bp.route("/send", methods=["POST"])
@requires(ANSWERER)
def send(round_id: int):
    round_ = load_round()
    questionnaire = load_questionnaire()
    return press(
        lambda: services.send(round_, questionnaire, current_user),
        then=_here(),
        done=_l("Thank you! Your answers are sent."),
        failed=lambda: _summary_page(round_, questionnaire, 400),
    )


# --- Paper and phone ----------------------------------------------------------------


@bp.route("/paper", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def paper(round_id: int):
    round_ = load_round()
    questionnaire = load_questionnaire()
    questions = list(questionnaire.questions)
    lang = _lang()
    # The next questionnaire of a batch starts with the same source and date.
    start: dict = {"source": request.args.get("source") or AnswerSource.PAPER.value}
    try:
        start["source_date"] = date.fromisoformat(request.args.get("date") or "")
    except ValueError:
        pass
    form = forms.paper_form(questions, lang, data=start)
    entered = sum(1 for s in services.sent_submissions(questionnaire) if s.offline)

    def page(status: int):
        return render_template(
            "questionnaires/paper.html",
            round=round_,
            questionnaire=questionnaire,
            questions=questions,
            form=form,
            entered=entered,
            is_open=services.is_open(round_, questionnaire),
            lang=lang,
        ), status

    return handle(
        form,
        lambda: services.enter_paper(
            round_,
            questionnaire,
            current_user,
            AnswerSource(form.source.data),
            form.source_date.data,
            form.source_note.data or "",
            forms.given_answers(form, questions),
        ),
        done=_l("Saved. Type in the next questionnaire."),
        then=lambda s: _here(
            "questionnaires.paper", source=s.source.value, date=s.source_date.isoformat()
        ),
        page=page,
        once=True,
    )


# --- Results ------------------------------------------------------------------------


@bp.route("/results")
@requires(RESULTS_READER)
def results(round_id: int):
    round_ = load_round()
    questionnaire = load_questionnaire()
    staff = is_zone_staff(current_user)
    return render_template(
        "questionnaires/results.html",
        round=round_,
        questionnaire=questionnaire,
        results=services.results(questionnaire, _lang(), exact=staff),
        staff=staff,
        lang=_lang(),
    )


@bp.route("/results.csv")
@requires(ZONE_STAFF)
def export(round_id: int):
    round_ = load_round()
    questionnaire = load_questionnaire()
    lang = _lang()
    columns = [
        str(_l("Number")),
        str(_l("How it was answered")),
        str(_l("Date")),
        *(q.wording(lang)[0] for q in questionnaire.questions),
    ]
    return csv_response(
        f"questionnaire-round-{round_.id}.csv",
        columns,
        list(services.export_rows(questionnaire, lang, str(HIDDEN))),
        no_store=True,
    )
