from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, TextAreaField
from wtforms.validators import InputRequired, Length

from burgerplatform.core.forms import BaseForm, no_control_characters
from burgerplatform.moderation.models import HideReason, ReportReason


class ReportForm(BaseForm):
    reason = RadioField(
        _l("What is wrong with this post?"),
        choices=ReportReason.choices(
            r for r in ReportReason if r is not ReportReason.REVIEW_REQUEST
        ),
        validators=[InputRequired(_l("Choose a reason."))],
    )
    text = TextAreaField(
        _l("Explain (optional)"),
        validators=[
            Length(max=2000, message=_l("Keep it under 2000 characters.")),
            no_control_characters,
        ],
    )


class HideForm(BaseForm):
    reason = RadioField(
        _l("Why do you hide this post?"),
        choices=HideReason.choices(),
        validators=[InputRequired(_l("Choose a reason."))],
    )
    note = TextAreaField(
        # The reason is shown to everyone with the hidden post (the product's rule: hide
        # with a visible reason), so the hint says so; it is no private message.
        _l("Explanation shown with the hidden post"),
        description=_l(
            "Everyone sees this explanation with the hidden post, the writer too. "
            "Be kind and concrete, and name nobody."
        ),
        validators=[
            InputRequired(_l("Write a short explanation.")),
            Length(max=2000),
            no_control_characters,
        ],
    )


class RestoreForm(BaseForm):
    note = TextAreaField(
        _l("Note for the log (optional)"), validators=[Length(max=2000), no_control_characters]
    )


class RedactForm(BaseForm):
    body = TextAreaField(
        _l("Text without the personal data"),
        description=_l("Remove only the personal data of others; leave the rest as written."),
        validators=[
            InputRequired(_l("The text cannot be empty.")),
            Length(max=20000),
            no_control_characters,
        ],
    )
    # Shown on the same page as the hide or restore form, which has a `note` too.
    note = TextAreaField(
        _l("Note for the log (optional)"),
        validators=[Length(max=2000), no_control_characters],
        id="redact-note",
    )


class ReviewRequestForm(BaseForm):
    text = TextAreaField(
        _l("Why should the moderator look again?"),
        validators=[
            InputRequired(_l("Write a short explanation.")),
            Length(max=2000),
            no_control_characters,
        ],
    )
