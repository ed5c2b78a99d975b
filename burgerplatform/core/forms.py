"""Base form: every form that changes data derives from it."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import wtforms
from flask import current_app, flash, g, has_request_context, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_number
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from werkzeug.exceptions import HTTPException
from wtforms import FileField, HiddenField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from burgerplatform.core.db import utcnow
from burgerplatform.core.domain import DomainError, DomainErrors, PhaseError
from burgerplatform.extensions import Model, db


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 choices; labels may be lazy strings."""
    return [SelectChoice(value, label) for value, label in pairs]


SESSION_EXPIRED = _l(
    "Your session had expired, so nothing was saved yet. We kept what you typed: "
    "check it and send it again."
)

# A button (support, mark as read, remove) pressed on a page that stayed open past its
# session: nothing typed to keep, so the person goes back to the page and presses again.
PAGE_OPEN_TOO_LONG = _l(
    "This page was open too long, so nothing happened yet. Press the button again."
)


# A whole number as a person or a browser sends it: only the ASCII digits 0-9. Python's
# `int` also reads "٤" and "４" as 4, so a crafted post chose zone 2 with "٢".
ASCII_INTEGER = re.compile(r"-?[0-9]{1,18}")
ASCII_DIGITS = re.compile(r"-?[0-9]+")
TOO_LONG_NUMBER = _l("We cannot use a number this long. Check it and fill it in again.")


def ascii_int(value: object) -> int:
    """The `coerce` of every SelectField/RadioField of numbers: as `int`, but a text must
    be ASCII digits (WTForms turns the ValueError into "Not a valid choice")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and ASCII_INTEGER.fullmatch(value.strip()):
        return int(value)
    raise ValueError(f"not a whole number in ASCII digits: {value!r:.40}")


# What an integer column holds on PostgreSQL (and every database we run on): a number
# past it is a database error on saving, never something a field means.
DB_INTEGER_MAX = 2**31 - 1


class NumberRange(wtforms.validators.NumberRange):
    """WTForms' NumberRange, saying the range in our words and the reader's number format
    (use this one, never WTForms'): its own default read "Nummer moet tussen 1 en 50
    liggen" from WTForms' catalogue, with 100000 unformatted."""

    def __call__(self, form: Any, field: Any) -> None:
        try:
            super().__call__(form, field)
        except ValidationError:
            if self.message is not None:
                raise
            low, high = self._resolve(self.min), self._resolve(self.max)
            if high is None:
                message = _("Fill in a number of at least %(min)s.", min=format_number(low))
            elif low is None:
                message = _("Fill in a number of at most %(max)s.", max=format_number(high))
            else:
                message = _(
                    "Fill in a number from %(min)s to %(max)s.",
                    min=format_number(low),
                    max=format_number(high),
                )
            raise ValidationError(message) from None


class IntegerField(wtforms.IntegerField):
    """WTForms' IntegerField, reading only ASCII digits (use this one, never WTForms').

    A number no integer column holds is refused here, with the typed text kept, whatever
    the field's own validators; each field still says its own range with `NumberRange`.

    Shown as a text box with a numeric keyboard (`inputmode="numeric"`), not as
    `<input type="number">`: there a browser rewrites what is typed before it is sent
    (Chromium made "1,5" into 15, saved without a word), and drops what it cannot read.
    Here "1,5" or "1.5" reaches the server as typed, is refused ("Fill in a whole
    number.") and comes back in the box."""

    widget = wtforms.widgets.TextInput()

    def __call__(self, **kwargs: Any) -> Any:
        kwargs.setdefault("inputmode", "numeric")
        return super().__call__(**kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        try:
            # Any, as the data of every WTForms field (a required field holds an int).
            self.data: Any = ascii_int(valuelist[0])
        except ValueError as exc:
            self.data = None
            if ASCII_DIGITS.fullmatch(str(valuelist[0]).strip()):
                # Digits, only too many of them for `ascii_int`: say so, not "a number".
                raise ValueError(TOO_LONG_NUMBER) from exc
            raise ValueError(_("Fill in a whole number.")) from exc
        if not -DB_INTEGER_MAX <= self.data <= DB_INTEGER_MAX:
            self.data = None
            raise ValueError(TOO_LONG_NUMBER)

    def pre_validate(self, form: Any) -> None:
        # Not a number it can read: that one message, not also the range's. Left empty,
        # the field's own validators decide (`Optional` lets an empty field through).
        if self.process_errors and self.raw_data and str(self.raw_data[0]).strip():
            raise wtforms.validators.StopValidation()


FILE_IN_TEXT_FIELD = _l("A file was sent here. Type the text into this field instead.")

KEPT_AFTER_LOGIN = _l(
    "You were logged out, so nothing was saved yet. We kept what you typed: "
    "check it and send it again."
)

# The login page, when what the logged-out visitor typed is kept for after the login.
KEPT_FOR_LOGIN = _l(
    "Log in to continue. We kept what you typed: after logging in you find it back in "
    "the form, to check and send again."
)
# Fields a page sends without anyone typing them: never "what you typed".
NOT_TYPED = ("form_key", "draft_key", "next")

# What a logged-out visitor typed into a form that needs a login, kept in the session
# until they are logged in and back on the form's page (see `keep_for_login`).
KEPT_FORM = "kept_form"
# The session is a signed cookie (4 KB at most): keep at most this many characters.
KEPT_MAX_CHARS = 3000
# Fields never kept: what could be a secret (passwords, codes, tokens).
SECRET_HINTS = ("password", "token", "code", "secret", "csrf")


def form_page_of_post() -> str | None:
    """The page that holds the form this POST came from: the URL itself if it also
    answers GET, else the Referer when it is a page on this site. Never a POST-only URL
    (after login, a GET there is a 405)."""
    from burgerplatform.core.http import safe_next

    rule = request.url_rule
    if rule is not None and "GET" in (rule.methods or ()):
        return request.path
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    # This site's own names: BASE_URL's and the trusted ones (never the request's Host).
    ours = {urlsplit(current_app.config["BASE_URL"]).netloc}
    ours.update(current_app.config.get("TRUSTED_HOSTS") or ())
    if parts.netloc and parts.netloc not in ours and parts.hostname not in ours:
        return None
    page = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.path == request.path:
        return None
    return safe_next(page)


def page_to_press_again() -> str:
    """Where a refused button sends the person back to: the page that held the form (the
    Referer, when on this site), else a safe `next`, else the zone's or the site's home."""
    from burgerplatform.core.http import safe_next

    return (
        form_page_of_post()
        or safe_next(request.form.get("next"))
        or safe_next(request.args.get("next"))
        or fallback_page()
    )


def fallback_page() -> str:
    """Without a known form page: the zone's home page, or the site's."""
    zone = g.get("zone")
    if zone is not None:
        return url_for("zones.show", zone_slug=zone.slug)
    return url_for("site.home")


def keep_for_login(page: str, *, until_login: bool = True) -> set[str]:
    """Keep the non-secret fields of the POST being refused for a login, bounded. With
    `until_login` False (an expired token, the person is sent back to the form's page at
    once) they come back on that page whether or not the person is logged in. Returns
    the names of the fields kept."""
    fields: dict[str, list[str]] = {}
    left = KEPT_MAX_CHARS
    for name, values in request.form.lists():
        if any(hint in name.lower() for hint in SECRET_HINTS):
            continue
        kept = []
        for value in values:
            if not isinstance(value, str) or len(value) > left:
                continue
            kept.append(value)
            left -= len(value)
        if kept:
            fields[name] = kept
    if not fields:
        return set()
    entry: dict[str, Any] = {"page": urlsplit(page).path, "fields": fields}
    if not until_login:
        entry["now"] = True
    session[KEPT_FORM] = entry
    return set(fields)


def kept_typed_text() -> bool:
    """Whether what is kept for after the login (`keep_for_login`) holds text the person
    typed: a field with something in it that is no id, once-key or `next` the page sent
    by itself. Only then is there something to find back in the form."""
    kept = session.get(KEPT_FORM) or {}
    return any(
        value.strip()
        for name, values in kept.get("fields", {}).items()
        if name.rsplit("-", 1)[-1] not in NOT_TYPED and not name.endswith("_id")
        for value in values
    )


def is_typed_text(field: Any) -> bool:
    """A field a person types text into (a name, a comment, an address): not a hidden
    value, nor a secret that is never given back."""
    return (
        isinstance(field, StringField)
        and not isinstance(field, (HiddenField, wtforms.PasswordField))
        and field.name != "csrf_token"
    )


def typed_in_refused_forms() -> set[str]:
    """During the re-run after a refused token: the names of the fields of the view's
    forms the person typed text into. (Each BaseForm made in the re-run is noted in
    `g.csrf_forms`.)"""
    return {
        field.name
        for form in g.get("csrf_forms", ())
        for field in form
        if is_typed_text(field) and isinstance(field.data, str) and field.data.strip()
    }


class _FormTranslations:
    """WTForms' built-in messages (a text too long, a required field...) in our words
    where our catalogue has them, else in WTForms' own: its Dutch says "karakters"
    where Dutch readers expect "tekens"."""

    def gettext(self, string: str) -> str:
        ours = str(_our_translations().ugettext(string))
        return ours if ours != string else str(_wtforms_translations().ugettext(string))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        ours = str(_our_translations().ungettext(singular, plural, n))
        if ours in (singular, plural):
            ours = str(_wtforms_translations().ungettext(singular, plural, n))
        return _counted(ours, n)


def _our_translations() -> Any:
    from burgerplatform.core.i18n import translations

    return translations()


def _counted(message: str, n: int) -> str:
    """WTForms fills in its length limits as bare digits ("20000"); the reader's language
    writes them with a thousands separator ("20.000", "20 000"). In a length message the
    count `n` is the one placeholder that is a number of characters."""
    from flask_babel import format_number

    for placeholder in ("%(max)d", "%(min)d"):
        if placeholder in message:
            return message.replace(placeholder, format_number(n).replace("%", "%%"), 1)
    return message


# WTForms' catalogue per language, read from disk once (Flask-WTF reads it again on every
# request that builds a form: a field without a label asks for its name's translation).
_WTFORMS_CATALOGUES: dict[str, Any] = {}


def _wtforms_translations() -> Any:
    from babel import support
    from wtforms.i18n import messages_path

    from burgerplatform.core.i18n import reader_locale

    locale = reader_locale() or "en"
    key = str(locale)
    catalogue = _WTFORMS_CATALOGUES.get(key)
    if catalogue is None:
        catalogue = support.Translations.load(messages_path(), [locale], domain="wtforms")
        _WTFORMS_CATALOGUES[key] = catalogue
    return catalogue


FORM_TRANSLATIONS = _FormTranslations()


def _wtforms_messages_in_our_words() -> None:  # pragma: no cover - never called
    """Marks WTForms' messages that our catalogue words differently, for extraction."""
    from flask_babel import ngettext

    ngettext(
        "Field must be at least %(min)d character long.",
        "Field must be at least %(min)d characters long.",
        1,
    )
    ngettext(
        "Field cannot be longer than %(max)d character.",
        "Field cannot be longer than %(max)d characters.",
        1,
    )
    ngettext(
        "Field must be exactly %(max)d character long.",
        "Field must be exactly %(max)d characters long.",
        1,
    )
    _("Field must be between %(min)d and %(max)d characters long.")


class BaseForm(FlaskForm):
    """Adds form-level messages and the expired-session path.

    When the CSRF token is missing or expired, the app re-runs the view with
    `g.csrf_error` set: the form then refuses to validate, so the page re-renders with
    what the user typed, a clear message and a fresh token — and nothing is done.
    """

    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> Any:
            return FORM_TRANSLATIONS if has_request_context() else None

        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """A file part only reaches a FileField: a file sent as `email` or `body` is
            simply absent, so the field answers "required" (it was a 500 in a length
            check, `FileStorage` has no len())."""
            data = super().wrap_formdata(form, formdata)
            if not isinstance(data, CombinedMultiDict):  # no file sent, or data given
                return data
            file_fields = {f.name for f in form if isinstance(f, FileField)}
            # Said, not silently dropped: an optional field would otherwise look empty.
            form._files_refused = {
                f.name for f in form if f.name in request.files and f.name not in file_fields
            }
            if not file_fields:
                return request.form
            kept: MultiDict[str, Any] = MultiDict(request.form)
            for name in file_fields:
                for upload in request.files.getlist(name):
                    kept.add(name, upload)
            return kept

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.messages: list[str] = []
        token = self._fields.get(self.meta.csrf_field_name)
        if token is not None:
            # Every form of a page has one: with an id, a page of two forms used it twice.
            token.render_kw = {**(token.render_kw or {}), "id": False}
        self._format_removed = self._remove_hidden_format()
        if has_request_context() and request.method == "GET":
            self._restore_kept()
        elif has_request_context() and g.get("csrf_error"):
            # The re-run of a view whose token was refused: its forms say what was typed.
            g.setdefault("csrf_forms", []).append(self)

    def _remove_hidden_format(self) -> set[str]:
        """Take invisible format characters out of every typed box before anything reads
        it: a length limit counted them ("20 characters" with 20 visible) and a number,
        date or amount with a soft hyphen was refused and shown back as sent. Returns the
        names of the fields they were taken from (refused in `validate`)."""
        removed = set()
        for field in self:
            raw = field.raw_data or []
            if not is_text_box(field) or not any(
                isinstance(v, str) and has_format_characters(v) for v in raw
            ):
                continue
            cleaned = [without_format_characters(v) if isinstance(v, str) else v for v in raw]
            field.process(MultiDict([(field.name, v) for v in cleaned]), data=field.object_data)
            removed.add(field.name)
        return removed

    def _restore_kept(self) -> None:
        """Back on the form's page after logging in: fill in what was typed before."""
        from flask_login import current_user

        kept = session.get(KEPT_FORM)
        if not kept or kept.get("page") != request.path:
            return
        if not kept.get("now") and not current_user.is_authenticated:
            return  # kept for after the login
        fields = MultiDict(
            [(name, v) for name, values in kept.get("fields", {}).items() for v in values]
        )
        matching = [f for f in self if f.name in fields and f.name != "csrf_token"]
        if not any(not f.short_name.endswith("_id") and f.type != "HiddenField" for f in matching):
            return
        for field in matching:
            field.process(fields, data=field.data)
        session.pop(KEPT_FORM, None)
        if not kept.get("now"):  # after a refused token the message was given already
            flash(KEPT_AFTER_LOGIN, "info")

    def validate(self, extra_validators: Any = None) -> bool:
        # Every one-line text field of every form refuses line breaks and other control
        # characters: they have no place in a name or a title, and break mail headers.
        extra = dict(extra_validators or {})
        for name, field in self._fields.items():
            if is_single_line(field):
                extra[name] = [*extra.get(name, ()), single_line]
            elif isinstance(field, TextAreaField):
                extra[name] = [*extra.get(name, ()), no_hidden_format]
        valid: bool = super().validate(extra_validators=extra)
        for field in self:
            if field.name in getattr(self, "_files_refused", ()):
                field.errors = [str(FILE_IN_TEXT_FIELD)]
                valid = False
            elif field.name in self._format_removed:
                # Shown without them, whatever else is wrong: the person checks the text.
                if str(FORMAT_MESSAGE) not in map(str, field.errors):
                    field.errors = [*field.errors, str(FORMAT_MESSAGE)]
                valid = False
        return valid

    def validate_on_submit(self, extra_validators: Any = None) -> bool:
        if g.get("form_refusal"):  # e.g. a mail limit reached (core/limits.mail_limit)
            if self.is_submitted():
                self.messages.append(g.form_refusal)
            return False
        if g.get("csrf_error"):
            if self.is_submitted():
                self.messages.append(str(SESSION_EXPIRED))
            return False
        valid: bool = super().validate_on_submit(extra_validators=extra_validators)
        return valid

    @property
    def has_errors(self) -> bool:
        return bool(self.messages) or any(f.errors for f in self if f.name != "csrf_token")

    # Set by `form_error` when a service refused the form's step as over (a PhaseError).
    refused = False


# An element of a page's own content that asks for the focus on load: an error summary, a
# confirmation's question. (What people wrote is escaped: it never makes a tag.)
ASKS_FOR_FOCUS = re.compile(r"<[a-z][^<>]*\sautofocus[\s>=]")


def asks_for_focus(html: str) -> bool:
    """Whether `html` has such an element: the messages then leave the focus to it (a
    page may ask for it once)."""
    return bool(ASKS_FOR_FOCUS.search(html))


def form_error(
    form: BaseForm,
    error: DomainError,
    field: str | None = None,
    *,
    top: bool = False,
    fields: Mapping[str, str] | None = None,
) -> None:
    """Show what a service refused where the person looks for it: next to the field the
    error names (or `field`, when it names none), else at the top of the form; with
    `top`, always at the top. `fields` gives the form's name of a field the service
    names otherwise (the pool's "gender" is the form's "cat_2"). Every error of a
    `DomainErrors` is shown, each in its place.

    A `PhaseError` belongs to a step that is over, whose form is mostly no longer on the
    page: it is flashed at the top of the page instead, and the form marked refused."""
    if isinstance(error, DomainErrors):
        for each in error.errors:
            form_error(form, each, field, top=top, fields=fields)
        return
    if isinstance(error, PhaseError):
        flash(error.message, "error")
        form.refused = True
        return
    named = (fields or {}).get(error.field or "", error.field)
    name = None if top else named or field
    target = getattr(form, name, None) if name else None
    if target is not None:
        target.errors = [*target.errors, str(error.message)]
    else:
        form.messages.append(str(error.message))


def form_status(*forms: BaseForm | None) -> int:
    """The status of a page with forms: 400 when one has errors or was refused, else 200."""
    return 400 if any(f is not None and (f.has_errors or f.refused) for f in forms) else 200


# A message to flash: a string or a lazy translated one.
Message = Any


def handle(
    form: BaseForm,
    action: Callable[[], Any],
    *,
    then: str | Callable[[Any], str],
    page: Callable[[int], ResponseReturnValue],
    done: Message | Callable[[Any], Message | None] = None,
    field: str | None = None,
    top: bool = False,
    once: bool = False,
) -> ResponseReturnValue:
    """The whole job of a submitted form, post/redirect/get.

    When `form` validates, run `action()` (the one service call); a `DomainError` it
    raises is shown on the form (`form_error`, with `field` and `top`). On success flash
    `done` (a message, or a function of what `action` returned that gives one, a
    (message, flash category) pair, or None) and redirect to `then` (a URL, or a function
    of what `action` returned). Otherwise answer `page(status)`: the page again with what
    was typed, 400 on errors (200 on a GET).

    With `once`, for a form that creates something (a `OnceForm`): it is created once per
    one-time key; a second send of the same form runs nothing, says it was sent already
    and leads to the page the first send led to (`create_once`). Never for a form that
    edits: a page sent again after a change would lose that change.
    """
    if form.validate_on_submit():
        results: list[Any] = []

        def create() -> str:
            results.append(action())
            return then(results[0]) if callable(then) else then

        try:
            url, fresh = create_once(form, create) if once else (create(), True)
        except FormKeyRefused as error:
            form_error(form, error, top=True)
        except DomainError as error:
            form_error(form, error, field, top=top)
        else:
            if not fresh:
                flash(SENT_ALREADY, "info")
            else:
                message = done(results[0]) if callable(done) else done
                if isinstance(message, tuple):  # (message, category)
                    flash(*message)
                elif message is not None:
                    flash(message, "success")
            return redirect(url)
    return page(form_status(form))


# One-time form keys ------------------------------------------------------------------
#
# A form that creates something (a round, input, a recommendation, a comment, a
# meeting...) carries a hidden random key, new each time the form is shown. The first
# POST with a key creates the thing and records the key with the page it led to; a second
# POST with the same key (a double click, the back button and "send again", a resend
# after a slow answer) creates nothing and leads to that same page.

FORM_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
# How long a used key is remembered: longer than any page stays open and is sent again.
FORM_KEY_DAYS = 7

SENT_ALREADY = _l("This was sent already. Here is what it made: nothing was added twice.")

FORM_KEY_REFUSED = _l(
    "This form could not be checked, so nothing was saved yet. Check what you typed and "
    "send it again."
)

# Also claimed: what was sent. After the back button, the browser shows the form again
# with a fresh key but restores what was typed: the same person sending the same text to
# the same form within this time sends it again, and nothing is created twice.
SAME_CONTENT_MINUTES = 10


class FormKeyRefused(DomainError):
    """A form that creates something came without a proper one-time key."""


CONTENT_KEY = "content:"


def new_form_key() -> str:
    return secrets.token_urlsafe(24)


class UsedFormKey(Model):
    """A one-time form key that was used, per person, and the page its first use led to."""

    __tablename__ = "used_form_keys"

    # "<user id>:<key>": a key only ever counts for the person who sent it.
    key: Mapped[str] = mapped_column(String(90), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ButtonForm(BaseForm):
    """A form with only a button (support, follow, log out): still CSRF-protected."""


def press(
    action: Callable[[], Any],
    *,
    then: str,
    done: Message = None,
    failed: str | Callable[[], ResponseReturnValue] | None = None,
) -> ResponseReturnValue:
    """The whole job of a button that takes one step (publish, cancel, leave): the
    `handle` of a form without fields. When the button's form (only its CSRF token)
    validates, run `action()`; a `DomainError` is flashed and leads to `failed` (a URL, or
    a function giving the page again with its status), else to `then`; on success `done`
    is flashed and the person goes to `then`."""
    if ButtonForm().validate_on_submit():
        try:
            action()
        except DomainError as error:
            flash(error.message, "error")
            if failed is not None:
                return redirect(failed) if isinstance(failed, str) else failed()
        else:
            if done is not None:
                flash(done, "success")
    return redirect(then)


def no_control_characters(form: Any, field: Any) -> None:
    """Refuse NUL and other control characters (they break databases and mail)."""
    value = field.data
    if isinstance(value, str) and any(
        (ord(c) < 32 and c not in "\n\r\t") or ord(c) == 127 for c in value
    ):
        raise ValidationError(_l("This text contains invisible control characters. Remove them."))


# Control characters (Cc: NUL, CR, LF, TAB, ESC, DEL, ...) and the Unicode line and
# paragraph separators (Zl, Zp).
SINGLE_LINE_REFUSED = ("Cc", "Zl", "Zp")

SINGLE_LINE_MESSAGE = _l(
    "Write this on one line, without line breaks or other invisible characters."
)


def is_single_line(field: Any) -> bool:
    """A one-line text input (names, titles, places...): not a multi-line text area."""
    return isinstance(field, StringField) and not isinstance(field, TextAreaField)


# Unicode format characters (Cf): the bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069), the direction marks (U+200E, U+200F, U+061C), zero-width
# spaces and joiners, the byte-order mark, soft hyphens... Invisible, they make a name
# read differently from what it is ("Coach \u202etxt.exe" shows as "Coach exe.txt") on
# pages and in mail subjects. Only the zero-width joiner and non-joiner stay: emoji
# sequences (👩‍⚕️) and scripts such as Persian and the Indic ones need them.
FORMAT_ALLOWED = frozenset("\u200c\u200d")

# Nobody can remove what they cannot see: the form takes them out of the field and asks
# the person to check the text and send it again.
FORMAT_MESSAGE = _l(
    "This contained invisible characters that change how the text is shown. We have "
    "removed them: check the text and send it again."
)


# The inputs a person types into (or a post can fill with any text): their value is
# parsed or counted, and shown back as sent.
TEXT_INPUT_TYPES = frozenset(
    ("text", "search", "email", "url", "tel", "number", "password", "hidden")
    + ("date", "datetime-local", "time", "month", "week")
)


def is_text_box(field: Any) -> bool:
    """A field whose posted value is free text: every StringField, a text area, and a
    number, date or time box (WTForms' IntegerField and DateField are no StringFields)."""
    return (
        isinstance(field, StringField)
        or isinstance(field.widget, wtforms.widgets.TextArea)
        or getattr(field.widget, "input_type", None) in TEXT_INPUT_TYPES
    )


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(c) in SINGLE_LINE_REFUSED for c in value)


def is_hidden_format(char: str) -> bool:
    """A Unicode format character (Cf) other than the joiners names need."""
    return unicodedata.category(char) == "Cf" and char not in FORMAT_ALLOWED


def has_format_characters(value: str) -> bool:
    return any(is_hidden_format(c) for c in value)


def without_format_characters(value: str) -> str:
    return "".join(c for c in value if not is_hidden_format(c))


def no_hidden_format(form: Any, field: Any) -> None:
    """Validator for every text field (one line or many): a writing-direction override
    in a comment makes the words after it read backwards, also in mail. The field is
    shown again without them, with a message."""
    if isinstance(field.data, str) and has_format_characters(field.data):
        field.data = without_format_characters(field.data)
        raise ValidationError(FORMAT_MESSAGE)


def single_line(form: Any, field: Any) -> None:
    """Validator for names and titles (applied by BaseForm to every one-line field)."""
    if not isinstance(field.data, str):
        return
    hidden = has_format_characters(field.data)
    if hidden:  # taken out whatever else is wrong, so the field comes back without them
        field.data = without_format_characters(field.data)
    if has_control_characters(field.data):
        raise ValidationError(SINGLE_LINE_MESSAGE)
    if hidden:
        raise ValidationError(FORMAT_MESSAGE)


class OnceForm(BaseForm):
    """A form that creates something: a hidden one-time key makes a second send of the
    same form lead to the first result (see `create_once`). Templates print
    `{{ form.form_key }}` next to `{{ form.csrf_token }}`."""

    form_key = HiddenField(default=new_form_key)
    # Also once per content (see `create_once`); False for a form whose same text may be
    # sent again on purpose soon after.
    once_per_content = True


def _stored_key(form: Any) -> tuple[str, int | None] | None:
    from flask_login import current_user

    field = getattr(form, "form_key", None)
    # What was sent (a key missing from the post is not the field's fresh default).
    sent = [] if field is None else [field.data] if field.raw_data is None else field.raw_data
    value = (sent[0] or "").strip() if sent else ""
    if not FORM_KEY.fullmatch(value):
        return None  # no key: refused by `create_once`
    user_id = current_user.id if current_user.is_authenticated else None
    return f"{user_id or 0}:{value}", user_id


def _normalised(value: object) -> str:
    if not isinstance(value, str):  # a file: its name
        value = getattr(value, "filename", None) or ""
    return " ".join(unicodedata.normalize("NFC", value).split())


def _content_key(user_id: int | None) -> str | None:
    """The fingerprint of this POST: who sent what to which form (without the CSRF token
    and the one-time key, whitespace normalised). None for a visitor not logged in."""
    if user_id is None:
        return None
    fields = sorted(
        (name, _normalised(value))
        for name, values in request.form.lists()
        for value in values
        if not name.endswith(("csrf_token", "form_key"))
    )
    files = sorted((name, _normalised(f)) for name, f in request.files.items(multi=True))
    target = (request.endpoint, sorted((request.view_args or {}).items()), fields, files)
    digest = hashlib.sha256(repr(target).encode()).hexdigest()
    return f"{CONTENT_KEY}{user_id}:{digest}"


# The pages a send may have led to whose thing can go since (a library case withdrawn):
# per endpoint, whether the thing its URL's arguments name still exists.
_RESULT_PAGES: dict[str, Callable[[Mapping[str, Any]], bool]] = {}


def result_page(endpoint: str, exists: Callable[[Mapping[str, Any]], bool]) -> None:
    """Say that the page `endpoint` shows a thing a form makes, which can go away later
    (`exists(view_args)` is False then). A send repeated after it went no longer leads
    there: the earlier send is forgotten, and this one makes the thing anew instead of
    leading to a page that is gone (and losing what was typed). A module calls this in
    its wiring's `init_app`."""
    _RESULT_PAGES[endpoint] = exists


def _is_gone(url: str) -> bool:
    """Whether `url` is a registered result page (`result_page`) whose thing is gone."""
    try:
        endpoint, args = current_app.url_map.bind("localhost").match(urlsplit(url).path)
    except HTTPException:
        return False
    exists = _RESULT_PAGES.get(str(endpoint))
    return exists is not None and not exists(args)


def _earlier_url(keys: list[str]) -> str | None:
    """The page an earlier send of one of `keys` led to, if any (the content key counts
    only for `SAME_CONTENT_MINUTES`). A send whose result is gone since (`result_page`)
    is forgotten: its key is claimed anew."""
    recent = utcnow() - timedelta(minutes=SAME_CONTENT_MINUTES)
    for key in keys:
        row = db.session.scalar(select(UsedFormKey).where(UsedFormKey.key == key))
        if row is None:
            continue
        if key.startswith(CONTENT_KEY) and row.created_at < recent:
            continue
        if row.url and _is_gone(row.url):
            db.session.delete(row)
            db.session.flush()
            continue
        return row.url or request.path
    return None


def sent_before(form: Any) -> str | None:
    """When this POST repeats an earlier send of `form` (its one-time key, or the same
    content within SAME_CONTENT_MINUTES), the page that send led to; else None."""
    stored = _stored_key(form) if isinstance(form, OnceForm) else None
    if stored is None:
        return None
    key, user_id = stored
    content = _content_key(user_id) if getattr(form, "once_per_content", True) else None
    return _earlier_url([key] if content is None else [key, content])


def create_once(form: Any, create: Callable[[], str]) -> tuple[str, bool]:
    """Run `create` (it makes the thing and returns the page to go to) once per one-time
    key of `form`, and once per content sent by the same person to the same form within
    `SAME_CONTENT_MINUTES`. Returns that page and True; or, when the key or the content
    was used before, the page its first use led to and False, without creating anything.
    A DomainError from `create` frees the key again (the form comes back with the same
    key, to fix and send).
    """
    if not isinstance(form, OnceForm):
        return create(), True  # a form that edits: saved again with a change
    stored = _stored_key(form)
    if stored is None:
        # No key, or not one we made (an old page, a script, a crafted post): refused, so
        # the protection against sending twice can never be skipped. A fresh key to send.
        form.form_key.data = new_form_key()
        raise FormKeyRefused(FORM_KEY_REFUSED)
    key, user_id = stored
    content = _content_key(user_id) if getattr(form, "once_per_content", True) else None
    keys = [key] if content is None else [key, content]
    earlier = _earlier_url(keys)
    if earlier is not None:
        return earlier, False
    if user_id is not None:
        # A page kept open for days is shown again before it is sent: older keys go.
        db.session.execute(
            delete(UsedFormKey).where(
                UsedFormKey.user_id == user_id,
                UsedFormKey.created_at < utcnow() - timedelta(days=FORM_KEY_DAYS),
            )
        )
    if content is not None:  # the same content sent longer ago: claimed anew
        db.session.execute(delete(UsedFormKey).where(UsedFormKey.key == content))
    rows = [UsedFormKey(key=k, user_id=user_id) for k in keys]
    try:
        # Claimed before the work: a second request sent at the same moment waits on
        # these rows (PostgreSQL) and then finds them, instead of creating a double.
        with db.session.begin_nested():
            db.session.add_all(rows)
    except IntegrityError:
        return _earlier_url(keys) or request.path, False
    try:
        url = create()
    except Exception:
        for row in rows:
            db.session.delete(row)
        db.session.flush()
        raise
    for row in rows:
        row.url = url[:500]
    db.session.flush()
    return url, True


def flash_created(fresh: bool, done: Any) -> None:
    """After `create_once`: the view's own message, or that it was sent already."""
    flash(done if fresh else SENT_ALREADY, "success" if fresh else "info")


# The easy-read version (Klare Taal) beside a full text: one field for every form that
# has one (a round's question, an answer, a recommendation, an update, an outcome).
EASY_READ_MAX = 3000


def easy_read_field(label: Any = None) -> TextAreaField:
    return TextAreaField(
        label or _l("Easy-read version (optional)"),
        default="",
        validators=[
            wtforms.validators.Length(
                max=EASY_READ_MAX,
                message=_l("Keep the easy-read version short: at most 3,000 characters."),
            ),
            no_control_characters,
        ],
        description=_l(
            "Citizens see this first. Use short sentences and common words, with one idea "
            "per sentence. Explain every hard word. Aim for 60 or more."
        ),
    )


def csrf_token_once() -> str:
    """`csrf_token()` in templates: Flask-WTF's generate_csrf, which keeps the request's
    token in `g` but reads its settings on every call; a list with a button per item
    asked for it twenty times a page."""
    from flask_wtf.csrf import generate_csrf

    token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    return token if isinstance(token, str) else generate_csrf()
