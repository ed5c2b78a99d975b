"""The settings a zone's staff keep up to date after the zone was created."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from burgerplatform.core.forms import BaseForm, IntegerField, no_control_characters


class ZoneSettingsForm(BaseForm):
    description = TextAreaField(
        _l("About this zone"),
        description=_l("A few sentences for the zone's page: who you are, which area you serve."),
        validators=[
            Length(max=2000, message=_l("Keep it under 2000 characters.")),
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
