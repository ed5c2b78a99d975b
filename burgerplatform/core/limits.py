"""Per-account limits on what people write (comments, supports, round input, posts) and
on mail sent to an address someone typed (invitations, login links, resets).

Counted per logged-in account, not per address: people share a library computer or a care
home's network, and one busy neighbour must not lock out the others. The limits are
settings (config.py) so operators and tests can change them. They are generous: meant
for scripts and runaway resending, never met by a person.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, flash, g, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user
from limits import parse_many

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


def per_account(setting: str, form_page: Callable[[str], object] | None = None):
    """Limit a view's POSTs per account to the limit in config[setting].

    Put it under @requires, so the person is known (and allowed) first. When refused,
    `form_page(message)` re-renders the form with what was typed and the message (it is
    given the 429 status); without it, a short page says to wait a minute.
    """

    def refused(_limit):
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


def _mail_keys(setting: str) -> list[tuple[str, str]]:
    """(setting, key) pairs that count this request: the logged-in account; for a visitor
    the account the typed address names (one mailbox cannot be flooded from many places)
    and the visitor's network address (nor many mailboxes from one place)."""
    if current_user.is_authenticated:
        return [(setting, f"account:{current_user.id}")]
    typed = (request.form.get("email") or "").strip().lower()[:254]
    return [
        (setting, f"address:{typed}"),
        ("VISITOR_MAIL_RATE_LIMIT", f"visitor:{get_remote_address()}"),
    ]


def _mail_limits(setting: str) -> list[tuple[object, str, str, object]]:
    """(limit, scope, key, message) for this request: the per-account limits and the cap
    for everyone together, all per route."""
    endpoint = request.endpoint or "unknown"
    config = current_app.config
    found = [
        (item, f"mail:{endpoint}", key, MAIL_LIMIT_REACHED)
        for name, key in _mail_keys(setting)
        for item in parse_many(config[name])
    ]
    found += [
        (item, f"mail-cap:{endpoint}", "everyone", MAIL_CAP_REACHED)
        for item in parse_many(config["MAIL_DAILY_CAP"])
    ]
    return found


def mail_limit(setting: str):
    """Limit a view that mails an address a user typed: per account (config[setting])
    and for everyone together per day (MAIL_DAILY_CAP). Put it under @requires.

    Only requests that really queued a mail count. When a limit is reached the view runs
    with its form refusing to validate (`g.form_refusal`), so the page comes back with
    what was typed and the message, with status 429, and nothing is sent; a view that
    answers with a redirect gets the message as a flash instead.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if request.method != "POST" or not limiter.enabled:
                return view(*args, **kwargs)
            strategy = limiter.limiter
            limits = _mail_limits(setting)
            refused = next((m for item, *keys, m in limits if not strategy.test(item, *keys)), None)
            if refused is not None:
                g.form_refusal = str(refused)
                response = make_response(view(*args, **kwargs))
                if response.status_code in (301, 302, 303, 307, 308):
                    flash(str(refused), "error")
                else:
                    response.status_code = 429
                return response
            before = g.get("mails_queued", 0)
            response = make_response(view(*args, **kwargs))
            if g.get("mails_queued", 0) > before:
                for item, *keys, _message in limits:
                    strategy.hit(item, *keys)
            return response

        wrapped.mail_limit = setting  # type: ignore[attr-defined]
        return wrapped

    return decorator
