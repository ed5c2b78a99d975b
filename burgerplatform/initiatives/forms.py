from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from burgerplatform.core.forms import (
    BaseForm,
    IntegerField,
    NumberRange,
    OnceForm,
    ascii_int,
    choices,
    easy_read_field,
    no_control_characters,
)
from burgerplatform.initiatives.models import AnswerKind

MAX_BODY = 20_000
TOO_LONG = _l("This text is too long: at most %(max)d characters.")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class DraftForm(BaseForm):
    draft_key = HiddenField()
    title = StringField(
        _l("Title"),
        validators=[
            DataRequired(_l("Give your initiative a title.")),
            Length(max=200, message=TOO_LONG),
            no_control_characters,
        ],
        description=_l("In a few words: what do you want to change?"),
    )
    summary = TextAreaField(
        _l("Short summary"),
        validators=[Optional(), Length(max=600, message=TOO_LONG), no_control_characters],
        description=_l("Two or three sentences. This is what people see first."),
    )
    body = TextAreaField(
        _l("Your text"),
        validators=[Optional(), Length(max=MAX_BODY, message=TOO_LONG), no_control_characters],
        description=_l(
            "Tell what the problem is, for whom, and what would help. Write as you would say "
            "it to a neighbour. Do not name other people or share their health. You can put "
            "words in *italics* or **bold**, and start a line with - for a list."
        ),
    )
    affected = TextAreaField(
        _l("Who is affected? (optional)"),
        validators=[Optional(), Length(max=3000, message=TOO_LONG), no_control_characters],
    )
    ask = TextAreaField(
        _l("What would you like the zorgraad to do? (optional)"),
        validators=[Optional(), Length(max=3000, message=TOO_LONG), no_control_characters],
    )
    themes = MultiCheckboxField(_l("Themes"), coerce=ascii_int, validators=[Optional()])
    municipalities = MultiCheckboxField(
        _l("Municipalities it is about (optional)"), coerce=ascii_int, validators=[Optional()]
    )

    def set_options(self, themes, municipalities) -> None:
        self.themes.choices = choices((t.id, t.label) for t in themes)
        self.municipalities.choices = choices((m.id, m.name) for m in municipalities)


class InviteForm(BaseForm):
    email = StringField(
        _l("E-mail address of your co-author"),
        validators=[
            DataRequired(_l("Fill in an e-mail address.")),
            Email(_l("This is not a valid e-mail address.")),
            Length(max=254),
        ],
    )


class SendBackForm(BaseForm):
    message = TextAreaField(
        _l("Message to the authors"),
        validators=[
            DataRequired(_l("Tell the authors what to change.")),
            Length(max=5000, message=TOO_LONG),
            no_control_characters,
        ],
        description=_l("Say kindly what should change, e.g. remove a name or make it clearer."),
    )


class AgendaForm(BaseForm):
    reason = TextAreaField(
        _l("Why it goes on the agenda (optional)"),
        validators=[Optional(), Length(max=2000, message=TOO_LONG), no_control_characters],
    )


class ScheduleForm(BaseForm):
    next_meeting = SelectField(_l("Zorgraad meeting"), validators=[InputRequired()])
    invite_author = BooleanField(_l("Invite the author to present it at the meeting"))


class AnswerForm(BaseForm):
    kind = RadioField(
        _l("The answer of the zorgraad"),
        choices=AnswerKind.choices(),
        validators=[InputRequired(_l("Choose the answer."))],
    )
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Always give the reason for the answer.")),
            Length(max=MAX_BODY, message=TOO_LONG),
            no_control_characters,
        ],
        description=_l("Explain in plain words why. Everyone can read this."),
    )
    answer_easy = easy_read_field()
    referred_to = StringField(
        _l("Referred to whom (only when the answer is “Referred to someone else”)"),
        validators=[Optional(), Length(max=200, message=TOO_LONG), no_control_characters],
    )
    meeting = SelectField(
        _l("Meeting in which it was decided"),
        validators=[InputRequired()],
        # The service says why a meeting cannot be chosen (not held yet, another zone).
        validate_choice=False,
        description=_l("Only meetings that have taken place are listed."),
    )


class ProgressForm(OnceForm):
    text = TextAreaField(
        _l("What happened"),
        validators=[
            DataRequired(_l("Describe what happened.")),
            Length(max=5000, message=TOO_LONG),
            no_control_characters,
        ],
    )
    text_easy = easy_read_field()
    on = DateField(_l("Date"), validators=[InputRequired(_l("Fill in a date."))])
    percent = IntegerField(
        _l("How far along, in percent (optional)"),
        validators=[Optional(), NumberRange(0, 100, _l("A percentage is between 0 and 100."))],
    )


class FinishForm(BaseForm):
    outcome = RadioField(
        _l("How it ends"),
        choices=choices([("realised", _l("Realised")), ("closed", _l("Closed"))]),
        validators=[InputRequired(_l("Choose how it ends."))],
    )
    final_word = TextAreaField(
        _l("Final word"),
        validators=[
            DataRequired(_l("Write a final word for everyone who followed it.")),
            Length(max=5000, message=TOO_LONG),
            no_control_characters,
        ],
    )


class CommentForm(OnceForm):
    parent_id = HiddenField()
    body = TextAreaField(
        _l("Your comment"),
        validators=[
            DataRequired(_l("Write something first.")),
            Length(max=5000, message=TOO_LONG),
            no_control_characters,
        ],
    )


THEME_NAME_RULES = [
    DataRequired(_l("Give the theme a name of at least 2 characters.")),
    Length(min=2, max=120, message=_l("A theme's name is between 2 and 120 characters.")),
    no_control_characters,
]
# Shown when the theme being renamed is one of the default, translated ones.
DEFAULT_THEME_HINT = _l(
    "This is a default theme: everyone reads it in their own language now. After renaming, "
    "everyone reads the name you type here, in every language."
)


class ThemeForm(BaseForm):
    """Adding a theme. Uniqueness in the zone is checked in initiatives.themes."""

    name = StringField(
        _l("Name of the theme"),
        validators=THEME_NAME_RULES,
        description=_l("Plain words, as citizens would say it. Between 2 and 120 characters."),
    )


class RenameThemeForm(BaseForm):
    name = StringField(
        _l("New name"),
        validators=THEME_NAME_RULES,
        description=_l(
            "Initiatives with this theme show the new name. Between 2 and 120 characters."
        ),
    )
