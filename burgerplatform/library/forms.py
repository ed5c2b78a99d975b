"""The publish form: the case in Dutch (French and English optional), its tags, counts
and the confirmation that it names nobody who did not agree."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import InputRequired, Length, Optional

from burgerplatform.core.forms import (
    BaseForm,
    IntegerField,
    NumberRange,
    OnceForm,
    ascii_int,
    easy_read_field,
    no_control_characters,
)
from burgerplatform.library.models import LANGUAGES, CaseTopic, Theme
from burgerplatform.library.services import TEXT_PARTS, CaseDetails

MAX_TEXT = 10_000
TOO_LONG = _l("This text is too long: at most %(max)d characters.")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _text(label: Any, description: Any = None) -> TextAreaField:
    return TextAreaField(
        label,
        description=description,
        default="",
        validators=[Length(max=MAX_TEXT, message=TOO_LONG), no_control_characters],
    )


# A French or English field says its language in its label, so the error summary does too
# ("What was done? (French)" links to #fr_done, not a second "What was done?").
IN_LANGUAGE = {
    "fr": _l("%(label)s (French)"),
    "en": _l("%(label)s (English)"),
}


def _in(lang: str, label: Any) -> Any:
    if lang not in IN_LANGUAGE:
        return label
    return LazyString(lambda: str(IN_LANGUAGE[lang]) % {"label": label})


def _language_fields() -> dict[str, Any]:
    """The text fields of one case, once per language: nl_title, fr_title, …"""
    fields: dict[str, Any] = {}
    for lang in LANGUAGES:
        fields[f"{lang}_title"] = StringField(
            _in(lang, _l("Title")),
            default="",
            validators=[Length(max=200, message=TOO_LONG), no_control_characters],
        )
        fields[f"{lang}_asked"] = _text(
            _in(lang, _l("What was asked?")), _l("The question or the need the group started from.")
        )
        fields[f"{lang}_who"] = _text(
            _in(lang, _l("Who took part?")),
            _l("Describe the group without names, e.g. “twelve neighbours and three carers”."),
        )
        fields[f"{lang}_done"] = _text(_in(lang, _l("What was done?")))
        fields[f"{lang}_changed"] = _text(_in(lang, _l("What changed?")))
        fields[f"{lang}_differently"] = _text(_in(lang, _l("What would you do differently?")))
        fields[f"{lang}_summary_easy"] = easy_read_field(
            _in(lang, _l("Easy-read summary (optional)"))
        )
    return fields


class _CaseFields(BaseForm):
    topic = SelectField(
        _l("Topic"),
        choices=CaseTopic.choices(),
        validators=[InputRequired(_l("Choose a topic."))],
    )
    themes = MultiCheckboxField(
        _l("Themes of BurgersAanZet"),
        choices=Theme.choices(),
        validators=[Optional()],
    )
    participant_count = IntegerField(
        _l("How many people took part?"),
        validators=[
            InputRequired(_l("Fill in how many people took part.")),
            NumberRange(min=1, max=100_000, message=_l("Fill in a number from 1 to 100,000.")),
        ],
    )
    contact = StringField(
        _l("Contact for more"),
        description=_l("Who other zones may ask for more: a role and an e-mail address."),
        default="",
        validators=[Length(max=200, message=TOO_LONG), no_control_characters],
    )
    named = MultiCheckboxField(
        _l("Participants who agreed to be named"),
        description=_l("Tick only the people who said yes to having their name in the case."),
        coerce=ascii_int,
        validators=[Optional()],
    )
    no_names = BooleanField(
        _l("The case names nobody who did not agree to it."),
        description=_l("We check the text against the names of the participants."),
    )
    # Shown once the check found a word that is also a participant's name ("an", "ben").
    not_names = BooleanField(_l("I checked: this is not a person's name"))


# A form that creates: sent twice, it publishes one case (core.forms.OnceForm).
CaseForm = type("CaseForm", (OnceForm, _CaseFields), _language_fields())
# Correcting a published case: the same fields, and no one-time key (it edits).
CaseEditForm = type("CaseEditForm", (_CaseFields,), _language_fields())


class WithdrawForm(BaseForm):
    reason = TextAreaField(
        _l("Why is the case withdrawn?"),
        description=_l(
            "Only platform admins read this, in the export of the audit log. Write no names."
        ),
        default="",
        validators=[Length(max=500, message=TOO_LONG), no_control_characters],
    )


def set_participants(form: Any, people: list[tuple[int, str]]) -> None:
    form.named.choices = [(uid, name) for uid, name in people]


def prefill(form: Any, details: CaseDetails) -> None:
    """Show a published case in the form, to correct it."""
    for lang in LANGUAGES:
        for part in TEXT_PARTS:
            form[f"{lang}_{part}"].data = details.texts.get(lang, {}).get(part, "")
    form.topic.data = details.topic.value
    form.themes.data = [t.value for t in details.themes]
    form.participant_count.data = details.participant_count
    form.contact.data = details.contact
    form.named.data = sorted(details.named)


def details_of(form: Any) -> CaseDetails:
    texts = {
        lang: {part: (form[f"{lang}_{part}"].data or "") for part in TEXT_PARTS}
        for lang in LANGUAGES
    }
    return CaseDetails(
        texts=texts,
        topic=CaseTopic(form.topic.data),
        themes=[Theme(v) for v in form.themes.data or []],
        participant_count=form.participant_count.data,
        contact=form.contact.data or "",
        named=set(form.named.data or []),
        confirmed_no_names=bool(form.no_names.data),
        checked_not_names=bool(form.not_names.data),
    )
