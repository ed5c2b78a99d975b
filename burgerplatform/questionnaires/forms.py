"""Forms of a questionnaire: its settings, a question, and the answers (built per
questionnaire, online and for the paper ones staff type in)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from burgerplatform.core.forms import BaseForm, OnceForm, choices, no_control_characters
from burgerplatform.questionnaires.models import (
    LANGUAGES,
    SCALE,
    AnswerSource,
    Audience,
    Question,
    QuestionKind,
)
from burgerplatform.questionnaires.services import Given

TEXT = [Optional(), Length(max=5000), no_control_characters]
LANGUAGE_LABELS = {"nl": _l("Dutch"), "fr": _l("French"), "en": _l("English")}
NO_ANSWER = _l("No answer")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SettingsForm(BaseForm):
    intro = TextAreaField(
        _l("A short introduction"),
        validators=TEXT,
        description=_l("Say why you ask these questions and what happens with the answers."),
    )
    audience = RadioField(
        _l("Who may answer"), choices=Audience.choices(), default=Audience.ZONE.value
    )
    results_public = BooleanField(_l("Show the results to everyone"))


class NewQuestionnaireForm(OnceForm, SettingsForm):
    pass


def _wording_fields(cls: type) -> None:
    for lang in LANGUAGES:
        name = LANGUAGE_LABELS[lang]
        setattr(
            cls,
            f"text_{lang}",
            TextAreaField(
                _l("The question in %(language)s", language=name),
                validators=[Optional(), Length(max=1000), no_control_characters],
            ),
        )
        setattr(
            cls,
            f"easy_{lang}",
            TextAreaField(
                _l("In easy words, in %(language)s (optional)", language=name),
                validators=[Optional(), Length(max=1000), no_control_characters],
            ),
        )
        setattr(
            cls,
            f"options_{lang}",
            TextAreaField(
                _l("The options in %(language)s, one per line", language=name),
                validators=[Optional(), Length(max=3000), no_control_characters],
            ),
        )


class QuestionForm(BaseForm):
    kind = SelectField(_l("Kind of question"), choices=QuestionKind.choices())
    required = BooleanField(_l("An answer is required"))

    def texts(self) -> dict[str, str | None]:
        return {
            f"{part}_{lang}": getattr(self, f"{part}_{lang}").data
            for part in ("text", "easy", "options")
            for lang in LANGUAGES
        }

    @classmethod
    def of(cls, question: Question) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": question.kind.value, "required": question.required}
        for lang in LANGUAGES:
            data[f"text_{lang}"] = question.text.get(lang, "")
            data[f"easy_{lang}"] = question.easy_read.get(lang, "")
            data[f"options_{lang}"] = "\n".join(o.get(lang, "") for o in question.options)
            if not any(o.get(lang) for o in question.options):
                data[f"options_{lang}"] = ""
        return data


_wording_fields(QuestionForm)


class NewQuestionForm(OnceForm, QuestionForm):
    # Two questions may well start alike ("How often ..."): only the key counts.
    once_per_content = False


# --- Answers ------------------------------------------------------------------------


def _option_choices(question: Question, lang: str) -> list:
    return choices((str(i), label) for i, (label, _f) in enumerate(question.option_labels(lang)))


def _add_answer_fields(cls: type, questions: list[Question], lang: str) -> None:
    for question in questions:
        label, _fallback = question.wording(lang)
        name = f"q{question.id}"
        blank = [] if question.required else choices([("", NO_ANSWER)])
        if question.kind is QuestionKind.SINGLE:
            field: Any = RadioField(
                label,
                choices=[*_option_choices(question, lang), *blank],
                validators=[Optional()],
            )
        elif question.kind is QuestionKind.SCALE:
            field = RadioField(
                label,
                choices=[*choices((str(n), str(n)) for n in SCALE), *blank],
                validators=[Optional()],
            )
        elif question.kind is QuestionKind.MULTIPLE:
            field = MultiCheckboxField(
                label, choices=_option_choices(question, lang), validators=[Optional()]
            )
        elif question.kind is QuestionKind.RANKING:
            for place in range(1, len(question.options) + 1):
                setattr(
                    cls,
                    f"{name}_{place}",
                    SelectField(
                        _l("Place %(num)d", num=place),
                        choices=[*choices([("", "—")]), *_option_choices(question, lang)],
                        validators=[Optional()],
                    ),
                )
            continue
        else:
            field = TextAreaField(label, validators=TEXT)
        setattr(cls, name, field)


def _as_int(value: Any) -> int | None:
    return int(value) if isinstance(value, str) and value.isdigit() else None


def given_answers(form: BaseForm, questions: list[Question]) -> dict[int, Given]:
    """What the form holds, per question id, for the services to check and keep."""
    given = {}
    for question in questions:
        name = f"q{question.id}"
        if question.kind is QuestionKind.RANKING:
            places = [
                _as_int(getattr(form, f"{name}_{p}").data)
                for p in range(1, len(question.options) + 1)
            ]
            given[question.id] = Given(choices=places)
        elif question.kind is QuestionKind.OPEN:
            given[question.id] = Given(body=getattr(form, name).data or "")
        elif question.kind is QuestionKind.MULTIPLE:
            given[question.id] = Given(choices=[_as_int(v) for v in getattr(form, name).data or []])
        else:
            given[question.id] = Given(choices=[_as_int(getattr(form, name).data)])
    return given


def answer_data(questions: list[Question], answers: dict[int, Any]) -> dict[str, Any]:
    """A form's starting values from the answers kept so far."""
    data: dict[str, Any] = {}
    for question in questions:
        answer = answers.get(question.id)
        if answer is None:
            continue
        name = f"q{question.id}"
        if question.kind is QuestionKind.RANKING:
            for place, choice in enumerate(answer.choices, 1):
                data[f"{name}_{place}"] = str(choice)
        elif question.kind is QuestionKind.OPEN:
            data[name] = answer.body
        elif question.kind is QuestionKind.MULTIPLE:
            data[name] = [str(c) for c in answer.choices]
        elif answer.choices:
            data[name] = str(answer.choices[0])
    return data


def answer_form(questions: list[Question], lang: str, **kwargs: Any) -> BaseForm:
    class AnswerForm(BaseForm):
        pass

    _add_answer_fields(AnswerForm, questions, lang)
    return AnswerForm(**kwargs)


class PaperFormBase(OnceForm):
    # Two paper questionnaires may hold the same answers: each one counts.
    once_per_content = False
    source = RadioField(
        _l("How was it answered?"),
        choices=AnswerSource.choices([AnswerSource.PAPER, AnswerSource.PHONE]),
        default=AnswerSource.PAPER.value,
    )
    source_date = DateField(
        _l("Date on the questionnaire"),
        validators=[InputRequired(message=_l("Fill in the date of the questionnaire."))],
    )
    source_note = StringField(
        _l("Where or how (optional)"),
        validators=[Optional(), Length(max=200), no_control_characters],
        description=_l("For example: the information evening in Eeklo."),
    )


def paper_form(questions: list[Question], lang: str, **kwargs: Any) -> PaperFormBase:
    class PaperForm(PaperFormBase):
        pass

    _add_answer_fields(PaperForm, questions, lang)
    return PaperForm(**kwargs)
