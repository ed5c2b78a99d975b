"""Per-account limits on what people write: comments, supports, round input, posts.

Counted per logged-in account, not per address: people share a library computer or a care
home's network, and one busy neighbour must not lock out the others. The limits are
settings (config.py) so operators and tests can change them. They are generous: meant
for scripts and runaway resending, never met by a person.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, make_response, render_template
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_login import current_user

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
