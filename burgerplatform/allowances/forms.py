from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, RadioField, StringField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from burgerplatform.accounts.models import User
from burgerplatform.allowances.models import Presence
from burgerplatform.core.forms import BaseForm, IntegerField, NumberRange

AMOUNT_HINT = _l("In euros, for example 12,50.")


def _amount(label: Any, description: Any = AMOUNT_HINT) -> StringField:
    # Read by money.parse_cents in the service call: "12,50" and "12.50" both work.
    return StringField(label, description=description, validators=[Optional(), Length(max=20)])


class RegisterForm(BaseForm):
    """One radio group per invited member (fields added per meeting by `register_form`)."""

    member_fields: list[tuple[User, Any]]


def register_form(members: Iterable[User], current: dict[int, Presence]) -> RegisterForm:
    class Form(RegisterForm):
        pass

    people = list(members)
    for person in people:
        setattr(
            Form,
            f"p{person.id}",
            RadioField(
                person.public_name,
                choices=Presence.choices(),
                validators=[Optional()],
                default=current[person.id].value if person.id in current else None,
            ),
        )
    form = Form()
    form.member_fields = [(p, form[f"p{p.id}"]) for p in people]
    return form


class PaymentForm(BaseForm):
    flat = _amount(_l("Flat-rate allowance"))
    travel = _amount(_l("Travel costs"), _l("On proof, in euros, for example 8,40."))


class CeilingForm(BaseForm):
    year = IntegerField(
        _l("Year"),
        validators=[
            InputRequired(_l("Fill in a year such as 2026.")),
            NumberRange(2000, 2100, _l("Fill in a year such as 2026.")),
        ],
    )
    daily = StringField(
        _l("Ceiling per day"),
        description=AMOUNT_HINT,
        validators=[InputRequired(_l("Fill in an amount.")), Length(max=20)],
    )
    yearly = StringField(
        _l("Ceiling per year"),
        description=AMOUNT_HINT,
        validators=[InputRequired(_l("Fill in an amount.")), Length(max=20)],
    )


class PeriodForm(BaseForm):
    """The period of the payments shown and exported (a GET form: no CSRF needed)."""

    class Meta(BaseForm.Meta):
        csrf = False

    first = DateField(_l("From"), validators=[InputRequired(_l("Choose the first day."))])
    last = DateField(_l("To"), validators=[InputRequired(_l("Choose the last day."))])


class ExportForm(PeriodForm):
    """Export a period for the bookkeeping and lock its payments: a POST with CSRF (a
    link, a prefetch or a crawler must never lock anything). The button says the kind."""

    class Meta(BaseForm.Meta):
        csrf = True

    kind = StringField(validators=[AnyOf(["csv", "xlsx"], _l("Choose CSV or Excel."))])


class PayeeForm(BaseForm):
    iban = StringField(
        _l("Bank account number (IBAN)"),
        description=_l("For example BE71 0961 2345 6769."),
        validators=[Length(max=50)],
    )
    consent = BooleanField(
        _l("I agree to receive a volunteer allowance for the meetings I attend."),
        validators=[InputRequired(_l("Tick the box to agree."))],
    )
