"""The settings a zone's staff keep up to date after the zone was created."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from burgerplatform.core.forms import (
    BaseForm,
    IntegerField,
    NumberRange,
    OnceForm,
    no_control_characters,
)


class ZoneSettingsForm(BaseForm):
    description = TextAreaField(
        _l("About this zone"),
        description=_l("A few sentences for the zone's page: who you are, which area you serve."),
        validators=[
            Length(max=2000),
            no_control_characters,
        ],
    )
    support_threshold = IntegerField(
        _l("Supporters needed for the agenda"),
        description=_l(
            "An initiative goes on the zorgraad's agenda once this many citizens support it. "
            "A change counts from the next support on."
        ),
        validators=[
            InputRequired(_l("Fill in a number.")),
            NumberRange(1, 100000, _l("Choose a number from 1.")),
        ],
    )
    response_days = IntegerField(
        _l("Response promise (days)"),
        description=_l(
            "Days between an initiative reaching the zorgraad's agenda and its answer. "
            "A change counts for initiatives that reach the agenda from now on."
        ),
        validators=[
            InputRequired(_l("Fill in a number of days.")),
            NumberRange(1, 365, _l("Choose between 1 and 365 days.")),
        ],
    )
    contact_name = StringField(
        _l("Contact person"),
        description=_l("The name of the person citizens reach, for example Els Van Damme."),
        validators=[Length(max=120)],
    )
    contact_phone = StringField(
        _l("Phone number"),
        description=_l("For example 09 123 45 67."),
        validators=[Length(max=40)],
    )
    contact_email = StringField(
        _l("E-mail address"),
        validators=[Length(max=254)],
    )
    contact_address = TextAreaField(
        _l("Postal address"),
        description=_l("Where people can bring or send a letter."),
        validators=[
            Length(max=300),
            no_control_characters,
        ],
    )
    opening_hours = TextAreaField(
        _l("When people can call or come by"),
        description=_l("For example: Monday to Thursday, 9:00 to 12:00."),
        validators=[
            Length(max=500),
            no_control_characters,
        ],
    )


class AccessibilityReportForm(OnceForm):
    """A problem with the site's accessibility, sent to the zone's staff."""

    page = StringField(
        _l("Where is the problem?"),
        description=_l("The address of the page, or what you were doing. You may leave it empty."),
        validators=[Length(max=500)],
    )
    problem = TextAreaField(
        _l("What went wrong?"),
        description=_l("For example: I cannot reach a button with the keyboard."),
        validators=[
            InputRequired(_l("Tell us what went wrong.")),
            Length(max=4000),
            no_control_characters,
        ],
    )
    reply_to = StringField(
        _l("How can we answer you?"),
        description=_l("An e-mail address or phone number. You may leave it empty."),
        validators=[Length(max=254)],
    )
