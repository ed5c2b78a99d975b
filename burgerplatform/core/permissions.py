"""The one permission mechanism.

Every view declares who may use it with `@requires(rule)`. The declaration lives on
the view function, so a test can walk `app.url_map` and fail on any endpoint that has
none. A rule is a named check of the current user in this request, not a pure
predicate: zone rules read `g.zone` (set from the URL before the view runs), so "staff"
always means "staff of *this* zone" and one zone's staff can never act in another; a rule
about one object (a round, a proeftuin, a moderated item) loads it from the URL, caches it
on `g` for the view, and ends the request with 404 when it is missing or another zone's.
So check a rule where a request is under way (`@requires`, or `can()` in a page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import abort, current_app, flash, g, make_response, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.core.roles import Role
from burgerplatform.extensions import db

# Takes the current user, answers yes or no; may load (and cache on `g`) the object of
# the URL, and abort with 404 when there is none.
Check = Callable[[Any], bool]


@dataclass(frozen=True)
class Rule:
    """Who may use a view: a named check (see the module's docstring for what it may do)."""

    name: str
    check: Check
    # Anonymous visitors who fail a rule that needs a login are sent to log in, not refused.
    needs_login: bool = True

    def allows(self, user: Any) -> bool:
        if self.needs_login and not user.is_authenticated:
            return False
        return bool(self.check(user))

    def __or__(self, other: Rule) -> Rule:
        return Rule(
            f"{self.name} | {other.name}",
            lambda u: self.allows(u) or other.allows(u),
            needs_login=self.needs_login and other.needs_login,
        )


def _zone_id() -> int | None:
    zone = g.get("zone")
    return zone.id if zone is not None else None


PUBLIC = Rule("public", lambda u: True, needs_login=False)
LOGGED_IN = Rule("logged_in", lambda u: True)
ADMIN = Rule("admin", lambda u: u.is_admin)


def zone_role(*roles: Role) -> Rule:
    """Holds one of `roles` in the zone named by the URL (platform admins always pass)."""
    names = ",".join(r.value for r in roles)
    return Rule(
        f"zone:{names}",
        lambda u: u.is_admin or (_zone_id() is not None and u.has_role(_zone_id(), *roles)),
    )


def is_zone_staff(user: Any, zone_id: int | None = None) -> bool:
    """The one meaning of "staff of this zone": a logged-in person with the staff role in
    zone `zone_id` (by default the zone of the URL), or a platform admin. `ZONE_STAFF`
    is the same test as a rule for `@requires`."""
    zone_id = _zone_id() if zone_id is None else zone_id
    return bool(
        user.is_authenticated
        and (user.is_admin or (zone_id is not None and user.has_role(zone_id, Role.STAFF)))
    )


ZONE_STAFF = Rule(f"zone:{Role.STAFF.value}", is_zone_staff)
ZONE_ZORGRAAD = zone_role(Role.STAFF, Role.ZORGRAAD_MEMBER)
ZONE_COACH = zone_role(Role.COACH)


# Run after a view succeeded and before its commit, so what they write (the audit log)
# lands in the same transaction as the work. Modules append to it; core imports none.
after_success: list[Callable[[Rule, Any], None]] = []


def requires(rule: Rule) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and enforce who may use a view, and commit its work once at the end."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            enforce(rule)
            response = make_response(view(*args, **kwargs))
            # One commit per request, here: services only flush. An error page, or a
            # re-run after an expired CSRF token, writes nothing.
            if g.get("csrf_error") or response.status_code >= 400:
                db.session.rollback()
            else:
                for hook in after_success:
                    hook(rule, response)
                db.session.commit()
            return response

        wrapped.permission = rule  # type: ignore[attr-defined]
        return wrapped

    return decorator


def enforce(rule: Rule) -> None:
    if rule.allows(current_user):
        return
    if rule.needs_login and not current_user.is_authenticated:
        message = _l("Please log in to continue.")
        target = request.full_path.rstrip("?")
        if request.method != "GET":
            # After login the browser GETs `next`: for a POST that must be the page with
            # the form (a POST-only URL would answer 405), and what was typed is kept;
            # the login page says so.
            from burgerplatform.core.forms import (
                KEPT_FOR_LOGIN,
                fallback_page,
                form_page_of_post,
                keep_for_login,
                kept_typed_text,
            )

            target = form_page_of_post() or fallback_page()
            if keep_for_login(target) and kept_typed_text():
                message = KEPT_FOR_LOGIN
        flash(message, "info")
        abort(redirect(url_for("accounts.login", next=target)))
    abort(403)


def can(rule: Rule) -> bool:
    """For templates and services: would the current user pass `rule`? (Within a request:
    an object rule loads the URL's object and aborts with 404 when it is missing.)"""
    return rule.allows(current_user)


def permission_of(endpoint: str) -> Rule | None:
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "permission", None)
