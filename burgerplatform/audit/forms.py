from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from burgerplatform.core.forms import BaseForm, ascii_int


class AuditFilterForm(BaseForm):
    """A search form sent with GET: it changes nothing, so it needs no CSRF token."""

    class Meta:
        csrf = False

    zone = SelectField(_l("Zone"), coerce=ascii_int, validators=[Optional()])
    actor = StringField(
        _l("Who"),
        description=_l("Part of a name or e-mail address."),
        validators=[Optional(), Length(max=254)],
    )
    action = StringField(
        _l("What"),
        description=_l("The start of the action name, e.g. pool. or consultations."),
        validators=[Optional(), Length(max=120)],
    )
    date_from = DateField(
        _l("From (date)"),
        validators=[Optional()],
        render_kw={"type": "date"},
    )
    date_to = DateField(
        _l("Until (date)"),
        validators=[Optional()],
        render_kw={"type": "date"},
    )
