"""Per-account limits on what people write (comments, supports, round input, posts) and
on mail sent to an address someone typed (invitations, login links, resets).

Counted per logged-in account, not per address: people share a library computer or a care
home's network, and one busy neighbour must not lock out the others. The limits are
settings (config.py) so operators and tests can change them. They are generous: meant
for scripts and runaway resending, never met by a person.

A visitor's mail to a typed address (forgot password, login link, register, the login
form's re-sent confirmation) is limited per typed address without ever saying so: the
answer must not tell whether an account exists (see `mail_limit`). `paused`,
`count_failure` and `forget_failures` make a pause that only failures count (login).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, flash, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter import RequestLimit, RouteLimit
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import RateLimitItem, parse_many

from burgerplatform.extensions import limiter

WAIT_A_MINUTE = _l(
    "You sent a lot in a short time. Wait a minute, then send it again. We kept your text."
)
PAGE_TITLE = _l("Please wait a minute")
PAGE_TEXT = _l(
    "You did this many times in a short time, so we paused it for a moment. "
    "Wait a minute, then try again."
)


def account_key() -> str:
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return f"address:{get_remote_address()}"


def per_account(setting: str, form_page: Callable[[str], object] | None = None) -> RouteLimit:
    """Limit a view's POSTs per account to the limit in config[setting].

    Put it under @requires, so the person is known (and allowed) first. When refused,
    `form_page(message)` re-renders the form with what was typed and the message (it is
    given the 429 status); without it, a short page says to wait a minute.
    """

    def refused(_limit: RequestLimit) -> Response:
        if form_page is not None:
            response = make_response(form_page(str(WAIT_A_MINUTE)))
        else:
            response = make_response(
                render_template("errors/error.html", code=429, title=PAGE_TITLE, text=PAGE_TEXT)
            )
        response.status_code = 429
        return response

    return limiter.limit(
        lambda: current_app.config[setting],
        key_func=account_key,
        methods=["POST"],
        on_breach=refused,
    )


# --- Mail to an address someone typed ----------------------------------------------------

MAIL_LIMIT_REACHED = _l(
    "We have sent several of these e-mails in a short time, so we wait before we send "
    "another. Try again later. We kept what you typed."
)
MAIL_CAP_REACHED = _l(
    "Today we have sent as many of these e-mails as we may. Try again tomorrow. We kept "
    "what you typed."
)


def typed_address() -> str:
    """The address typed in the form, as the accounts compare them (any letter case)."""
    return (request.form.get("email") or "").strip().lower()[:254]


# (limit, scope, key) of each limit that counts a request.
Rows = list[tuple[RateLimitItem, str, str]]


def _items(setting_or_limit: str) -> list[RateLimitItem]:
    value = current_app.config.get(setting_or_limit, setting_or_limit)
    return list(parse_many(value))


def _rows(limit: str, scope: str, key: str) -> Rows:
    # The installation's prefix, as Flask-Limiter puts before its own keys.
    scope = current_app.config.get("RATELIMIT_KEY_PREFIX", "") + scope
    return [(item, scope, key) for item in _items(limit)]


def _allowed(rows: Rows) -> bool:
    strategy = limiter.limiter
    return all(strategy.test(item, scope, key) for item, scope, key in rows)


def _hit(rows: Rows) -> None:
    strategy = limiter.limiter
    for item, scope, key in rows:
        strategy.hit(item, scope, key)


def mail_asked() -> None:
    """Called by a view under `mail_limit` once a request for a typed address is
    accepted (whether or not an account exists): this is what the per-address and
    per-network limits count, so they say nothing about who has an account."""
    g.mail_asked = True


def held_mail_reason() -> str | None:
    """Why mail of this request is held back (core/mail.queue_mail then logs it and
    sends nothing), or None."""
    reason: str | None = g.get("mail_held")
    return reason


def mail_limit(
    setting: str, side_effect: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Limit a view that mails an address a user typed. Put it under @requires.

    Logged in: per account (config[setting]) and for everyone together per day
    (MAIL_DAILY_CAP), counting requests that queued a mail. Past a limit the form comes
    back with what was typed, a message and status 429 (a redirect gets the message as a
    flash); nothing is sent.

    A visitor: the answer must never tell whether an account exists for the typed
    address, so past the limit per typed address (config[setting]) and past the daily
    cap the view answers exactly as below them, and the mail is silently held back and
    logged. Only the limit per network address (VISITOR_MAIL_RATE_LIMIT) is shown,
    with 429 and the form kept. The view calls `mail_asked()` for every accepted
    request, so those two count every request for an address, known or not; the cap
    counts mails sent. `side_effect=True`: the mail is a side effect of a request with
    another purpose (the login form re-sends a confirmation), which is then never
    refused: past any limit only the mail is held back.
    """

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if request.method != "POST" or not limiter.enabled:
                return view(*args, **kwargs)
            if current_user.is_authenticated:
                return _per_account(view, setting, args, kwargs)
            return _per_typed_address(view, setting, side_effect, args, kwargs)

        wrapped.mail_limit = setting  # type: ignore[attr-defined]
        return wrapped

    return decorator


def _cap_rows() -> Rows:
    return _rows("MAIL_DAILY_CAP", f"mail-cap:{request.endpoint or 'unknown'}", "everyone")


def _refuse(view: Callable[..., Any], message: object, args: Any, kwargs: Any) -> Response:
    g.form_refusal = str(message)
    response = make_response(view(*args, **kwargs))
    if response.status_code in (301, 302, 303, 307, 308):
        flash(str(message), "error")
    else:
        response.status_code = 429
    return response


def _per_account(view: Callable[..., Any], setting: str, args: Any, kwargs: Any) -> Response:
    scope = f"mail:{request.endpoint or 'unknown'}"
    own = _rows(setting, scope, f"account:{current_user.id}")
    cap = _cap_rows()
    if not _allowed(own):
        return _refuse(view, MAIL_LIMIT_REACHED, args, kwargs)
    if not _allowed(cap):
        return _refuse(view, MAIL_CAP_REACHED, args, kwargs)
    before = g.get("mails_queued", 0)
    response = make_response(view(*args, **kwargs))
    if g.get("mails_queued", 0) > before:
        _hit(own + cap)
    return response


def _per_typed_address(
    view: Callable[..., Any], setting: str, side_effect: bool, args: Any, kwargs: Any
) -> Response:
    scope = f"mail:{request.endpoint or 'unknown'}"
    address = _rows(setting, scope, f"address:{typed_address()}")
    network = _rows("VISITOR_MAIL_RATE_LIMIT", scope, f"visitor:{get_remote_address()}")
    cap = _cap_rows()
    if not side_effect and not _allowed(network):
        # Keyed on the network address, counted for every request: says nothing about
        # the typed address, so it may be shown.
        return _refuse(view, MAIL_LIMIT_REACHED, args, kwargs)
    if not _allowed(address):
        g.mail_held = "limit per typed address"
    elif not _allowed(cap):
        g.mail_held = "daily cap for everyone"
    elif side_effect and not _allowed(network):
        g.mail_held = "limit per network address"
    before = g.get("mails_queued", 0)
    response = make_response(view(*args, **kwargs))
    queued = g.get("mails_queued", 0) > before
    if g.get("mail_asked") or queued or g.get("mails_held"):
        _hit(address + network)
    if queued:
        _hit(cap)
    return response


# --- Failed attempts: a pause that only failures count --------------------------------


def paused(limit: str, scope: str, key: str) -> bool:
    """Whether failures for `key` reached `limit` (a limit string or a setting)."""
    return limiter.enabled and not _allowed(_rows(limit, scope, key))


def count_failure(limit: str, scope: str, key: str) -> None:
    if limiter.enabled:
        _hit(_rows(limit, scope, key))


def forget_failures(limit: str, scope: str, key: str) -> None:
    """A success: the failures before it no longer count."""
    if limiter.enabled:
        strategy = limiter.limiter
        for item, row_scope, row_key in _rows(limit, scope, key):
            strategy.clear(item, row_scope, row_key)
