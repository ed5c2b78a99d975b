from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, ValidationError

from burgerplatform.accounts.models import MailPreference
from burgerplatform.accounts.passwords import password_problem
from burgerplatform.core.forms import BaseForm, ascii_int, choices, no_control_characters
from burgerplatform.core.i18n import LANGUAGE_NAMES

EMAIL_REQUIRED = _l("Fill in your e-mail address.")
EMAIL_INVALID = _l("This is not a valid e-mail address. Example: name@example.be")


def email_field(label=None):
    return EmailField(
        label or _l("E-mail address"),
        validators=[
            InputRequired(EMAIL_REQUIRED),
            Length(max=254),
            Email(EMAIL_INVALID, check_deliverability=False),
        ],
        render_kw={"autocomplete": "email"},
    )


# The same choice, in the same words, at registration and on the account page.
NO_ZONE = _l("I'd rather not say / not in a zone")


def language_choices():
    return choices(LANGUAGE_NAMES.items())


def strong_password(form, field):
    """At least 10 characters and hard to guess, judged with the person's own name and
    address (a form's fields, else the logged-in account's)."""
    if not field.data:
        return
    from flask_login import current_user

    known = current_user if current_user and current_user.is_authenticated else None
    email = getattr(getattr(form, "email", None), "data", None) or getattr(known, "email", "")
    name = getattr(getattr(form, "display_name", None), "data", None) or getattr(
        known, "display_name", ""
    )
    problem = password_problem(field.data, email=email or "", name=name or "")
    if problem:
        raise ValidationError(problem)


class RegisterForm(BaseForm):
    display_name = StringField(
        _l("Name shown to others"),
        description=_l(
            "You may use a first name or a nickname. Your e-mail address is never shown."
        ),
        validators=[InputRequired(_l("Fill in a name.")), Length(max=80), no_control_characters],
        render_kw={"autocomplete": "nickname"},
    )
    email = email_field()
    password = PasswordField(
        _l("Password (optional)"),
        description=_l(
            "At least 10 characters. You may leave this empty: then we e-mail you a "
            "link each time you want to log in."
        ),
        validators=[Optional(), Length(max=200), strong_password],
        render_kw={"autocomplete": "new-password"},
    )
    zone = SelectField(
        _l("Your primary-care zone"),
        coerce=ascii_int,
        validators=[Optional()],
        description=_l("Where you live. You can change this later."),
    )
    locale = SelectField(_l("Language"), choices=language_choices())
    consent = BooleanField(
        _l(
            "I have read the privacy notice and agree that my account data is processed "
            "as described there."
        ),
        validators=[
            InputRequired(_l("You can only create an account if you agree to the privacy notice."))
        ],
    )


class LoginForm(BaseForm):
    email = email_field()
    password = PasswordField(
        _l("Password"),
        validators=[InputRequired(_l("Fill in your password.")), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me logged in on this device"))


class EmailForm(BaseForm):
    email = email_field()


class NewPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(_l("Choose a password.")), Length(max=200), strong_password],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[EqualTo("password", _l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class ChangePasswordForm(NewPasswordForm):
    """Current password (checked in the view when the account has one), new one twice."""

    current = PasswordField(
        _l("Current password"),
        validators=[Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


class ProfileForm(BaseForm):
    display_name = RegisterForm.display_name
    zone = SelectField(_l("Your primary-care zone"), coerce=ascii_int, validators=[Optional()])
    locale = SelectField(_l("Language"), choices=language_choices())
    mail_preference = RadioField(
        _l("E-mail about news on what you follow"),
        choices=MailPreference.choices(),
        default=MailPreference.IMMEDIATE.value,
    )


class CheckDetailsForm(BaseForm):
    display_name = RegisterForm.display_name
    zone = SelectField(_l("Your primary-care zone"), coerce=ascii_int, validators=[Optional()])
    locale = SelectField(_l("Language"), choices=language_choices())
    consent = RegisterForm.consent


class DeleteAccountForm(BaseForm):
    confirm = BooleanField(
        _l("Yes, delete my account and my personal data."),
        validators=[InputRequired(_l("Tick the box to confirm."))],
    )


class TwoStepCodeForm(BaseForm):
    code = StringField(
        _l("Code"),
        description=_l(
            "The 6 digits your app shows now. Lost your phone? Type one of your recovery "
            "codes instead."
        ),
        validators=[InputRequired(_l("Type the code from your app.")), Length(max=20)],
        render_kw={
            "autocomplete": "one-time-code",
            "inputmode": "text",
            "spellcheck": "false",
            "autocapitalize": "characters",
        },
    )


class TwoStepSetupForm(BaseForm):
    code = StringField(
        _l("Code from your app"),
        description=_l("The 6 digits your app shows for Burgerplatform."),
        validators=[InputRequired(_l("Type the code from your app.")), Length(max=20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
