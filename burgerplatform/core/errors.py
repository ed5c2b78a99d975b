"""Translated error pages (JSON under /api), and the expired-session re-render."""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Flask,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
)
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from burgerplatform.extensions import db, login_manager

log = logging.getLogger("burgerplatform")

ERROR_TEXTS = {
    400: (
        _l("Something in the request was not right"),
        _l("The page could not handle what was sent. Go back and try again."),
    ),
    403: (
        _l("You do not have access to this page"),
        _l(
            "This page is for people with another role. If you think you should have "
            "access, contact your zone."
        ),
    ),
    404: (
        _l("Page not found"),
        _l("This page does not exist (any more). Check the address or start on the home page."),
    ),
    405: (
        _l("This action is not possible here"),
        _l("The page does not accept this kind of request."),
    ),
    413: (_l("What you sent is too large"), _l("Make your text shorter and try again.")),
    429: (
        _l("Too many attempts"),
        _l("For your safety we paused this for a moment. Wait a few minutes and try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("We are sorry. Nothing you did caused this. Try again in a moment."),
    ),
    503: (
        _l("The platform is briefly unavailable"),
        _l("We are doing maintenance or restarting. Try again in a minute."),
    ),
}


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/healthz", "/metrics"))


def render_error(code: int) -> ResponseReturnValue:
    title, text = ERROR_TEXTS.get(code, ERROR_TEXTS[500])
    if _wants_json():
        return jsonify({"error": {"code": code, "message": str(title)}}), code
    return render_template("errors/error.html", code=code, title=title, text=text), code


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    if code not in ERROR_TEXTS:
        return error
    if error.response is not None and not _wants_json():
        # A page made for this refusal, e.g. a rate limit's form kept with what was typed.
        return error.response
    response = make_response(render_error(code))  # Flask-Limiter adds Retry-After itself
    # Headers the refusal carries by its meaning: `Allow` on a 405 (RFC 9110 requires
    # it), `WWW-Authenticate` on a 401. Our page replaces its body, not those.
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def handle_csrf_error(error: CSRFError) -> ResponseReturnValue:
    """Re-run the view with the form refusing to validate: it re-renders with what the
    user typed, a fresh token and a message. The view's commit wrapper rolls back, so
    nothing is done without a valid token.

    A button's view (nothing typed) answers the re-run with a redirect: a browser never
    follows a 400's Location, so the person is sent back to the page with a message to
    press again (a 303, the only answer that is not a dead end). A view that redirects
    although text was typed (a form on another page): the text is kept for that page,
    whose form shows it again (`keep_for_login`)."""
    view = None
    if request.method == "POST" and request.endpoint and not g.get("csrf_error"):
        from flask import current_app

        view = current_app.view_functions.get(request.endpoint)
    if view is None:
        return _page_open_too_long()
    g.csrf_error = True
    flashes = list(session.get("_flashes", []))
    try:
        response = make_response(view(**(request.view_args or {})))
    except HTTPException as refused:
        # The re-run refuses this user (no access, log in first): answer that, as the
        # view would have with a valid token. Raised from here, it would become a 500.
        db.session.rollback()
        return refused.get_response() if refused.code is None else handle_http_error(refused)
    db.session.rollback()
    if response.status_code in (301, 302, 303, 307, 308):
        from burgerplatform.core.forms import typed_in_refused_forms

        return _press_again(flashes, typed_in_refused_forms())
    if response.status_code < 400:
        response.status_code = 400
    return response


def _press_again(flashes: list[Any], typed: set[str]) -> ResponseReturnValue:
    """Back to the button's page, with only our message added: what the refused re-run
    flashed (a "done" that was not done, an error about nothing) is dropped. What was
    typed (the names of those fields) is kept for the form on that page, and the message
    says so; only when all of it fits in the session, else the button's message."""
    from burgerplatform.core.forms import (
        PAGE_OPEN_TOO_LONG,
        SESSION_EXPIRED,
        keep_for_login,
        page_to_press_again,
    )

    session["_flashes"] = flashes
    page = page_to_press_again()
    kept = bool(typed) and typed <= keep_for_login(page, until_login=False)
    flash(str(SESSION_EXPIRED if kept else PAGE_OPEN_TOO_LONG), "info")
    return redirect(page, 303)


def _page_open_too_long() -> ResponseReturnValue:
    """A refused token with no view to re-run: a page in the reader's language with a
    link back to where the person came from."""
    from burgerplatform.core.forms import PAGE_OPEN_TOO_LONG, page_to_press_again

    if _wants_json():
        return render_error(400)
    title = _l("This page was open too long")
    back = page_to_press_again()
    return (
        render_template(
            "errors/error.html", code=400, title=title, text=PAGE_OPEN_TOO_LONG, back=back
        ),
        400,
    )


def handle_database_down(error: Exception) -> ResponseReturnValue:
    """The database is unreachable (restarting, overloaded): a friendly 503 that needs no
    database itself (no user lookup), and the app recovers by itself when it returns."""
    db.session.rollback()
    # Render for an anonymous visitor: Flask-Login's template context would otherwise
    # load the user (or reload one the rollback expired) from the database that is away.
    g._login_user = login_manager.anonymous_user()
    log.error("database unavailable on %s %s: %s", request.method, request.path, error)
    title, text = ERROR_TEXTS[503]
    if _wants_json():
        return jsonify({"error": {"code": 503, "message": str(title)}}), 503
    return (
        render_template("errors/unavailable.html", title=title, text=text),
        503,
        {"Retry-After": "30"},
    )


def is_outage(error: Exception) -> bool:
    """Only a database that cannot be reached or used (connection refused or cut, server
    restarting, out of resources) is an outage. A refused write (a broken constraint, a
    value that does not fit) is a bug in the app: never the maintenance page."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    return isinstance(error, DBAPIError) and bool(error.connection_invalidated)


def handle_database_error(error: Exception) -> ResponseReturnValue:
    if is_outage(error):
        return handle_database_down(error)
    return handle_unexpected(error)


def handle_unexpected(error: Exception) -> ResponseReturnValue:
    db.session.rollback()
    log.error("unhandled error on %s %s", request.method, request.path, exc_info=error)
    return render_error(500)


def register_error_handlers(app: Flask) -> None:
    from sqlalchemy.exc import DBAPIError

    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(InternalServerError, lambda e: render_error(500))
    if not app.debug and not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
