from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, Email, InputRequired, Length, Optional, ValidationError

from burgerplatform.consultations.forms import MultiCheckboxField
from burgerplatform.core.forms import BaseForm, OnceForm, ascii_int, choices, no_control_characters
from burgerplatform.core.i18n import LANGUAGE_NAMES
from burgerplatform.groups.models import RoundPart
from burgerplatform.groups.services import CONSENT_NEEDED, Entry

TEXT = [Optional(), Length(max=4000), no_control_characters]
EMAIL = [
    InputRequired(_l("Fill in an e-mail address.")),
    Length(max=254),
    Email(_l("This is not a valid e-mail address."), check_deliverability=False),
]


class GroupFields(BaseForm):
    # The fields stored as they are on a Group (the municipalities are stored by id).
    ENTRY_FIELDS = (
        "name",
        "purpose",
        "audience",
        "languages",
        "other_languages",
        "accessibility",
        "how_to_join",
        "reach_email",
        "reach_phone",
        "website",
    )

    name = StringField(
        _l("Name of the group"),
        validators=[InputRequired(_l("Fill in the name of the group.")), Length(max=200)],
    )
    purpose = TextAreaField(_l("What does the group do?"), validators=TEXT)
    audience = TextAreaField(
        _l("Where and for whom?"),
        description=_l("For example: every Tuesday in the library, for carers."),
        validators=TEXT,
    )
    municipalities = MultiCheckboxField(_l("Municipalities"), coerce=ascii_int)
    languages = MultiCheckboxField(
        _l("Languages"), choices=choices(LANGUAGE_NAMES.items()), validate_choice=False
    )
    other_languages = StringField(_l("Other languages"), validators=[Optional(), Length(max=200)])
    accessibility = TextAreaField(
        _l("Accessibility"),
        description=_l("For example: no stairs, a quiet room, sign language."),
        validators=TEXT,
    )
    how_to_join = TextAreaField(
        _l("How can people join or reach the group?"),
        description=_l("We show only what you fill in here and below."),
        validators=TEXT,
    )
    reach_email = StringField(
        _l("E-mail address to show (optional)"),
        validators=[
            Optional(),
            Length(max=254),
            Email(_l("This is not a valid e-mail address."), check_deliverability=False),
        ],
    )
    reach_phone = StringField(
        _l("Phone number to show (optional)"), validators=[Optional(), Length(max=40)]
    )
    website = StringField(
        _l("Website (optional)"),
        validators=[
            Optional(),
            Length(max=300),
            URL(message=_l("Type a full address, starting with https://.")),
        ],
    )

    def entry(self) -> Entry:
        return Entry(
            name=self.name.data or "",
            purpose=self.purpose.data or "",
            audience=self.audience.data or "",
            how_to_join=self.how_to_join.data or "",
            reach_email=self.reach_email.data or "",
            reach_phone=self.reach_phone.data or "",
            website=self.website.data or "",
            languages=list(self.languages.data or []),
            other_languages=self.other_languages.data or "",
            accessibility=self.accessibility.data or "",
            municipality_ids=list(self.municipalities.data or []),
        )


class RegisterGroupForm(GroupFields, OnceForm):
    consent = BooleanField(
        _l("I am the contact person of this group. I agree that this is shown on the site.")
    )

    def validate_consent(self, field: BooleanField) -> None:
        # Checked with the other fields, so that every error shows at once.
        if not field.data:
            raise ValidationError(CONSENT_NEEDED)


class AddGroupForm(GroupFields, OnceForm):
    contact_email = StringField(
        _l("E-mail address of the contact person"),
        description=_l("They need an account. We ask them by mail to confirm."),
        validators=EMAIL,
    )


class EditGroupForm(GroupFields):
    pass


class HandOverForm(BaseForm):
    email = StringField(_l("E-mail address of the new contact person"), validators=EMAIL)


class InviteGroupForm(OnceForm):
    group = SelectField(
        _l("Group"), coerce=ascii_int, validators=[InputRequired(_l("Choose a group."))]
    )
    part = RadioField(
        _l("What is the group invited to do?"),
        choices=RoundPart.choices(),
        validators=[InputRequired(_l("Choose what the group is invited to do."))],
    )


class GroupInputForm(OnceForm):
    body = TextAreaField(
        _l("The input of the group"),
        validators=[
            InputRequired(_l("Write a text.")),
            Length(max=20000),
            no_control_characters,
        ],
    )


class GroupSuggestionForm(OnceForm):
    proposal = TextAreaField(
        _l("How would the group ask the question?"),
        validators=[InputRequired(_l("Write a text.")), Length(max=2000), no_control_characters],
    )
    reason = TextAreaField(_l("Why (optional)"), validators=TEXT)


class SupportForm(OnceForm):
    goal = TextAreaField(
        _l("What does the group want to achieve?"),
        validators=[InputRequired(_l("Say what the group wants to achieve.")), *TEXT[1:]],
    )
    people = TextAreaField(_l("Who is involved?"), validators=TEXT)
    help = TextAreaField(
        _l("What help do you need?"),
        validators=[InputRequired(_l("Say what help the group needs.")), *TEXT[1:]],
    )
    invite_emails = TextAreaField(
        _l("E-mail addresses of members (optional)"),
        description=_l("One on each line. If a coach starts a proeftuin, we invite them."),
        validators=TEXT,
    )


class AnswerForm(BaseForm):
    answer = TextAreaField(
        _l("Your answer"),
        validators=[InputRequired(_l("Write an answer first.")), *TEXT[1:]],
    )


class StartProeftuinForm(OnceForm):
    name = StringField(
        _l("Name of the proeftuin"),
        validators=[InputRequired(_l("Fill in a name.")), Length(max=200)],
    )
    description = TextAreaField(_l("What is this proeftuin about?"), validators=TEXT)
