"""My meetings: the logged-in person's meetings across all their spaces, with their
answer, and one personal calendar file of them."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext
from flask_login import current_user

from burgerplatform.core.permissions import LOGGED_IN, requires
from burgerplatform.core.urls import absolute_url
from burgerplatform.meetings import bp, mine, services


def _page() -> int:
    # Bounded: a page number too large for the database's OFFSET would be a 500.
    return min(max(request.args.get("page", 1, type=int) or 1, 1), 10_000)


def _list(past: bool):
    page = _page()
    meetings, has_next = mine.meetings_of(current_user, past=past, page=page)
    return render_template(
        "meetings/mine.html", meetings=meetings, past=past, page=page, has_next=has_next
    )


@bp.route("/mine")
@requires(LOGGED_IN)
def mine_upcoming():
    return _list(past=False)


@bp.route("/mine/past")
@requires(LOGGED_IN)
def mine_past():
    return _list(past=True)


@bp.route("/mine/calendar.ics")
@requires(LOGGED_IN)
def mine_calendar():
    body = services.to_ical(
        mine.calendar_of(current_user),
        gettext("My meetings"),
        lambda m: absolute_url("meetings.show", uid=m.uid),
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            "Content-Disposition": 'attachment; filename="my-meetings.ics"',
            # Personal: never kept by a shared cache.
            "Cache-Control": "private, no-store",
        },
    )
