from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from burgerplatform.accounts.forms import email_field
from burgerplatform.core.forms import (
    BaseForm,
    IntegerField,
    NumberRange,
    ascii_int,
    no_control_characters,
)
from burgerplatform.zones.models import Role


class ZoneForm(BaseForm):
    name = StringField(
        _l("Name"),
        validators=[InputRequired(_l("Fill in a name.")), Length(max=200), no_control_characters],
    )
    slug = StringField(
        _l("Short name in the web address"),
        description=_l("Lowercase letters, digits and hyphens, e.g. meetjesland."),
        validators=[InputRequired(_l("Fill in a short name.")), Length(max=64)],
    )
    municipalities = TextAreaField(
        _l("Municipalities"),
        description=_l("One per line."),
        validators=[Length(max=5000), no_control_characters],
    )
    response_days = IntegerField(
        _l("Response promise (days)"),
        description=_l("Days between an initiative reaching the zorgraad's agenda and its answer."),
        default=60,
        validators=[
            InputRequired(_l("Fill in a number of days.")),
            NumberRange(1, 365, _l("Choose between 1 and 365 days.")),
        ],
    )
    support_threshold = IntegerField(
        _l("Supporters needed for the agenda"),
        default=25,
        validators=[
            InputRequired(_l("Fill in a number.")),
            NumberRange(1, 100000, _l("Choose a number from 1.")),
        ],
    )


class AppointForm(BaseForm):
    email = email_field(_l("E-mail address of the person"))
    role = SelectField(_l("Role"), choices=Role.choices())
    # Choices: the zone's clusters (set by the view).
    cluster = SelectField(
        _l("Cluster of the zorgraad"),
        description=_l(
            "Only for zorgraad members: the cluster they sit in, e.g. the PZON cluster for "
            "citizens with a care or support need, their carers and neighbours."
        ),
        coerce=ascii_int,
        default=0,
    )
