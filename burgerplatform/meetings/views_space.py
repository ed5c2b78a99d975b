"""The meetings of one space: the list, the iCal feed and planning a new meeting.

Generic URLs name the space (/meetings/in/proeftuin:3/); the zorgraad's meetings also
have zone URLs (/<zone_slug>/meetings/) that show the same pages.
"""

from __future__ import annotations

from flask import Response, abort, g, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from burgerplatform.core.forms import handle
from burgerplatform.core.pagination import cursors_from
from burgerplatform.core.permissions import PUBLIC, ZONE_STAFF, Rule, requires
from burgerplatform.core.urls import absolute_url
from burgerplatform.meetings import bp, planning, services, spaces
from burgerplatform.meetings.forms import MeetingForm, to_utc
from burgerplatform.zones import zone_blueprint


def load_space() -> str:
    """The space named by the URL; one the user may not see does not exist (404)."""
    if "meeting_space" not in g:
        space = str((request.view_args or {}).get("space", ""))
        spaces.parse(space)  # 404 for an unknown kind of space
        if not spaces.can_view(current_user, space):
            abort(404)
        g.meeting_space = space
    return g.meeting_space


SPACE_VISIBLE = Rule("meeting_space_visible", lambda u: bool(load_space()), needs_login=False)
SPACE_MANAGER = Rule("meeting_space_manager", lambda u: spaces.can_manage(u, load_space()))


def space_list(space: str):
    policy, space_id = spaces.parse(space)
    meetings = planning.in_space(space, cursors_from(request.args))
    return render_template(
        "meetings/index.html",
        space=space,
        meetings=meetings,
        space_label=policy.label(space_id),
        space_url=policy.url(space_id),
        may_manage=spaces.can_manage(current_user, space),
        new_url=_new_url(space),
    )


def _new_url(space: str) -> str:
    prefix, _, raw_id = space.partition(":")
    if prefix == "zone" and g.get("zone") is not None:
        return url_for("zone_meetings.new")
    return url_for("meetings.new_in_space", space=space)


def space_feed(space: str) -> Response:
    policy, space_id = spaces.parse(space)
    meetings = planning.in_space(space, per_page=200).items
    body = services.to_ical(
        meetings,
        policy.label(space_id),
        lambda m: absolute_url("meetings.show", uid=m.uid),
    )
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="meetings.ics"'},
    )


def meeting_form_page(space: str, form, meeting=None):
    """The page with the form to plan (or edit) a meeting, as `core.forms.handle` asks for
    it: a function of the status."""
    policy, space_id = spaces.parse(space)

    def page(status: int):
        return render_template(
            "meetings/form.html",
            form=form,
            meeting=meeting,
            space_label=policy.label(space_id),
            space_url=policy.url(space_id),
        ), status

    return page


def plan(space: str):
    form = MeetingForm()
    return handle(
        form,
        lambda: planning.plan_meeting(
            space,
            current_user,
            title=form.title.data,
            starts_at=to_utc(form.starts_at.data),
            ends_at=to_utc(form.ends_at.data),
            location=form.location.data or "",
            online_url=form.online_url.data or "",
            agenda=form.agenda.data or "",
        ),
        done=_l("The meeting is planned. Its members are told."),
        then=lambda meeting: url_for("meetings.show", uid=meeting.uid),
        page=meeting_form_page(space, form),
        once=True,
    )


@bp.route("/in/<space>/")
@requires(SPACE_VISIBLE)
def in_space(space: str):
    return space_list(load_space())


@bp.route("/in/<space>/calendar.ics")
@requires(SPACE_VISIBLE)
def feed(space: str):
    return space_feed(load_space())


@bp.route("/in/<space>/new", methods=["GET", "POST"])
@requires(SPACE_MANAGER)
def new_in_space(space: str):
    return plan(load_space())


# --- The zorgraad's meetings under the zone's URL ------------------------------------

zone_bp = zone_blueprint("zone_meetings", __name__, "/meetings")


@zone_bp.route("/")
@requires(PUBLIC)
def index():
    return space_list(f"zone:{g.zone.id}")


@zone_bp.route("/calendar.ics")
@requires(PUBLIC)
def zone_feed():
    return space_feed(f"zone:{g.zone.id}")


@zone_bp.route("/new", methods=["GET", "POST"])
@requires(ZONE_STAFF)
def new():
    return plan(f"zone:{g.zone.id}")
