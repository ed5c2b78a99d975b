"""Base form: every form that changes data derives from it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import wtforms
from flask import current_app, flash, g, has_request_context, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 choices; labels may be lazy strings."""
    return [SelectChoice(value, label) for value, label in pairs]


SESSION_EXPIRED = _l(
    "Your session had expired, so nothing was saved yet. We kept what you typed: "
    "check it and send it again."
)


# A whole number as a person or a browser sends it: only the ASCII digits 0-9. Python's
# `int` also reads "٤" and "４" as 4, so a crafted post chose zone 2 with "٢".
ASCII_INTEGER = re.compile(r"-?[0-9]{1,18}")


def ascii_int(value: object) -> int:
    """The `coerce` of every SelectField/RadioField of numbers: as `int`, but a text must
    be ASCII digits (WTForms turns the ValueError into "Not a valid choice")."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and ASCII_INTEGER.fullmatch(value.strip()):
        return int(value)
    raise ValueError(f"not a whole number in ASCII digits: {value!r:.40}")


class IntegerField(wtforms.IntegerField):
    """WTForms' IntegerField, reading only ASCII digits (use this one, never WTForms')."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        try:
            # Any, as the data of every WTForms field (a required field holds an int).
            self.data: Any = ascii_int(valuelist[0])
        except ValueError as exc:
            self.data = None
            raise ValueError(_("Fill in a number.")) from exc


KEPT_AFTER_LOGIN = _l(
    "You were logged out, so nothing was saved yet. We kept what you typed: "
    "check it and send it again."
)

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


def keep_for_login(page: str) -> None:
    """Keep the non-secret fields of the POST being refused for a login, bounded."""
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
    if fields:
        session[KEPT_FORM] = {"page": urlsplit(page).path, "fields": fields}


class BaseForm(FlaskForm):
    """Adds form-level messages and the expired-session path.

    When the CSRF token is missing or expired, the app re-runs the view with
    `g.csrf_error` set: the form then refuses to validate, so the page re-renders with
    what the user typed, a clear message and a fresh token — and nothing is done.
    """

    class Meta(FlaskForm.Meta):
        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """A file part only reaches a FileField: a file sent as `email` or `body` is
            simply absent, so the field answers "required" (it was a 500 in a length
            check, `FileStorage` has no len())."""
            data = super().wrap_formdata(form, formdata)
            if not isinstance(data, CombinedMultiDict):  # no file sent, or data given
                return data
            file_fields = {f.name for f in form if isinstance(f, FileField)}
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
        if has_request_context() and request.method == "GET":
            self._restore_kept()

    def _restore_kept(self) -> None:
        """Back on the form's page after logging in: fill in what was typed before."""
        from flask_login import current_user

        kept = session.get(KEPT_FORM)
        if not kept or kept.get("page") != request.path or not current_user.is_authenticated:
            return
        fields = MultiDict(
            [(name, v) for name, values in kept.get("fields", {}).items() for v in values]
        )
        matching = [f for f in self if f.name in fields and f.name != "csrf_token"]
        if not any(not f.short_name.endswith("_id") and f.type != "HiddenField" for f in matching):
            return
        for field in matching:
            field.process(fields, data=field.data)
        session.pop(KEPT_FORM, None)
        flash(KEPT_AFTER_LOGIN, "info")

    def validate(self, extra_validators: Any = None) -> bool:
        # Every one-line text field of every form refuses line breaks and other control
        # characters: they have no place in a name or a title, and break mail headers.
        extra = dict(extra_validators or {})
        for name, field in self._fields.items():
            if is_single_line(field):
                extra[name] = [*extra.get(name, ()), single_line]
        valid: bool = super().validate(extra_validators=extra)
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


class ButtonForm(BaseForm):
    """A form with only a button (support, follow, log out): still CSRF-protected."""


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

FORMAT_MESSAGE = _l(
    "This contains invisible characters that change how the text is shown (such as a "
    "writing direction mark). Remove them, for example by typing it again."
)


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(c) in SINGLE_LINE_REFUSED for c in value)


def is_hidden_format(char: str) -> bool:
    """A Unicode format character (Cf) other than the joiners names need."""
    return unicodedata.category(char) == "Cf" and char not in FORMAT_ALLOWED


def has_format_characters(value: str) -> bool:
    return any(is_hidden_format(c) for c in value)


def single_line(form: Any, field: Any) -> None:
    """Validator for names and titles (applied by BaseForm to every one-line field)."""
    if not isinstance(field.data, str):
        return
    if has_control_characters(field.data):
        raise ValidationError(SINGLE_LINE_MESSAGE)
    if has_format_characters(field.data):
        raise ValidationError(FORMAT_MESSAGE)
