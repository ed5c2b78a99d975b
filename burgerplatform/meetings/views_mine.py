"""My meetings: the logged-in person's meetings across all their spaces, with their
answer, and one personal calendar file of them."""

from __future__ import annotations

from flask import Response, render_template, request
from flask_babel import gettext
from flask_login import current_user

from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import LOGGED_IN, requires
from burgerplatform.core.urls import absolute_url
from burgerplatform.meetings import bp, mine, services


def _list(past: bool):
    meetings = mine.meetings_of(current_user, past=past, at=cursors_from(request.args))
    return render_template("meetings/mine.html", meetings=meetings, past=past)


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
    # Outside the f-string below: extraction reads no call inside one.
    name = gettext("my-meetings")
    return Response(
        body,
        mimetype="text/calendar",
        headers={
            # A file name in the reader's language, ASCII so every mail and calendar keeps it.
            "Content-Disposition": f'attachment; filename="{name}.ics"',
            # Personal: never kept by a shared cache.
            "Cache-Control": "private, no-store",
        },
    )
