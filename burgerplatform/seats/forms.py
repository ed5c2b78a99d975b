from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, EmailField, RadioField, SelectField, StringField
from wtforms.validators import Email, InputRequired, Length, Optional

from burgerplatform.core.forms import BaseForm, OnceForm, choices
from burgerplatform.seats.models import Body, ChosenBy


class SeatForm(BaseForm):
    """Changing a seat (and, as NewSeatForm, recording one)."""

    email = EmailField(
        _l("E-mail address of the citizen"),
        description=_l("The address of their account on this platform."),
        validators=[
            InputRequired(_l("Fill in the e-mail address of the citizen.")),
            Email(_l("This is not an e-mail address.")),
            Length(max=254),
        ],
    )
    body = SelectField(
        _l("Body"),
        choices=Body.choices(),
        validators=[InputRequired(_l("Choose the body."))],
    )
    body_name = StringField(
        _l("Name of the body"),
        description=_l("For example “Stuurgroep Zorgzame buurt Eeklo”. Needed for another body."),
        validators=[Optional(), Length(max=200, message=_l("Make the name shorter."))],
    )
    chosen_by = RadioField(
        _l("How was the citizen chosen?"),
        choices=ChosenBy.choices(),
        validators=[InputRequired(_l("Choose how the citizen was chosen."))],
    )
    round_id = SelectField(
        _l("Round"),
        description=_l("For a seat drawn by lot: the round whose draw gave the seat."),
        validators=[Optional()],
    )
    starts_on = DateField(
        _l("From"),
        validators=[InputRequired(_l("Fill in the first day of the seat."))],
    )
    ends_on = DateField(
        _l("Until"),
        description=_l("When the seat is up for rotation. Leave empty if that is not decided."),
        validators=[Optional()],
    )

    def set_rounds(self, rounds: list[tuple[int, str]]) -> None:
        self.round_id.choices = choices(
            [("", _l("No round")), *((str(rid), title) for rid, title in rounds)]
        )

    def chosen_round(self) -> int | None:
        value = self.round_id.data or ""
        return int(value) if value.isascii() and value.isdigit() else None


class NewSeatForm(OnceForm, SeatForm):
    """Recording a seat: a form that creates, sent once."""
