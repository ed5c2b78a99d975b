"""Forms of the themes page: rename, merge, move (or split off), link a recommendation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from burgerplatform.core.forms import (
    BaseForm,
    OnceForm,
    ascii_int,
    no_control_characters,
    single_line,
)
from burgerplatform.themes.services import NAME_LENGTH


class RenameForm(BaseForm):
    name = StringField(
        _l("Name of the theme"),
        validators=[InputRequired(), Length(max=NAME_LENGTH), single_line],
        description=_l("A few words people recognise, for example “Waiting for the doctor”."),
    )


class MergeForm(BaseForm):
    target = SelectField(
        _l("Merge into this theme"),
        coerce=ascii_int,
        validate_choice=False,
        validators=[InputRequired()],
    )


class MoveForm(OnceForm):
    """Moves input, or splits it off into a new theme: that split is created once when
    the form is sent twice (the view uses its one-time key only then)."""

    # A move back and forth with the same choices is meant; the key alone counts.
    once_per_content = False
    target = SelectField(
        _l("Move to"), coerce=ascii_int, validate_choice=False, validators=[InputRequired()]
    )
    name = StringField(
        _l("Name of the new theme"),
        validators=[Optional(), Length(max=NAME_LENGTH), no_control_characters, single_line],
        description=_l("Only when you move it to a new theme."),
    )


class LinkForm(BaseForm):
    recommendation = SelectField(
        _l("Recommendation"), coerce=ascii_int, validate_choice=False, validators=[InputRequired()]
    )
